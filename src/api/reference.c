/* Reference data: regions, departments and the calls (campaigns), public and read-only. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "util/utf8.h"
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

/* The admin sees retired departments too (?all=1), to bring them back. */
int api_departments_list(struct req *r)
{
        const char *all_q = req_query(r, "all");
        bool all = all_q && strcmp(all_q, "1") == 0 && r->signed_in && r->user.role == ROLE_PROVINCE_ADMIN;
        struct department *v;
        size_t n;
        int err = store_department_list(r->db, r->arena, &v, &n);
        if (err < 0)
                return api_store_error(r, err);
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
                if (v[i].active || all)
                        json_array_append_new(arr, all ? json_pack("{s:s, s:s, s:b}", "code", v[i].code, "name", v[i].name,
                                                                   "active", v[i].active)
                                                       : json_pack("{s:s, s:s}", "code", v[i].code, "name", v[i].name));
        return reply_json(r, 200, arr);
}

static const char *department_name_problem(const char *name)
{
        long n = utf8_count(name);
        return n < 2 || n > 60 ? "部门名称应为 2～60 个字" : NULL;
}

/* POST /api/v1/departments {code, name}: a department that may have units under it (省直单位). */
int api_departments_create(struct req *r)
{
        static const struct input_field fields[] = {
                { "code", "部门代码", INPUT_STRING, true },
                { "name", "部门名称", INPUT_STRING, true },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(r->json, fields, problems))
                return reply_validation(r, problems);
        const char *code = input_str(r->json, "code"), *name = input_str(r->json, "name");
        size_t cl = strlen(code);
        if (cl < 2 || cl > 31 || strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") != cl)
                json_object_set_new(problems, "code", json_string("部门代码应为 2～31 位小写字母、数字或下划线"));
        if (department_name_problem(name))
                json_object_set_new(problems, "name", json_string(department_name_problem(name)));
        if (json_object_size(problems))
                return reply_validation(r, problems);
        json_decref(problems);
        struct department d = { .active = true };
        snprintf(d.code, sizeof d.code, "%s", code);
        snprintf(d.name, sizeof d.name, "%s", name);
        int err = store_department_insert(r->db, &d);
        if (err == -EEXIST)
                return reply_error(r, 409, "conflict", "部门代码已存在", json_pack("{s:s}", "code", "部门代码已存在"));
        if (err < 0)
                return api_store_error(r, err);
        return reply_json(r, 201, json_pack("{s:s, s:s, s:b}", "code", d.code, "name", d.name, "active", 1));
}

/* PUT /api/v1/departments/{code} {name, active}: rename or retire (active false) a department;
 * retired ones are no longer offered, and accounts and applications keep their code. */
int api_departments_update(struct req *r)
{
        static const struct input_field fields[] = {
                { "name", "部门名称", INPUT_STRING, true },
                { "active", "是否启用", INPUT_BOOL, true },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(r->json, fields, problems))
                return reply_validation(r, problems);
        const char *name = input_str(r->json, "name");
        if (department_name_problem(name)) {
                json_object_set_new(problems, "name", json_string(department_name_problem(name)));
                return reply_validation(r, problems);
        }
        json_decref(problems);
        struct department d = { .active = json_is_true(json_object_get(r->json, "active")) };
        const char *code = route_param(&r->params, "code");
        if (strlen(code) >= sizeof d.code)
                return reply_not_found(r);
        snprintf(d.code, sizeof d.code, "%s", code);
        snprintf(d.name, sizeof d.name, "%s", name);
        int err = store_department_update(r->db, &d);
        if (err < 0)
                return api_store_error(r, err);
        return reply_json(r, 200, json_pack("{s:s, s:s, s:b}", "code", d.code, "name", d.name, "active", d.active));
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
