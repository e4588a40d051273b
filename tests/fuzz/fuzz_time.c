/* time_parse_rfc3339, date_parse and month_parse: what parses formats back and re-parses to the
 * same value; dates and months are canonical, so they format back to the very input. */
#include <errno.h>

#include "fuzz_common.h"
#include "util/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FIRST INT64_C(-62167219200) /* 0000-01-01T00:00:00Z */
#define LAST INT64_C(253402300799)  /* 9999-12-31T23:59:59Z */

static bool digits_at(const char *s, const char *shape)
{
        for (; *shape; s++, shape++)
                if (*shape == 'd' ? !(*s >= '0' && *s <= '9') : *s != *shape)
                        return false;
        return *s == '\0';
}

static void check_time(const char *s)
{
        int64_t t = INT64_MIN, t2 = INT64_MIN;
        int32_t days = 0;
        char buf[32], prefix[11];
        int r = time_parse_rfc3339(s, &t);

        FUZZ_CHECK(r == 0 || r == -EINVAL, "time_parse_rfc3339(\"%s\")=%d", s, r);
        if (r < 0) {
                FUZZ_CHECK(t == INT64_MIN, "time_parse_rfc3339 wrote *ret on failure");
                return;
        }
        /* The date part alone is a date (its day may shift by the offset, not its validity). */
        memcpy(prefix, s, 10);
        prefix[10] = '\0';
        FUZZ_CHECK(date_parse(prefix, &days) == 0, "\"%s\" parses but its date \"%s\" does not", s,
                   prefix);
        /* Four-digit years and offsets up to 23:59 keep t within a day of the formattable range. */
        FUZZ_CHECK(t >= FIRST - 86400 && t <= LAST + 86400, "\"%s\" -> %lld", s, (long long) t);

        time_format_utc(t, buf);
        FUZZ_CHECK(digits_at(buf, "dddd-dd-ddTdd:dd:ddZ"), "time_format_utc(%lld)=\"%s\"",
                   (long long) t, buf);
        FUZZ_CHECK(time_parse_rfc3339(buf, &t2) == 0, "time_format_utc gave unparsable \"%s\"", buf);
        if (t >= FIRST && t <= LAST)
                FUZZ_CHECK(t2 == t, "\"%s\" -> %lld -> \"%s\" -> %lld", s, (long long) t, buf,
                           (long long) t2);
        else /* documented: clamped to the ends of 0000..9999 */
                FUZZ_CHECK(t2 == (t < FIRST ? FIRST : LAST), "out-of-range %lld -> \"%s\"",
                           (long long) t, buf);

        time_format_beijing(t, buf);
        FUZZ_CHECK(digits_at(buf, "dddd-dd-ddTdd:dd:dd+08:00"), "time_format_beijing(%lld)=\"%s\"",
                   (long long) t, buf);
        FUZZ_CHECK(time_parse_rfc3339(buf, &t2) == 0, "time_format_beijing gave \"%s\"", buf);
        if (t + BEIJING_OFFSET >= FIRST && t + BEIJING_OFFSET <= LAST) {
                FUZZ_CHECK(t2 == t, "\"%s\" -> %lld -> \"%s\" -> %lld", s, (long long) t, buf,
                           (long long) t2);
                /* The Beijing day of t is the date written in its Beijing form. */
                memcpy(prefix, buf, 10);
                FUZZ_CHECK(date_parse(prefix, &days) == 0 && days == beijing_day_of(t),
                           "beijing_day_of(%lld)=%d, Beijing form \"%s\"", (long long) t,
                           beijing_day_of(t), buf);
                FUZZ_CHECK(beijing_day_start(days) <= t && t <= beijing_day_end(days),
                           "%lld outside its Beijing day %d", (long long) t, days);
        }
}

static void check_date(const char *s)
{
        int32_t d = INT32_MIN, d2 = INT32_MIN, m = INT32_MIN;
        char buf[32], mbuf[32], prefix[8];
        int r = date_parse(s, &d);

        FUZZ_CHECK(r == 0 || r == -EINVAL, "date_parse(\"%s\")=%d", s, r);
        if (r < 0) {
                FUZZ_CHECK(d == INT32_MIN, "date_parse wrote *ret on failure");
                return;
        }
        date_format(d, buf);
        FUZZ_CHECK(strcmp(buf, s) == 0, "date_parse(\"%s\")=%d, date_format gives \"%s\"", s, d, buf);
        FUZZ_CHECK(date_parse(buf, &d2) == 0 && d2 == d, "\"%s\" re-parses to %d, not %d", buf, d2, d);

        /* Its Beijing day, 00:00:00 to 23:59:59 +08:00. */
        FUZZ_CHECK(beijing_day_end(d) - beijing_day_start(d) == 86399, "day %d is not a day", d);
        FUZZ_CHECK(beijing_day_of(beijing_day_start(d)) == d && beijing_day_of(beijing_day_end(d)) == d &&
                           beijing_day_of(beijing_day_start(d) - 1) == d - 1 &&
                           beijing_day_of(beijing_day_end(d) + 1) == d + 1,
                   "beijing_day_of disagrees with beijing_day_start/end for %d (\"%s\")", d, s);

        /* Its month is the month of its first seven characters. */
        memcpy(prefix, s, 7);
        prefix[7] = '\0';
        FUZZ_CHECK(month_parse(prefix, &m) == 0, "date \"%s\" but month \"%s\" refused", s, prefix);
        month_format(m, mbuf);
        FUZZ_CHECK(strcmp(mbuf, prefix) == 0, "month_format(%d)=\"%s\", want \"%s\"", m, mbuf, prefix);
        /* The next day is either in the same month or the next one. */
        if (strcmp(s, "9999-12-31") == 0)
                return;
        date_format(d + 1, buf);
        memcpy(prefix, buf, 7);
        FUZZ_CHECK(month_parse(prefix, &d2) == 0 && (d2 == m || d2 == m + 1),
                   "day after \"%s\" is \"%s\"", s, buf);
}

static void check_month(const char *s)
{
        int32_t m = INT32_MIN, m2 = INT32_MIN;
        char buf[32];
        int r = month_parse(s, &m);

        FUZZ_CHECK(r == 0 || r == -EINVAL, "month_parse(\"%s\")=%d", s, r);
        if (r < 0) {
                FUZZ_CHECK(m == INT32_MIN, "month_parse wrote *ret on failure");
                return;
        }
        FUZZ_CHECK(m >= 0 && m <= 9999 * 12 + 11, "month_parse(\"%s\")=%d", s, m);
        month_format(m, buf);
        FUZZ_CHECK(strcmp(buf, s) == 0, "month_parse(\"%s\")=%d, month_format gives \"%s\"", s, m, buf);
        FUZZ_CHECK(month_parse(buf, &m2) == 0 && m2 == m, "\"%s\" re-parses to %d, not %d", buf, m2, m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *s = fuzz_strndup(data, size);

        check_time(s);
        check_date(s);
        check_month(s);
        free(s);
        return 0;
}
