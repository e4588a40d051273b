#include "domain/region.h"

#include <string.h>

const struct region *region_find(const struct region *regions, size_t n, const char *code)
{
        if (!code)
                return NULL;
        for (size_t i = 0; i < n; i++)
                if (strcmp(regions[i].code, code) == 0)
                        return &regions[i];
        return NULL;
}

bool region_is_county_level(const struct region *r)
{
        return r && (strcmp(r->level, "district") == 0 || strcmp(r->level, "county") == 0 ||
                     strcmp(r->level, "county_city") == 0);
}

const struct region *region_city_of(const struct region *regions, size_t n, const struct region *r)
{
        if (!r)
                return NULL;
        if (strcmp(r->level, "city") == 0)
                return r;
        const struct region *p = region_find(regions, n, r->parent_code);
        return p && strcmp(p->level, "city") == 0 ? p : NULL;
}
