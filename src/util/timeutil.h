/* Time: stored as UTC seconds; deadlines and dates are Beijing time (UTC+8, no DST).
 * A date "2023-07-31" as a deadline means until 2023-07-31 23:59:59 +08:00. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define BEIJING_OFFSET (8 * 3600)

/* Parses an RFC 3339 timestamp with offset ("2023-07-15T10:00:00+08:00", "...Z").
 * Fractional seconds are accepted and dropped; "T"/"Z" may be lower case; second 60 is refused.
 * Returns 0 and the UTC seconds, or -EINVAL. */
int time_parse_rfc3339(const char *s, int64_t *ret);

/* Formats UTC seconds as RFC 3339 in Beijing time: "2023-07-15T10:00:00+08:00". buf >= 32 bytes. */
char *time_format_beijing(int64_t t, char *buf);

/* Formats UTC seconds as "2023-07-15T02:00:00Z". buf >= 32 bytes. */
char *time_format_utc(int64_t t, char *buf);

/* Parses "YYYY-MM-DD" (a real calendar date). Returns 0 and days since 1970-01-01, or -EINVAL. */
int date_parse(const char *s, int32_t *ret_days);

/* Parses "YYYY-MM" (month 01..12). Returns 0 and year*12 + (month-1), or -EINVAL. */
int month_parse(const char *s, int32_t *ret_months);

/* The inverses of date_parse and month_parse: "2023-07-31", "2022-01". buf >= 32 bytes. */
char *date_format(int32_t days, char *buf);
char *month_format(int32_t months, char *buf);

/* The first second (UTC) of a Beijing calendar day, and the last second (23:59:59 Beijing). */
int64_t beijing_day_start(int32_t days);
int64_t beijing_day_end(int32_t days);

/* The Beijing calendar day (days since 1970-01-01) that contains UTC second t. */
int32_t beijing_day_of(int64_t t);
