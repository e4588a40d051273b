#include "http/router.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Matches one pattern against path, filling params; segment by segment, {x} takes one segment. */
static bool match(const char *pattern, const char *path, struct route_params *p)
{
        p->n = 0;
        const char *pp = pattern, *sp = path;
        while (*pp && *sp) {
                if (*pp == '{') {
                        const char *close = strchr(pp, '}');
                        const char *end = strchr(sp, '/');
                        size_t len = end ? (size_t)(end - sp) : strlen(sp);
                        if (!close || len == 0 || len >= sizeof p->value[0] || p->n == ROUTE_PARAMS_MAX)
                                return false;
                        p->name[p->n] = pp + 1;
                        p->name_len[p->n] = (size_t)(close - pp - 1);
                        memcpy(p->value[p->n], sp, len);
                        p->value[p->n][len] = '\0';
                        p->n++;
                        pp = close + 1;
                        sp += len;
                        continue;
                }
                if (*pp != *sp)
                        return false;
                pp++;
                sp++;
        }
        return *pp == '\0' && *sp == '\0';
}

const struct route *router_match(const struct route_table *t, const char *method, const char *path,
                                 struct route_params *ret_params, char *allow, size_t allow_size, int *ret_status)
{
        struct route_params p;
        bool path_known = false;
        size_t used = 0;
        if (allow_size)
                allow[0] = '\0';
        for (size_t i = 0; i < t->n; i++) {
                const struct route *route = (const void *)((const char *)t->entries + i * t->stride);
                if (!match(route->pattern, path, &p))
                        continue;
                bool same = strcmp(route->method, method) == 0 ||
                            (strcmp(method, "HEAD") == 0 && strcmp(route->method, "GET") == 0);
                if (same) {
                        *ret_params = p;
                        return route;
                }
                path_known = true;
                if (allow_size > used) {
                        int w = snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "",
                                         route->method);
                        if (w > 0)
                                used += (size_t)w;
                }
        }
        *ret_status = path_known ? 405 : 404;
        return NULL;
}

const char *route_param(const struct route_params *p, const char *name)
{
        size_t len = strlen(name);
        for (size_t i = 0; i < p->n; i++)
                if (p->name_len[i] == len && memcmp(p->name[i], name, len) == 0)
                        return p->value[i];
        return NULL;
}
