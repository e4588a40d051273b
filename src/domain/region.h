/* Jiangsu's regions and provincial departments as the rules see them, and the routing of an
 * application to the authority that reviews it first. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct region {
        char code[8];
        char name[64];
        char level[16];                 /* province, city, district, county, county_city */
        char parent_code[8];            /* "" for the province */
        bool reports_to_province;       /* the 13 cities and 昆山市, 泰兴市, 沭阳县 */
};

struct department {
        char code[32];
        char name[256];                 /* up to 60 characters of Chinese (180 bytes) */
        bool active;
};

/* The region with this code in regions[0..n), or NULL. */
const struct region *region_find(const struct region *regions, size_t n, const char *code);

/* County-level: district, county or county-level city. */
bool region_is_county_level(const struct region *r);

/* The city a region belongs to (itself for a city), or NULL for the province / unknown parents. */
const struct region *region_city_of(const struct region *regions, size_t n, const struct region *r);
