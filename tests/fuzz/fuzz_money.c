/* money_parse, money_format and money_from_double: round trips, range, and agreement between the
 * string parser, strtod + money_from_double and a reference parser. */
#include <errno.h>
#include <math.h>

#include "fuzz_common.h"
#include "util/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reference: digits, optionally '.' and one or two digits; value <= MONEY_MAX. */
static bool ref_parse(const char *s, int64_t *ret)
{
        const char *p = s, *int_start;
        int64_t v = 0;
        int dec = 0;

        while (*p == '0' && p[1] >= '0' && p[1] <= '9')
                p++; /* leading zeros do not count towards the number of digits */
        int_start = p;
        if (!(*p >= '0' && *p <= '9'))
                return false;
        while (*p >= '0' && *p <= '9')
                p++;
        if (p - int_start > 8)
                return false; /* 9 significant integer digits is at least 100,000,000 万元 */
        for (const char *q = int_start; q < p; q++)
                v = v * 10 + (*q - '0');
        v *= 100;
        if (*p == '.') {
                p++;
                if (!(*p >= '0' && *p <= '9'))
                        return false;
                v += (*p++ - '0') * 10;
                dec++;
                if (*p >= '0' && *p <= '9') {
                        v += *p++ - '0';
                        dec++;
                }
        }
        if (*p != '\0' || v > MONEY_MAX)
                return false;
        *ret = v;
        return true;
}

static void check_string(const char *s)
{
        const int64_t sentinel = INT64_C(-7777);
        int64_t v = sentinel, ref = 0, v2 = sentinel, h = sentinel;
        char buf[32], expect[32];
        bool ref_ok = ref_parse(s, &ref);
        int r = money_parse(s, &v);

        FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE, "money_parse(\"%s\") returned %d", s, r);
        FUZZ_CHECK((r == 0) == ref_ok, "money_parse(\"%s\")=%d, reference %s", s, r,
                   ref_ok ? "accepts" : "refuses");
        if (r < 0) {
                FUZZ_CHECK(v == sentinel, "money_parse wrote *ret on failure");
                return;
        }
        FUZZ_CHECK(v == ref, "money_parse(\"%s\")=%lld, reference %lld", s, (long long) v,
                   (long long) ref);
        FUZZ_CHECK(v >= 0 && v <= MONEY_MAX, "money_parse(\"%s\")=%lld out of range", s,
                   (long long) v);

        money_format(v, buf);
        snprintf(expect, sizeof expect, "%lld.%02lld", (long long) (v / 100), (long long) (v % 100));
        FUZZ_CHECK(strcmp(buf, expect) == 0, "money_format(%lld)=\"%s\"", (long long) v, buf);
        FUZZ_CHECK(money_parse(buf, &v2) == 0 && v2 == v, "\"%s\" -> %lld -> \"%s\" -> %lld", s,
                   (long long) v, buf, (long long) v2);

        /* What a JSON client sending this number gets: the same hundredths. */
        FUZZ_CHECK(money_from_double(strtod(s, NULL), &h) == 0 && h == v,
                   "money_from_double(strtod(\"%s\")) = %lld, money_parse %lld", s, (long long) h,
                   (long long) v);
}

static void check_double(double d)
{
        const int64_t sentinel = INT64_C(-7777);
        int64_t h = sentinel, v = sentinel;
        char buf[32];
        int r = money_from_double(d, &h);

        FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE, "money_from_double(%.17g)=%d", d, r);
        if (isnan(d) || d < 0)
                FUZZ_CHECK(r == -EINVAL, "money_from_double(%.17g)=%d, want -EINVAL", d, r);
        if (r < 0) {
                FUZZ_CHECK(h == sentinel, "money_from_double wrote *ret on failure");
                if (r == -EINVAL && d >= 0 && d <= (double) MONEY_MAX / 100) {
                        /* Refused as "more than two decimals": no amount of hundredths near
                         * d*100 may read back as d. */
                        int64_t c = (int64_t) floor(d * 100);

                        for (int64_t k = c - 1; k <= c + 1; k++)
                                FUZZ_CHECK(k < 0 || k > MONEY_MAX || (double) k / 100 != d,
                                           "money_from_double(%.17g) refused, but %lld/100 is it",
                                           d, (long long) k);
                }
                if (r == -ERANGE)
                        FUZZ_CHECK(d > (double) MONEY_MAX / 100, "-ERANGE for %.17g", d);
                return;
        }
        FUZZ_CHECK(h >= 0 && h <= MONEY_MAX, "money_from_double(%.17g)=%lld out of range", d,
                   (long long) h);
        FUZZ_CHECK((double) h / 100 == d, "money_from_double(%.17g)=%lld, which is not it", d,
                   (long long) h);
        money_format(h, buf);
        FUZZ_CHECK(strtod(buf, NULL) == d, "\"%s\" does not read back as %.17g", buf, d);
        FUZZ_CHECK(money_parse(buf, &v) == 0 && v == h, "money_parse(\"%s\")=%lld, want %lld", buf,
                   (long long) v, (long long) h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *s = fuzz_strndup(data, size);
        double d;

        check_string(s);
        free(s);
        if (size >= sizeof d) {
                memcpy(&d, data, sizeof d);
                check_double(d);
        }
        /* Every amount in range, as a JSON parser gives it (the nearest double to k/100), is
         * accepted exactly. */
        if (size >= sizeof(uint64_t)) {
                uint64_t k;
                int64_t h = -1;
                char buf[32];

                memcpy(&k, data, sizeof k);
                k %= (uint64_t) MONEY_MAX + 1;
                check_double((double) k / 100);
                FUZZ_CHECK(money_from_double((double) k / 100, &h) == 0 && h == (int64_t) k,
                           "money_from_double(%llu/100)=%lld", (unsigned long long) k, (long long) h);
                money_format((int64_t) k, buf);
                FUZZ_CHECK(money_from_double(strtod(buf, NULL), &h) == 0 && h == (int64_t) k,
                           "money_from_double(strtod(\"%s\"))=%lld", buf, (long long) h);
        }
        return 0;
}
