/* Reference data: regions, departments and the calls (campaigns), public and read-only. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/reply.h"
#include "http/request.h"

int api_regions_list(struct req *r)
{
        struct region *v;
        size_t n;
        int err = store_region_list(r->db, r->arena, &v, &n);
        if (err < 0)
                return api_store_error(r, err);
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
                json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o, s:b}", "code", v[i].code, "name", v[i].name,
                                                     "level", v[i].level, "parent_code",
                                                     v[i].parent_code[0] ? json_string(v[i].parent_code) : json_null(),
                                                     "reports_to_province", v[i].reports_to_province));
        return reply_json(r, 200, arr);
}

int api_departments_list(struct req *r)
{
        struct department *v;
        size_t n;
        int err = store_department_list(r->db, r->arena, &v, &n);
        if (err < 0)
                return api_store_error(r, err);
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
                if (v[i].active)
                        json_array_append_new(arr, json_pack("{s:s, s:s}", "code", v[i].code, "name", v[i].name));
        return reply_json(r, 200, arr);
}

int api_campaigns_list(struct req *r)
{
        struct campaign_row *v;
        size_t n;
        int err = store_campaign_list(r->db, r->arena, &v, &n);
        if (err < 0)
                return api_store_error(r, err);
        json_t *items = json_array();
        for (size_t i = 0; i < n; i++) {
                json_t *def = json_loads(v[i].definition_json, 0, NULL);
                if (!def)
                        continue;
                json_array_append_new(items, json_pack("{s:i, s:O, s:O}", "year", v[i].year, "title",
                                                       json_object_get(def, "title"), "timeline",
                                                       json_object_get(def, "timeline")));
                json_decref(def);
        }
        return reply_json(r, 200, json_pack("{s:o}", "items", items));
}

int api_campaign_get(struct req *r)
{
        const char *y = route_param(&r->params, "year");
        if (strlen(y) != 4 || strspn(y, "0123456789") != 4)
                return reply_not_found(r);
        char *text;
        int err = store_campaign_get(r->db, r->arena, atoi(y), &text);
        if (err < 0)
                return api_store_error(r, err);
        json_t *def = json_loads(text, 0, NULL);
        if (!def)
                return reply_internal(r);
        return reply_json(r, 200, def);
}
