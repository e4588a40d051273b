#include "domain/authority.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "domain/account.h"
#include "domain/form.h"
#include "util/utf8.h"

static void set(struct authority *ret, enum authority_kind kind, const char *code, const char *name, bool office)
{
        *ret = (struct authority){ .kind = kind };
        snprintf(ret->code, sizeof ret->code, "%s", code);
        /* a region's authority is its 信息化主管部门; a department goes by its own name */
        snprintf(ret->name, sizeof ret->name, office ? "%s信息化主管部门" : "%s", name);
}

int authority_of_region(const struct region *r, struct authority *ret)
{
        if (!r)
                return -EINVAL;
        if (strcmp(r->level, "city") == 0)
                set(ret, AUTHORITY_CITY, r->code, r->name, true);
        else if (region_is_county_level(r))
                set(ret, r->reports_to_province ? AUTHORITY_DIRECT_COUNTY : AUTHORITY_COUNTY, r->code, r->name, true);
        else
                return -EINVAL;
        return 0;
}

int authority_of_department(const struct department *d, struct authority *ret)
{
        if (!d || !*d->code)
                return -EINVAL;
        set(ret, AUTHORITY_DEPARTMENT, d->code, d->name, false);
        return 0;
}

int authority_of_account(enum role role, const struct region *region, const struct department *department,
                         struct authority *ret)
{
        struct authority a;
        switch (role) {
        case ROLE_COUNTY_REVIEWER:
                if (!region_is_county_level(region))
                        return -EINVAL;
                set(&a, AUTHORITY_COUNTY, region->code, region->name, true);
                break;
        case ROLE_CITY_REVIEWER:
                if (authority_of_region(region, &a) < 0 || a.kind == AUTHORITY_COUNTY)
                        return -EINVAL;
                break;
        case ROLE_DEPARTMENT_REVIEWER:
                if (authority_of_department(department, &a) < 0)
                        return -EINVAL;
                break;
        default:
                return -EINVAL;
        }
        *ret = a;
        return 0;
}

const char *authority_kind_code(enum authority_kind k)
{
        switch (k) {
        case AUTHORITY_CITY:
        case AUTHORITY_DIRECT_COUNTY:
        case AUTHORITY_COUNTY:
                return "region";
        case AUTHORITY_DEPARTMENT:
                return "department";
        default:
                return "";
        }
}

bool authority_sends_package(enum authority_kind k)
{
        return k == AUTHORITY_CITY || k == AUTHORITY_DIRECT_COUNTY || k == AUTHORITY_DEPARTMENT;
}

struct app_scope authority_recommended_scope(const struct authority *au)
{
        struct app_scope s = { 0 };
        snprintf(s.code, sizeof s.code, "%s", au->code);
        switch (au->kind) {
        case AUTHORITY_COUNTY:
                s.kind = SCOPE_REGION;
                s.statuses = status_recommended_from(ST_COUNTY_RECOMMENDED);
                break;
        case AUTHORITY_CITY:
        case AUTHORITY_DIRECT_COUNTY:
                /* its own (市直; 昆山/泰兴/沭阳's own) and its counties' alike */
                s.kind = SCOPE_CITY;
                s.statuses = s.county_statuses = status_recommended_from(ST_CITY_RECOMMENDED);
                break;
        case AUTHORITY_DEPARTMENT:
                s.kind = SCOPE_DEPARTMENT;
                s.statuses = status_recommended_from(ST_CITY_RECOMMENDED);
                break;
        default:
                s = (struct app_scope){ 0 };
                break;
        }
        return s;
}

static bool blank(const char *s)
{
        return !s || strspn(s, " \t\r\n") == strlen(s);
}

void authority_check_contact(const char *name, const char *phone, json_t *problems)
{
        long chars = name ? utf8_count(name) : 0;
        if (blank(name))
                json_object_set_new(problems, "name", json_string("请填写负责同志姓名"));
        else if (chars < 0 || chars > AUTHORITY_CONTACT_NAME_MAX)
                json_object_set_new(problems, "name", json_string("负责同志姓名不超过 50 字"));
        else if (strpbrk(name, "\t\r\n"))
                json_object_set_new(problems, "name", json_string("负责同志姓名不能含换行或制表符"));
        if (blank(phone))
                json_object_set_new(problems, "phone", json_string("请填写联系电话"));
        else if (account_mobile_problem(phone) && !form_landline_ok(phone))
                json_object_set_new(problems, "phone",
                                    json_string("联系电话应为 11 位手机号或带区号的固定电话（如 025-69652796）"));
}

bool authority_contact_late(int64_t recorded_at, int64_t now, int64_t due_end)
{
        return recorded_at ? recorded_at > due_end : now > due_end;
}
