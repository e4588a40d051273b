/* Reading CSV uploads: RFC 4180 quoting, every line ending, records numbered as a spreadsheet
 * numbers rows, UTF-8 with or without BOM and GB18030 (what Chinese Excel saves), and the files
 * that are refused. */
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/csv_read.h"

static struct sheet *read_ok(const char *data, size_t n)
{
        struct sheet *s = NULL;
        const char *err = NULL;

        if (csv_read(data, n, &s, &err) < 0)
                fail_msg("refused: %s", err);
        return s;
}

static struct sheet *read_str(const char *text)
{
        return read_ok(text, strlen(text));
}

static void refused(const char *data, size_t n, const char *want)
{
        struct sheet *s = (struct sheet *) 0x1;
        const char *err = NULL;

        assert_true(csv_read(data, n, &s, &err) < 0);
        assert_ptr_equal(s, (struct sheet *) 0x1);
        assert_non_null(err);
        if (!strstr(err, want))
                fail_msg("message \"%s\" does not say \"%s\"", err, want);
}

static void assert_row(const struct sheet *s, size_t i, uint32_t number, size_t n_cells, ...)
{
        const struct sheet_row *r;
        va_list ap;

        assert_true(i < s->n_rows);
        r = &s->rows[i];
        assert_int_equal(r->number, number);
        assert_int_equal(r->n_cells, n_cells);
        va_start(ap, n_cells);
        for (size_t c = 0; c < n_cells; c++) {
                const char *want = va_arg(ap, const char *);

                if (!want)
                        assert_null(sheet_cell(r, c));
                else
                        assert_string_equal(sheet_cell(r, c), want);
        }
        va_end(ap);
}

static void test_plain(void **state)
{
        struct sheet *s = read_str("姓名,工作单位,手机号\n张伟,东南大学,13912345678\n");

        (void) state;
        assert_int_equal(s->n_rows, 2);
        assert_row(s, 0, 1, 3, "姓名", "工作单位", "手机号");
        assert_row(s, 1, 2, 3, "张伟", "东南大学", "13912345678");
        sheet_free(s);
}

static void test_line_endings_and_empty_lines(void **state)
{
        /* CRLF, a lone CR, an empty line (row 3 is empty but counted), no final line break */
        struct sheet *s = read_str("a,b\r\nc,d\r\r\ne,f\rg,,\n,,\n h ");

        (void) state;
        assert_int_equal(s->n_rows, 5);
        assert_row(s, 0, 1, 2, "a", "b");
        assert_row(s, 1, 2, 2, "c", "d");
        assert_row(s, 2, 4, 2, "e", "f");
        assert_row(s, 3, 5, 1, "g");            /* trailing empty fields are no cells */
        assert_row(s, 4, 7, 1, " h ");          /* row 6 is all empty; spaces are kept */
        sheet_free(s);
}

static void test_quoting(void **state)
{
        struct sheet *s = read_str("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"\"\n"
                                   "x\"y,\"q\"z, \"s\"\n"
                                   "\"江苏省数据局；\r\n南京大学\",last\n");

        (void) state;
        assert_int_equal(s->n_rows, 3);
        assert_row(s, 0, 1, 3, "a,b", "say \"hi\"", "two\nlines");
        /* a quote inside an unquoted field is a character; text after a closing quote is kept */
        assert_row(s, 1, 2, 3, "x\"y", "qz", " \"s\"");
        /* a line break inside quotes does not start a row */
        assert_row(s, 2, 3, 2, "江苏省数据局；\r\n南京大学", "last");
        sheet_free(s);
}

static void test_bom(void **state)
{
        struct sheet *s = read_str("\xEF\xBB\xBF姓名,手机号\n张伟,13912345678\n");

        (void) state;
        assert_row(s, 0, 1, 2, "姓名", "手机号");
        sheet_free(s);
}

/* text in GB18030 by iconv, as Excel's "CSV（逗号分隔）" saves it on a Chinese Windows. */
static char *to_gb18030(const char *utf8, size_t *ret_len)
{
        iconv_t cd = iconv_open("GB18030", "UTF-8");
        size_t in_left = strlen(utf8), cap = in_left * 2 + 8, out_left = cap;
        char *out = malloc(cap), *src = (char *) utf8, *dst = out;

        assert_true(cd != (iconv_t) -1);
        assert_true(iconv(cd, &src, &in_left, &dst, &out_left) != (size_t) -1);
        iconv_close(cd);
        *ret_len = cap - out_left;
        return out;
}

