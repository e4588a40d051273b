/* Staff accounts, managed by the province admin: reviewers of counties, cities and departments,
 * experts and other admins (POST/GET /api/v1/users). */
#include <errno.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "domain/account.h"

void api_check_staff(struct db *db, const struct staff_account *s, json_t *problems)
{
        struct region reg;
        struct department dep;
        struct region_facts facts;
        const struct region_facts *fp = NULL;
        if (s->region_code && *s->region_code && store_region_get(db, s->region_code, &reg) == 0) {
                facts = (struct region_facts){ reg.level, reg.reports_to_province };
                fp = &facts;
        }
        bool dep_known = s->department_code && *s->department_code &&
                         store_department_get(db, s->department_code, &dep) == 0 && dep.active;
        account_check_staff(s, fp, dep_known, problems);
}

int api_users_create(struct call *c)
{
        static const struct input_field fields[] = {
                { "username", "用户名", INPUT_STRING, true },
                { "password", "密码", INPUT_STRING, true },
                { "role", "角色", INPUT_STRING, true },
                { "region_code", "所属地区", INPUT_STRING, false },
                { "department_code", "所属部门", INPUT_STRING, false },
                { "name", "姓名", INPUT_STRING, true },
                { "mobile", "手机号", INPUT_STRING, false },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        struct staff_account s = {
                .username = input_str(c->json, "username"),
                .password = input_str(c->json, "password"),
                .name = input_str(c->json, "name"),
                .mobile = input_str(c->json, "mobile"),
                .role = role_parse(input_str(c->json, "role")),
                .region_code = input_str(c->json, "region_code"),
                .department_code = input_str(c->json, "department_code"),
        };
        api_check_staff(c->db, &s, problems);
        if (json_object_size(problems))
                return api_invalid(c, problems);
        json_decref(problems);

        char hash[AUTH_HASH_MAX];
        if (auth_password_hash(s.password, hash) < 0)
                return -EIO;
        struct new_user nu = {
                .username = s.username, .password_hash = hash, .role = s.role, .name = s.name,
                .mobile = s.mobile, .region_code = s.region_code, .department_code = s.department_code,
        };
        int64_t id;
        const char *field = NULL;
        int err = store_user_insert(c->db, &nu, c->now, &id, &field);
        if (err == -EEXIST)
                return api_fail(c, E_CONFLICT, "用户名已被使用",
                                   json_pack("{s:s}", "username", "用户名已被使用，请换一个"));
        struct user u;
        if (err == 0)
                err = store_user_get(c->db, c->arena, id, &u);
        if (err < 0)
                return err;
        return api_json(c, 201, json_pack("{s:o}", "user", api_user_json(&u)));
}

int api_users_list(struct call *c)
{
        size_t page, per_page;
        int err = api_paging(c, &page, &per_page);
        if (err < 0)
                return err;
        const char *rs = api_query(c, "role");
        enum role role = ROLE_NONE;
        if (rs && *rs && (role = role_parse(rs)) == ROLE_NONE)
                return api_fail(c, E_BAD_REQUEST, "角色筛选条件无效",
                                   json_pack("{s:s}", "role", "角色应为 applicant、county_reviewer、city_reviewer、department_reviewer、province_admin 或 expert"));
        struct user *v;
        size_t n, total;
        err = store_user_list(c->db, c->arena, role, (page - 1) * per_page, per_page, &v, &n, &total);
        if (err < 0)
                return err;
        json_t *items = json_array();
        for (size_t i = 0; i < n; i++)
                json_array_append_new(items, api_user_json(&v[i]));
        return api_json(c, 200, api_page_json(items, total, page, per_page));
}
