#include "util/money.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

int money_parse(const char *s, int64_t *ret)
{
        int64_t v = 0;
        int decimals = 0;
        const char *p = s;

        if (!s || !ret)
                return -EINVAL;
        if (*p < '0' || *p > '9')
                return -EINVAL; /* also refuses "", "+1", "-1", " 5", ".5" */
        for (; *p >= '0' && *p <= '9'; p++) {
                v = v * 10 + (*p - '0');
                /* Checked on every digit, so v never overflows however many digits follow. */
                if (v > MONEY_MAX)
                        return -ERANGE;
        }
        if (*p == '.') {
                p++;
                for (; *p >= '0' && *p <= '9'; p++) {
                        if (++decimals > 2)
                                return -EINVAL;
                        v = v * 10 + (*p - '0');
                }
                if (decimals == 0)
                        return -EINVAL; /* "5." */
        }
        if (*p != '\0')
                return -EINVAL; /* exponents, spaces, a second dot, anything else */
        for (; decimals < 2; decimals++)
                v *= 10;
        if (v > MONEY_MAX)
                return -ERANGE;
        *ret = v;
        return 0;
}

int money_from_double(double v, int64_t *ret)
{
        double scaled;
        int64_t h;

        if (!ret)
                return -EINVAL;
        if (!(v >= 0))
                return -EINVAL; /* negative, or NaN (every comparison with NaN is false) */
        /* Compared before scaling: also catches infinity, and keeps v * 100 far below 2^53. */
        if (v > (double) MONEY_MAX / 100)
                return -ERANGE;
        scaled = v * 100;
        /* Nearest integer without libm: v >= 0, so truncating x + 0.5 rounds half up. */
        h = (int64_t) (scaled + 0.5);
        /* v has a decimal form with at most two decimals exactly when h/100 reads back as v:
         * the division is correctly rounded, so h / 100.0 is the double nearest to the decimal
         * h/100, which is what the JSON parser produced from "499.99". A value such as 500.001
         * is a different double from 500.00, so it fails here instead of being rounded away. */
        if ((double) h / 100 != v)
                return -EINVAL;
        if (h > MONEY_MAX)
                return -ERANGE;
        *ret = h;
        return 0;
}

char *money_format(int64_t hundredths, char *buf)
{
        /* Through uint64_t so that INT64_MIN has a magnitude too. */
        uint64_t mag = hundredths < 0 ? (uint64_t) 0 - (uint64_t) hundredths : (uint64_t) hundredths;

        snprintf(buf, 32, "%s%" PRIu64 ".%02" PRIu64, hundredths < 0 ? "-" : "", mag / 100, mag % 100);
        return buf;
}
