#include "util/utf8.h"

#include <string.h>

/* Length of the well-formed sequence at s[0..avail), or 0 if it is not one. The ranges for the
 * second byte are those of Unicode's table 3-7: they are what excludes overlong forms (E0 80..9F,
 * F0 80..8F), surrogates (ED A0..BF) and code points above U+10FFFF (F4 90.., F5..FF). */
static size_t seq_len(const unsigned char *s, size_t avail)
{
        unsigned char b0 = s[0], lo = 0x80, hi = 0xBF;
        size_t n;

        if (b0 < 0x80)
                return 1;
        if (b0 >= 0xC2 && b0 <= 0xDF)
                n = 2;
        else if (b0 >= 0xE0 && b0 <= 0xEF) {
                n = 3;
                if (b0 == 0xE0)
                        lo = 0xA0;
                else if (b0 == 0xED)
                        hi = 0x9F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                n = 4;
                if (b0 == 0xF0)
                        lo = 0x90;
                else if (b0 == 0xF4)
                        hi = 0x8F;
        } else
                return 0; /* continuation byte first, C0/C1 (always overlong), F5..FF */

        if (avail < n)
                return 0;
        if (s[1] < lo || s[1] > hi)
                return 0;
        for (size_t i = 2; i < n; i++)
                if ((s[i] & 0xC0) != 0x80)
                        return 0;
        return n;
}

bool utf8_valid(const char *s, size_t len)
{
        const unsigned char *p = (const unsigned char *) s;

        if (!s)
                return len == 0;
        while (len > 0) {
                size_t n = seq_len(p, len);

                if (n == 0)
                        return false;
                p += n;
                len -= n;
        }
        return true;
}

long utf8_count(const char *s)
{
        const unsigned char *p = (const unsigned char *) s;
        size_t len;
        long count = 0;

        if (!s)
                return -1;
        len = strlen(s);
        while (len > 0) {
                size_t n = seq_len(p, len);

                if (n == 0)
                        return -1;
                p += n;
                len -= n;
                count++;
        }
        return count;
}

size_t utf8_decode(const char *s, size_t len, unsigned long *ret_cp)
{
        const unsigned char *p = (const unsigned char *) s;
        static const unsigned char lead_mask[5] = { 0, 0x7F, 0x1F, 0x0F, 0x07 };
        unsigned long cp;
        size_t n;

        if (!s || len == 0)
                return 0;
        n = seq_len(p, len);
        if (n == 0)
                return 0;
        cp = p[0] & lead_mask[n];
        for (size_t i = 1; i < n; i++)
                cp = (cp << 6) | (p[i] & 0x3F);
        *ret_cp = cp;
        return n;
}
