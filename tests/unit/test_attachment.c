/* Recognising attachments by content: the magic numbers, and DOCX by its zip directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/attachment.h"

static enum file_type sniff(const void *p, size_t n)
{
        struct sniffer s;
        sniffer_init(&s);
        /* fed a byte at a time: a type must not depend on how the body was chunked */
        for (size_t i = 0; i < n; i++)
                sniffer_feed(&s, (const char *)p + i, 1);
        return sniffer_finish(&s, false);
}

static void test_magic_numbers(void **state)
{
        (void)state;
        assert_int_equal(sniff("%PDF-1.7\n", 9), FT_PDF);
        assert_int_equal(sniff("\xFF\xD8\xFF\xE0", 4), FT_JPEG);
        assert_int_equal(sniff("\x89PNG\r\n\x1a\n", 8), FT_PNG);
        assert_int_equal(sniff("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), FT_DOC);
        assert_int_equal(sniff("<html><body>", 12), FT_UNKNOWN);
        assert_int_equal(sniff("%PDF", 4), FT_UNKNOWN);
        assert_int_equal(sniff("\x89PNG\r\n\x1a", 7), FT_UNKNOWN);
        assert_int_equal(sniff("", 0), FT_UNKNOWN);
        /* a zip is a DOCX only when its directory says so */
        struct sniffer s;
        sniffer_init(&s);
        sniffer_feed(&s, "PK\3\4rest", 8);
        assert_true(sniffer_is_zip(&s));
        assert_int_equal(sniffer_finish(&s, false), FT_UNKNOWN);
        assert_int_equal(sniffer_finish(&s, true), FT_DOCX);
}

/* Writes a minimal zip (stored entries, no data) with the given names; returns its size. */
static size_t make_zip(unsigned char *out, const char *const *names, size_t count, const char *comment)
{
        size_t at = 0, offsets[8];
        for (size_t i = 0; i < count; i++) {
                size_t nl = strlen(names[i]);
                offsets[i] = at;
                memset(out + at, 0, 30);
                memcpy(out + at, "PK\3\4", 4);
                out[at + 26] = (unsigned char)nl;
                memcpy(out + at + 30, names[i], nl);
                at += 30 + nl;
        }
        size_t cd = at;
        for (size_t i = 0; i < count; i++) {
                size_t nl = strlen(names[i]);
                memset(out + at, 0, 46);
                memcpy(out + at, "PK\1\2", 4);
                out[at + 28] = (unsigned char)nl;
                out[at + 42] = (unsigned char)offsets[i];
                memcpy(out + at + 46, names[i], nl);
                at += 46 + nl;
        }
        size_t cd_size = at - cd, cl = strlen(comment);
        memset(out + at, 0, 22);
        memcpy(out + at, "PK\5\6", 4);
        out[at + 10] = out[at + 8] = (unsigned char)count;
        out[at + 12] = (unsigned char)cd_size;
        out[at + 13] = (unsigned char)(cd_size >> 8);
        out[at + 16] = (unsigned char)cd;
        out[at + 17] = (unsigned char)(cd >> 8);
        out[at + 20] = (unsigned char)cl;
        memcpy(out + at + 22, comment, cl);
        return at + 22 + cl;
}

static bool docx(const unsigned char *zip, size_t n)
{
        uint64_t off, size;
        if (!zip_find_directory(zip, n, n, &off, &size))
                return false;
        return zip_directory_has(zip + off, (size_t)size, "word/document.xml");
}

static void test_docx_by_directory(void **state)
{
        (void)state;
        unsigned char zip[2048];
        const char *word[] = { "[Content_Types].xml", "word/document.xml" };
        const char *other[] = { "readme.txt" };
        const char *near[] = { "word/document.xml.bak", "xword/document.xml" };
        assert_true(docx(zip, make_zip(zip, word, 2, "")));
        assert_true(docx(zip, make_zip(zip, word, 2, "a comment")));
        assert_false(docx(zip, make_zip(zip, other, 1, "")));
        assert_false(docx(zip, make_zip(zip, near, 2, "")));
        /* the name merely appearing in the bytes is not an entry */
        assert_false(docx(zip, make_zip(zip, other, 1, "see word/document.xml")));
        /* truncated or garbage */
        size_t n = make_zip(zip, word, 2, "");
        assert_false(docx(zip, n - 1));
        uint64_t off, size;
        assert_false(zip_find_directory((const unsigned char *)"not a zip at all, no record here", 33, 33, &off, &size));
}

static void test_kinds(void **state)
{
        (void)state;
        assert_int_equal(attachment_kind_parse("stamped_form"), ATT_STAMPED_FORM);
        assert_int_equal(attachment_kind_parse("nope"), ATT_NONE);
        assert_int_equal(attachment_kind_parse(NULL), ATT_NONE);
        assert_true(attachment_type_allowed(ATT_STAMPED_FORM, FT_PDF));
        assert_true(attachment_type_allowed(ATT_STAMPED_FORM, FT_PNG));
        assert_false(attachment_type_allowed(ATT_STAMPED_FORM, FT_DOCX));
        assert_false(attachment_type_allowed(ATT_STAMPED_FORM, FT_UNKNOWN));
        assert_true(attachment_type_allowed(ATT_DETAILED_MATERIALS, FT_DOCX));
        assert_true(attachment_type_allowed(ATT_DETAILED_MATERIALS, FT_DOC));
        for (int k = 0; k < ATT_KIND_COUNT_; k++)
                assert_int_equal(attachment_kind_parse(attachment_kind_code((enum attachment_kind)k)), k);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_magic_numbers),
                cmocka_unit_test(test_docx_by_directory),
                cmocka_unit_test(test_kinds),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