static void test_gb18030(void **state)
{
        /* 𠀀 (U+20000) is a four-byte GB18030 character, 中 a two-byte one */
        static const char text[] = "姓名,工作单位,专业领域\r\n"
                                   "张伟,\"东南大学，计算机学院\",数字经济类、数字治理类\r\n"
                                   "𠀀中,ＡＢＣ（南京）有限公司,智慧民生类\r\n";
        size_t n;
        char *gb = to_gb18030(text, &n);
        struct sheet *s;

        (void) state;
        assert_int_not_equal(n, strlen(text));
        s = read_ok(gb, n);
        assert_int_equal(s->n_rows, 3);
        assert_row(s, 0, 1, 3, "姓名", "工作单位", "专业领域");
        assert_row(s, 1, 2, 3, "张伟", "东南大学，计算机学院", "数字经济类、数字治理类");
        assert_row(s, 2, 3, 3, "𠀀中", "ＡＢＣ（南京）有限公司", "智慧民生类");
        sheet_free(s);
        free(gb);

        /* GB18030's own byte order mark (U+FEFF) is skipped too */
        gb = to_gb18030("\xEF\xBB\xBF姓名,手机号\n", &n);
        s = read_ok(gb, n);
        assert_row(s, 0, 1, 2, "姓名", "手机号");
        sheet_free(s);
        free(gb);
}

static void test_refused(void **state)
{
        (void) state;
        refused("a,b\n\"open,c\n", strlen("a,b\n\"open,c\n"), "引号");
        refused("a,\0b\n", 5, "文本");
        /* 0xFF is neither UTF-8 nor GB18030 */
        refused("a,\xFF\xFF\n", 5, "编码");
}

static void test_limits(void **state)
{
        struct buf b = BUF_INIT(0);
        struct sheet *s;

        (void) state;
        for (int i = 1; i <= 5000; i++)
                buf_printf(&b, "%d\n", i);
        s = read_ok(b.data, b.len);
        assert_int_equal(s->n_rows, 5000);
        sheet_free(s);
        buf_puts(&b, "5001\n");
        refused(b.data, b.len, "5000 行");
        /* empty lines do not count */
        buf_reset(&b);
        for (int i = 1; i <= 5000; i++)
                buf_printf(&b, "%d\n\n,,\n", i);
        s = read_ok(b.data, b.len);
        assert_int_equal(s->n_rows, 5000);
        assert_int_equal(s->rows[4999].number, 3 * 4999 + 1);
        sheet_free(s);

        buf_reset(&b);
        for (int i = 0; i < 99; i++)
                buf_puts(&b, "x,");
        buf_puts(&b, "last\n");
        s = read_ok(b.data, b.len);
        assert_int_equal(s->rows[0].n_cells, 100);
        sheet_free(s);
        buf_reset(&b);
        for (int i = 0; i < 100; i++)
                buf_puts(&b, ",");
        buf_puts(&b, "x\n");
        refused(b.data, b.len, "100 列");
        buf_free(&b);

        {
                size_t n = SHEET_MAX_BYTES + 1;
                char *big = malloc(n);

                memset(big, 'a', n);
                refused(big, n, "16 MB");
                free(big);
        }
}

static void test_empty(void **state)
{
        struct sheet *s = read_ok("", 0);

        (void) state;
        assert_int_equal(s->n_rows, 0);
        sheet_free(s);
        s = read_str("\n\r\n,,,\n");
        assert_int_equal(s->n_rows, 0);
        sheet_free(s);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_plain),
                cmocka_unit_test(test_line_endings_and_empty_lines),
                cmocka_unit_test(test_quoting),
                cmocka_unit_test(test_bom),
                cmocka_unit_test(test_gb18030),
                cmocka_unit_test(test_refused),
                cmocka_unit_test(test_limits),
                cmocka_unit_test(test_empty),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
