#include "util/timeutil.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define DAY_SECONDS 86400

/* Floor division: C's / truncates toward zero, which would put 1969-12-31 23:00 in day 0. */
static int64_t floor_div(int64_t a, int64_t b)
{
        int64_t q = a / b;

        if ((a % b != 0) && ((a < 0) != (b < 0)))
                q--;
        return q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. Counting years from March makes the leap
 * day the last day of its year, so every month before it has a fixed offset within the year and
 * a 400-year era always has 146097 days. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
        int64_t era, yoe, doy, doe;

        if (m <= 2)
                y--;
        era = floor_div(y, 400);
        yoe = y - era * 400;                                   /* 0..399 */
        doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365, from 1 March */
        doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* 0..146096 */
        return era * 146097 + doe - 719468;                    /* 719468: 0000-03-01 to 1970-01-01 */
}

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t z, int64_t *ret_y, int *ret_m, int *ret_d)
{
        int64_t era, doe, yoe, doy, mp, y;

        z += 719468;
        era = floor_div(z, 146097);
        doe = z - era * 146097;
        yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        y = yoe + era * 400;
        doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        mp = (5 * doy + 2) / 153;
        *ret_d = (int) (doy - (153 * mp + 2) / 5 + 1);
        *ret_m = (int) (mp < 10 ? mp + 3 : mp - 9);
        *ret_y = y + (*ret_m <= 2);
}

static bool is_leap(int64_t y)
{
        return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
        static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

        return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Reads exactly n ASCII digits; no sign, no spaces, which is why this is not strtol. */
static bool digits(const char *s, int n, int *ret)
{
        int v = 0;

        for (int i = 0; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return false;
                v = v * 10 + (s[i] - '0');
        }
        *ret = v;
        return true;
}

/* "YYYY-MM-DD" at the start of s, checked against the calendar. */
static bool parse_ymd(const char *s, int *ret_y, int *ret_m, int *ret_d)
{
        int y, m, d;

        if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) || s[7] != '-' ||
            !digits(s + 8, 2, &d))
                return false;
        if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
                return false;
        *ret_y = y;
        *ret_m = m;
        *ret_d = d;
        return true;
}

int time_parse_rfc3339(const char *s, int64_t *ret)
{
        int y, mo, d, h, mi, sec, off = 0;
        const char *p;
        int64_t t;

        if (!s || !ret)
                return -EINVAL;
        /* Every check before s[k] guarantees s[0..k) holds no NUL, so no read past the end. */
        if (!parse_ymd(s, &y, &mo, &d))
                return -EINVAL;
        if (s[10] != 'T' && s[10] != 't')
                return -EINVAL;
        if (!digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
            !digits(s + 17, 2, &sec))
                return -EINVAL;
        /* No leap second: nothing we store needs one, and 23:59:60 would sort after a deadline. */
        if (h > 23 || mi > 59 || sec > 59)
                return -EINVAL;
        p = s + 19;
        if (*p == '.') {
                /* Fractions are dropped: deadlines are whole seconds and a submission at
                 * 23:59:59.7 is still inside 23:59:59. */
                p++;
                if (*p < '0' || *p > '9')
                        return -EINVAL;
                while (*p >= '0' && *p <= '9')
                        p++;
        }
        if (*p == 'Z' || *p == 'z') {
                p++;
        } else if (*p == '+' || *p == '-') {
                int oh, om;

                if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om))
                        return -EINVAL;
                if (oh > 23 || om > 59)
                        return -EINVAL;
                off = (oh * 60 + om) * 60;
                if (*p == '-')
                        off = -off;
                p += 6;
        } else
                return -EINVAL;
        if (*p != '\0')
                return -EINVAL;

        t = days_from_civil(y, mo, d) * DAY_SECONDS + h * 3600 + mi * 60 + sec - off;
        *ret = t;
        return 0;
}

/* RFC 3339 has four-digit years only, so times outside 0000..9999 are clamped to those ends. */
static char *format_at(int64_t local, char *buf, const char *zone)
{
        static const int64_t first = -62167219200; /* 0000-01-01T00:00:00 */
        static const int64_t last = 253402300799;  /* 9999-12-31T23:59:59 */
        int64_t days, sod, y;
        int m, d;

        if (local < first)
                local = first;
        if (local > last)
                local = last;
        days = floor_div(local, DAY_SECONDS);
        sod = local - days * DAY_SECONDS;
        civil_from_days(days, &y, &m, &d);
        /* digit by digit: this runs for every time in every list answer, where printf showed */
        unsigned f[6] = { (unsigned) y % 10000u, (unsigned) m % 100u, (unsigned) d % 100u,
                          (unsigned) (sod / 3600) % 100u, (unsigned) (sod / 60 % 60) % 100u,
                          (unsigned) (sod % 60) % 100u };
        char *p = buf;
        *p++ = (char) ('0' + f[0] / 1000);
        *p++ = (char) ('0' + f[0] / 100 % 10);
        for (int i = 0; i < 6; i++) {
                if (i)
                        *p++ = "--T::"[i - 1];
                *p++ = (char) ('0' + f[i] / 10 % 10);
                *p++ = (char) ('0' + f[i] % 10);
        }
        size_t zl = strnlen(zone, 6);
        memcpy(p, zone, zl);
        p[zl] = '\0';
        return buf;
}

char *time_format_beijing(int64_t t, char *buf)
{
        return format_at(t + BEIJING_OFFSET, buf, "+08:00");
}

char *time_format_utc(int64_t t, char *buf)
{
        return format_at(t, buf, "Z");
}

int date_parse(const char *s, int32_t *ret_days)
{
        int y, m, d;

        if (!s || !ret_days)
                return -EINVAL;
        if (!parse_ymd(s, &y, &m, &d) || s[10] != '\0')
                return -EINVAL;
        *ret_days = (int32_t) days_from_civil(y, m, d);
        return 0;
}

int month_parse(const char *s, int32_t *ret_months)
{
        int y, m;

        if (!s || !ret_months)
                return -EINVAL;
        if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) || s[7] != '\0')
                return -EINVAL;
        if (m < 1 || m > 12)
                return -EINVAL;
        *ret_months = y * 12 + (m - 1);
        return 0;
}

char *date_format(int32_t days, char *buf)
{
        int64_t y;
        int m, d;

        civil_from_days(days, &y, &m, &d);
        snprintf(buf, 32, "%04lld-%02d-%02d", (long long) y, m, d);
        return buf;
}

char *month_format(int32_t months, char *buf)
{
        snprintf(buf, 32, "%04ld-%02ld", (long) floor_div(months, 12),
                 (long) (months - floor_div(months, 12) * 12 + 1));
        return buf;
}

int64_t beijing_day_start(int32_t days)
{
        return (int64_t) days * DAY_SECONDS - BEIJING_OFFSET;
}

int64_t beijing_day_end(int32_t days)
{
        return beijing_day_start(days) + DAY_SECONDS - 1;
}

int32_t beijing_day_of(int64_t t)
{
        return (int32_t) floor_div(t + BEIJING_OFFSET, DAY_SECONDS);
}
