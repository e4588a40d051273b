/* Shared by the libFuzzer harnesses: an invariant check that names itself before aborting, and
 * helpers that are written independently of src/ so that the harnesses compare, not repeat. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* abort() makes libFuzzer save the input as crash-<sha1> and stop, like a sanitizer report. */
#define FUZZ_CHECK(cond, ...)                                                                      \
        do {                                                                                       \
                if (!(cond)) {                                                                     \
                        fprintf(stderr, "\nINVARIANT FAILED %s:%d: %s\n  ", __FILE__, __LINE__,    \
                                #cond);                                                            \
                        fprintf(stderr, __VA_ARGS__);                                              \
                        fputc('\n', stderr);                                                       \
                        abort();                                                                   \
                }                                                                                  \
        } while (0)

/* A NUL-terminated copy of data in a buffer of exactly size + 1 bytes, so that ASan reports any
 * read past the terminator. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
        char *s = malloc(size + 1);

        if (!s)
                abort();
        if (size)
                memcpy(s, data, size);
        s[size] = '\0';
        return s;
}

/* Reference UTF-8 decoder, by code point value rather than by byte ranges (the way src/ does it):
 * decode, then refuse overlong forms, surrogates and values above U+10FFFF. Returns the number of
 * code points, or -1. */
static inline long fuzz_utf8_ref_count(const unsigned char *s, size_t len)
{
        long count = 0;
        size_t i = 0;

        while (i < len) {
                unsigned char b = s[i];
                uint32_t cp, min;
                size_t n;

                if (b < 0x80) {
                        i++;
                        count++;
                        continue;
                } else if ((b & 0xE0) == 0xC0) {
                        n = 2, cp = b & 0x1F, min = 0x80;
                } else if ((b & 0xF0) == 0xE0) {
                        n = 3, cp = b & 0x0F, min = 0x800;
                } else if ((b & 0xF8) == 0xF0) {
                        n = 4, cp = b & 0x07, min = 0x10000;
                } else
                        return -1;
                if (len - i < n)
                        return -1;
                for (size_t k = 1; k < n; k++) {
                        if ((s[i + k] & 0xC0) != 0x80)
                                return -1;
                        cp = (cp << 6) | (s[i + k] & 0x3F);
                }
                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                        return -1;
                i += n;
                count++;
        }
        return count;
}

/* True when v is a JSON string that a person can be shown: non-empty, no NUL, valid UTF-8. */
static inline bool fuzz_good_message(json_t *v)
{
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);

        return s && len > 0 && strlen(s) == len &&
               fuzz_utf8_ref_count((const unsigned char *) s, len) > 0;
}

/* Every value of the problems object is a good message. */
static inline void fuzz_check_problems(json_t *problems)
{
        const char *key;
        json_t *v;

        FUZZ_CHECK(json_is_object(problems), "problems is not an object");
        json_object_foreach(problems, key, v) {
                FUZZ_CHECK(fuzz_good_message(v), "problem \"%s\" has no readable message", key);
        }
}
