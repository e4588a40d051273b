/* UTF-8 checks and character counting.
 * The notice's text limits ("不超过 300 字") count Unicode characters, never bytes. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, max U+10FFFF). */
bool utf8_valid(const char *s, size_t len);

/* Number of code points in the NUL-terminated string s, or -1 if it is not valid UTF-8. */
long utf8_count(const char *s);

/* Decodes the well-formed sequence at s[0..len): its length in bytes (1..4) and *ret_cp, or 0 when
 * the bytes there are not one (then *ret_cp is untouched). For walking text a character at a time. */
size_t utf8_decode(const char *s, size_t len, unsigned long *ret_cp);
