#include "docs/pdf_fmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/form.h"
#include "util/money.h"
#include "util/timeutil.h"

const char *fmt_str(json_t *obj, const char *key)
{
        const char *s = json_string_value(json_object_get(obj, key));

        return s ? s : "";
}

json_t *fmt_obj(json_t *obj, const char *key)
{
        json_t *v = json_object_get(obj, key);

        return json_is_object(v) ? v : NULL;
}

/* Groups the integer digits of a plain decimal ("1234567.50") by thousands. */
static char *group(const char *plain, char *buf)
{
        const char *dot = strchr(plain, '.');
        size_t ilen = dot ? (size_t) (dot - plain) : strlen(plain);
        size_t o = 0, i = 0;

        if (plain[0] == '-') {
                buf[o++] = '-';
                i = 1;
        }
        for (; i < ilen; i++) {
                buf[o++] = plain[i];
                size_t left = ilen - i - 1;
                if (left > 0 && left % 3 == 0)
                        buf[o++] = ',';
        }
        snprintf(buf + o, 48 - o, "%s", dot ? dot : "");
        return buf;
}

char *fmt_money_h(int64_t hundredths, char *buf)
{
        char plain[32];

        return group(money_format(hundredths, plain), buf);
}

char *fmt_money(json_t *v, char *buf)
{
        int64_t h;

        buf[0] = '\0';
        if (json_is_number(v) && money_from_double(json_number_value(v), &h) == 0)
                fmt_money_h(h, buf);
        return buf;
}

char *fmt_int(int64_t v, char *buf)
{
        char plain[32];

        snprintf(plain, sizeof plain, "%" PRId64, v);
        return group(plain, buf);
}

char *fmt_month(const char *s, char *buf)
{
        int32_t m;

        if (s && month_parse(s, &m) == 0)
                snprintf(buf, 64, "%d年%d月", (int) (m / 12), (int) (m % 12 + 1));
        else
                snprintf(buf, 64, "%s", s ? s : "");
        return buf;
}

char *fmt_cover_date(const char *s, char *buf)
{
        int32_t days;
        char iso[32];

        if (s && date_parse(s, &days) == 0) {
                date_format(days, iso);
                int y = 0, m = 0, d = 0;
                sscanf(iso, "%d-%d-%d", &y, &m, &d);
                snprintf(buf, 64, "%d 年 %d 月 %d 日", y, m, d);
        } else
                snprintf(buf, 64, "　　　　年　　月　　日");
        return buf;
}

char *fmt_beijing_time(int64_t t, char *buf)
{
        time_t bt = (time_t) (t + BEIJING_OFFSET);
        struct tm tm;

        gmtime_r(&bt, &tm);
        snprintf(buf, 64, "%d年%d月%d日 %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
        return buf;
}

const char *fmt_region(const struct docs_application *a, const char *code, char *buf)
{
        const struct region *r = region_find(a->regions, a->n_regions, code);
        const struct region *city = region_city_of(a->regions, a->n_regions, r);

        if (!r)
                snprintf(buf, 160, "%s", code ? code : "");
        else if (city && city != r)
                snprintf(buf, 160, "%s %s", city->name, r->name);
        else
                snprintf(buf, 160, "%s", r->name);
        return buf;
}

const char *fmt_department(const struct docs_application *a, const char *code)
{
        for (size_t i = 0; i < a->n_departments; i++)
                if (strcmp(a->departments[i].code, code) == 0)
                        return a->departments[i].name;
        return code;
}

const char *fmt_category(const struct campaign *c, const char *code)
{
        for (size_t i = 0; c && code && i < c->n_categories; i++)
                if (strcmp(c->categories[i].code, code) == 0)
                        return c->categories[i].name;
        return code ? code : "";
}

char *fmt_points(int64_t hundredths, char *buf)
{
        /* the same decimal form as money: hundredths, two places */
        return money_format(hundredths, buf);
}

char *fmt_points_short(int64_t hundredths, char *buf)
{
        money_format(hundredths, buf);
        size_t n = strlen(buf);
        if (n > 3 && strcmp(buf + n - 3, ".00") == 0)
                buf[n - 3] = '\0';
        return buf;
}

const char *fmt_nature(const char *code)
{
        return form_nature_label(code);
}

const char *fmt_affiliation(const char *code)
{
        return *form_affiliation_label(code) ? form_affiliation_label(code) : code;
}
