#include "domain/account.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "domain/creditcode.h"
#include "domain/password.h"
#include "util/utf8.h"

const char *account_username_problem(const char *u)
{
        size_t n = strlen(u);
        if (n < 3 || n > 32)
                return "用户名应为 3～32 位";
        if (!isalpha((unsigned char)u[0]) || (unsigned char)u[0] > 127)
                return "用户名应以英文字母开头";
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)u[i];
                if (c > 127 || !(isalnum(c) || c == '_' || c == '.' || c == '-'))
                        return "用户名只能包含英文字母、数字、下划线（_）、点（.）和连字符（-）";
        }
        return NULL;
}

const char *account_mobile_problem(const char *m)
{
        if (strlen(m) != 11 || m[0] != '1' || m[1] < '3' || m[1] > '9')
                return "手机号应为 11 位数字，以 13～19 开头";
        for (int i = 0; i < 11; i++)
                if (!isdigit((unsigned char)m[i]))
                        return "手机号应为 11 位数字，以 13～19 开头";
        return NULL;
}

/* A required free text of min..max characters; labels make the message name the field. */
static void check_text(json_t *problems, const char *key, const char *label, const char *s,
                       long min, long max)
{
        long n = utf8_count(s);
        char msg[160];
        if (n < 0)
                snprintf(msg, sizeof msg, "%s含有无效字符", label);
        else if (n == 0)
                snprintf(msg, sizeof msg, "请填写%s", label);
        else if (n < min || n > max)
                snprintf(msg, sizeof msg, "%s应为 %ld～%ld 个字", label, min, max);
        else
                return;
        if (!json_object_get(problems, key))
                json_object_set_new(problems, key, json_string(msg));
}

static void put(json_t *problems, const char *key, const char *msg)
{
        if (msg && !json_object_get(problems, key))
                json_object_set_new(problems, key, json_string(msg));
}

void account_check_registration(const struct registration *r, json_t *problems)
{
        /* an empty field gets the same "请填写…" as a missing one; put() keeps the first message */
        const struct {
                const char *key, *label, *value;
        } fields[] = {
                { "username", "用户名", r->username },
                { "password", "密码", r->password },
                { "unit_name", "单位名称", r->unit_name },
                { "credit_code", "统一社会信用代码", r->credit_code },
                { "contact_name", "联系人姓名", r->contact_name },
                { "contact_mobile", "联系人手机号", r->contact_mobile },
        };
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
                if (fields[i].value && !*fields[i].value) {
                        char msg[96];
                        snprintf(msg, sizeof msg, "请填写%s", fields[i].label);
                        put(problems, fields[i].key, msg);
                }
        }
        if (r->username)
                put(problems, "username", account_username_problem(r->username));
        if (r->password)
                put(problems, "password", password_problem(r->password, r->username));
        if (r->unit_name)
                check_text(problems, "unit_name", "单位名称", r->unit_name, 2, 100);
        if (r->credit_code) {
                enum credit_code_result cc = credit_code_check(r->credit_code);
                if (cc != CREDIT_CODE_OK)
                        put(problems, "credit_code", credit_code_message(cc));
        }
        if (r->contact_name)
                check_text(problems, "contact_name", "联系人姓名", r->contact_name, 1, 50);
        if (r->contact_mobile)
                put(problems, "contact_mobile", account_mobile_problem(r->contact_mobile));
}

static bool given(const char *s)
{
        return s && *s;
}

void account_check_staff(const struct staff_account *s, const struct region_facts *region,
                         bool department_known, json_t *problems)
{
        put(problems, "username", account_username_problem(s->username));
        put(problems, "password", password_problem(s->password, s->username));
        if (s->name)
                check_text(problems, "name", "姓名", s->name, 1, 50);
        if (given(s->mobile))
                put(problems, "mobile", account_mobile_problem(s->mobile));

        switch (s->role) {
        case ROLE_COUNTY_REVIEWER:
                if (!given(s->region_code))
                        put(problems, "region_code", "县（市、区）审核账号须选择所属县（市、区）");
                else if (!region)
                        put(problems, "region_code", "所选地区不是江苏省的行政区划");
                else if (strcmp(region->level, "district") && strcmp(region->level, "county") &&
                         strcmp(region->level, "county_city"))
                        put(problems, "region_code", "县（市、区）审核账号的地区应为县、县级市或区");
                break;
        case ROLE_CITY_REVIEWER:
                if (!given(s->region_code))
                        put(problems, "region_code", "设区市审核账号须选择所属设区市或昆山市、泰兴市、沭阳县");
                else if (!region)
                        put(problems, "region_code", "所选地区不是江苏省的行政区划");
                else if (strcmp(region->level, "city") != 0 && !region->reports_to_province)
                        put(problems, "region_code", "设区市审核账号的地区应为设区市或昆山市、泰兴市、沭阳县");
                break;
        case ROLE_DEPARTMENT_REVIEWER:
                if (!given(s->department_code))
                        put(problems, "department_code", "省有关部门账号须选择所属部门");
                else if (!department_known)
                        put(problems, "department_code", "所选部门不存在");
                break;
        case ROLE_PROVINCE_ADMIN:
        case ROLE_EXPERT:
                break;
        case ROLE_APPLICANT:
                put(problems, "role", "申报单位账号请通过注册页面创建");
                break;
        default:
                put(problems, "role", "角色应为 county_reviewer、city_reviewer、department_reviewer、province_admin 或 expert");
                break;
        }
        if (s->role != ROLE_COUNTY_REVIEWER && s->role != ROLE_CITY_REVIEWER && given(s->region_code))
                put(problems, "region_code", "该角色不设所属地区");
        if (s->role != ROLE_DEPARTMENT_REVIEWER && given(s->department_code))
                put(problems, "department_code", "该角色不设所属部门");
}
