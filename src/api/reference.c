/* Reference data: regions, departments and the calls (campaigns), public and read-only. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "domain/campaign.h"
#include "util/utf8.h"

int api_regions_list(struct call *c)
{
        struct region *v;
        size_t n;
        int err = store_region_list(c->db, c->arena, &v, &n);
        if (err < 0)
                return err;
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
                json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o, s:b}", "code", v[i].code, "name", v[i].name,
                                                     "level", v[i].level, "parent_code",
                                                     v[i].parent_code[0] ? json_string(v[i].parent_code) : json_null(),
                                                     "reports_to_province", v[i].reports_to_province));
        return api_json(c, 200, arr);
}

/* The admin sees retired departments too (?all=1), to bring them back. */
int api_departments_list(struct call *c)
{
        const char *all_q = api_query(c, "all");
        bool all = all_q && strcmp(all_q, "1") == 0 && c->signed_in && c->user.role == ROLE_PROVINCE_ADMIN;
        struct department *v;
        size_t n;
        int err = store_department_list(c->db, c->arena, &v, &n);
        if (err < 0)
                return err;
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
                if (v[i].active || all)
                        json_array_append_new(arr, all ? json_pack("{s:s, s:s, s:b}", "code", v[i].code, "name", v[i].name,
                                                                   "active", v[i].active)
                                                       : json_pack("{s:s, s:s}", "code", v[i].code, "name", v[i].name));
        return api_json(c, 200, arr);
}

static const char *department_name_problem(const char *name)
{
        long n = utf8_count(name);
        return n < 2 || n > 60 ? "部门名称应为 2～60 个字" : NULL;
}

/* POST /api/v1/departments {code, name}: a department that may have units under it (省直单位). */
int api_departments_create(struct call *c)
{
        static const struct input_field fields[] = {
                { "code", "部门代码", INPUT_STRING, true },
                { "name", "部门名称", INPUT_STRING, true },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        const char *code = input_str(c->json, "code"), *name = input_str(c->json, "name");
        size_t cl = strlen(code);
        if (cl < 2 || cl > 31 || strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") != cl)
                json_object_set_new(problems, "code", json_string("部门代码应为 2～31 位小写字母、数字或下划线"));
        if (department_name_problem(name))
                json_object_set_new(problems, "name", json_string(department_name_problem(name)));
        if (json_object_size(problems))
                return api_invalid(c, problems);
        json_decref(problems);
        struct department d = { .active = true };
        snprintf(d.code, sizeof d.code, "%s", code);
        snprintf(d.name, sizeof d.name, "%s", name);
        int err = store_department_insert(c->db, &d);
        if (err == -EEXIST)
                return api_fail(c, E_CONFLICT, "部门代码已存在", json_pack("{s:s}", "code", "部门代码已存在"));
        if (err < 0)
                return err;
        return api_json(c, 201, json_pack("{s:s, s:s, s:b}", "code", d.code, "name", d.name, "active", 1));
}

/* PUT /api/v1/departments/{code} {name, active}: rename or retire (active false) a department;
 * retired ones are no longer offered, and accounts and applications keep their code. */
int api_departments_update(struct call *c)
{
        static const struct input_field fields[] = {
                { "name", "部门名称", INPUT_STRING, true },
                { "active", "是否启用", INPUT_BOOL, true },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        const char *name = input_str(c->json, "name");
        if (department_name_problem(name)) {
                json_object_set_new(problems, "name", json_string(department_name_problem(name)));
                return api_invalid(c, problems);
        }
        json_decref(problems);
        struct department d = { .active = json_is_true(json_object_get(c->json, "active")) };
        const char *code = api_param(c, "code");
        if (!code || strlen(code) >= sizeof d.code)
                return -ENOENT;
        snprintf(d.code, sizeof d.code, "%s", code);
        snprintf(d.name, sizeof d.name, "%s", name);
        int err = store_department_update(c->db, &d);
        if (err < 0)
                return err;
        return api_json(c, 200, json_pack("{s:s, s:s, s:b}", "code", d.code, "name", d.name, "active", d.active));
}

int api_campaigns_list(struct call *c)
{
        const char *text = api_campaigns_list_text();
        return reply_json_text(c->req, 200, text, strlen(text));
}

/* The definition as stored: sent as it is, never parsed again. */
int api_campaign_get(struct call *c)
{
        size_t n;
        const char *text = api_campaign_text(c->year, &n);
        if (!text)
                return -ENOENT;
        return reply_json_text(c->req, 200, text, n);
}

/* GET /api/v1/statuses: every status of an application with its words, in the order of the call's
 * life, for filters and legends (the labels live once, in domain/workflow.c). */
int api_statuses_list(struct call *c)
{
        json_t *items = json_array();
        for (int s = ST_DRAFT; s < ST_COUNT_; s++)
                json_array_append_new(items, json_pack("{s:s, s:s}", "code", status_code((enum app_status)s), "label",
                                                       status_label((enum app_status)s, NULL)));
        return api_json(c, 200, json_pack("{s:o}", "items", items));
}
