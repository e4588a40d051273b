#include "domain/application.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *review_level_code(enum review_level l)
{
        switch (l) {
        case REVIEW_COUNTY: return "county";
        case REVIEW_CITY: return "city";
        case REVIEW_DEPARTMENT: return "department";
        default: return "";
        }
}

const char *app_authority_name(const char *level, const char *name, char *buf)
{
        /* a region's authority is its 信息化主管部门; a department goes by its own name (this runs
         * for every item of every list: no printf) */
        static const char office[] = "信息化主管部门";
        size_t n = strnlen(name, AUTHORITY_NAME_MAX - sizeof office);
        memcpy(buf, name, n);
        if (level && strcmp(level, "department") != 0 && n) {
                memcpy(buf + n, office, sizeof office);
        } else {
                buf[n] = '\0';
        }
        return buf;
}

enum review_level review_level_parse(const char *code)
{
        if (!code)
                return REVIEW_NONE;
        if (strcmp(code, "county") == 0)
                return REVIEW_COUNTY;
        if (strcmp(code, "city") == 0)
                return REVIEW_CITY;
        if (strcmp(code, "department") == 0)
                return REVIEW_DEPARTMENT;
        return REVIEW_NONE;
}

int app_route(const char *affiliation, const char *unit_region, const char *department_code,
              const struct region *regions, size_t n, struct review_target *ret)
{
        struct review_target t = { 0 };
        const struct region *r = region_find(regions, n, unit_region);
        if (!affiliation)
                return -EINVAL;
        if (strcmp(affiliation, "county") == 0) {
                if (!region_is_county_level(r))
                        return -EINVAL;
                t.level = REVIEW_COUNTY;
                snprintf(t.code, sizeof t.code, "%s", r->code);
                /* 昆山/泰兴/沭阳 send their own recommendations to the province */
                const struct region *city = r->reports_to_province ? r : region_city_of(regions, n, r);
                if (!city)
                        return -EINVAL;
                snprintf(t.city, sizeof t.city, "%s", city->code);
        } else if (strcmp(affiliation, "city_direct") == 0) {
                const struct region *city = region_city_of(regions, n, r);
                if (!city)
                        return -EINVAL;
                t.level = REVIEW_CITY;
                snprintf(t.code, sizeof t.code, "%s", city->code);
                snprintf(t.city, sizeof t.city, "%s", city->code);
        } else if (strcmp(affiliation, "province_direct") == 0) {
                if (!department_code || !*department_code)
                        return -EINVAL;
                t.level = REVIEW_DEPARTMENT;
                snprintf(t.code, sizeof t.code, "%s", department_code);
        } else {
                return -EINVAL;
        }
        *ret = t;
        return 0;
}

