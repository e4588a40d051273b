/* utf8_valid and utf8_count against each other and against a reference decoder. */
#include "fuzz_common.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        /* Exactly size bytes, no terminator: utf8_valid must not look past len. */
        char *raw = malloc(size ? size : 1);
        char *s = fuzz_strndup(data, size);
        bool has_nul = memchr(data, 0, size) != NULL;
        long ref = fuzz_utf8_ref_count(data, size);
        bool valid;
        long count;

        if (!raw)
                abort();
        if (size)
                memcpy(raw, data, size);
        valid = utf8_valid(raw, size);
        FUZZ_CHECK(valid == (ref >= 0), "utf8_valid=%d, reference count %ld (size %zu)", valid, ref,
                   size);

        count = utf8_count(s);
        if (!has_nul) {
                FUZZ_CHECK((count >= 0) == valid, "utf8_count=%ld but utf8_valid=%d", count, valid);
                FUZZ_CHECK(count <= (long) size, "utf8_count=%ld > %zu bytes", count, size);
                FUZZ_CHECK(count == ref, "utf8_count=%ld, reference %ld", count, ref);
        } else {
                /* A C string ends at its first NUL: count what precedes it. */
                size_t len = strlen(s);
                long ref_prefix = fuzz_utf8_ref_count(data, len);

                FUZZ_CHECK(count == ref_prefix, "utf8_count=%ld, reference %ld on %zu-byte prefix",
                           count, ref_prefix, len);
                FUZZ_CHECK((count >= 0) == utf8_valid(s, len), "prefix: count and valid disagree");
        }
        if (valid) {
                /* A valid string has one code point per byte that is not a continuation byte, and
                 * a split at such a byte leaves two valid halves (checked at up to ~32 places, so
                 * that long inputs stay linear). */
                long leads = 0;
                size_t step = size / 32 + 1;

                for (size_t i = 0; i < size; i++) {
                        if ((data[i] & 0xC0) != 0x80) {
                                leads++;
                                if (i % step == 0 || i + 1 == size)
                                        FUZZ_CHECK(utf8_valid(raw, i) && utf8_valid(raw + i, size - i),
                                                   "split at lead byte %zu of a valid string", i);
                        } else if (i % step == 0 && utf8_valid(raw, i))
                                FUZZ_CHECK(false, "prefix ending inside a character at %zu is valid", i);
                }
                FUZZ_CHECK(leads == ref, "%ld lead bytes, %ld code points", leads, ref);
        }
        FUZZ_CHECK(utf8_valid(raw, 0), "the empty string is valid UTF-8");
        free(raw);
        free(s);
        return 0;
}
