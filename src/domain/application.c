#include "domain/application.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const struct {
        const char *code;
        const char *label;
} statuses[] = {
        { "draft", "草稿" },
        { "submitted", "已提交，待县（市、区）审核" },
        { "returned", "退回修改" },
        { "rejected", "不予推荐" },
        { "county_recommended", "县（市、区）已推荐，待设区市审核" },
        { "city_recommended", "已推荐至省信息化办" },
        { "formal_passed", "形式审查通过" },
        { "formal_failed", "形式审查未通过" },
        { "expert_review", "专家评审中" },
        { "defense", "现场答辩" },
        { "evaluated", "综合评估完成" },
        { "key_project", "入选智慧江苏重点工程" },
        { "not_selected", "未入选" },
        { "landmark", "智慧江苏标志性工程" },
};

const char *app_status_label(const char *status, const char *review_level)
{
        if (status && strcmp(status, "submitted") == 0 && review_level) {
                if (strcmp(review_level, "city") == 0)
                        return "已提交，待设区市审核";
                if (strcmp(review_level, "department") == 0)
                        return "已提交，待省有关部门审核";
        }
        for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
                if (status && strcmp(statuses[i].code, status) == 0)
                        return statuses[i].label;
        return "";
}

bool app_status_valid(const char *status)
{
        return *app_status_label(status, NULL) != '\0';
}

bool app_editable(const char *status)
{
        return status && (strcmp(status, "draft") == 0 || strcmp(status, "returned") == 0);
}

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
        if (level && strcmp(level, "department") != 0 && *name)
                snprintf(buf, AUTHORITY_NAME_MAX, "%s信息化主管部门", name);
        else
                snprintf(buf, AUTHORITY_NAME_MAX, "%s", name);
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
        } else if (strcmp(affiliation, "city_direct") == 0) {
                const struct region *city = region_city_of(regions, n, r);
                if (!city)
                        return -EINVAL;
                t.level = REVIEW_CITY;
                snprintf(t.code, sizeof t.code, "%s", city->code);
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

struct app_scope app_scope_for(enum role role, int64_t unit_id, const char *region_code,
                               const char *department_code)
{
        struct app_scope s = { 0 };
        switch (role) {
        case ROLE_APPLICANT:
                s.kind = unit_id ? SCOPE_UNIT : SCOPE_NONE;
                s.unit_id = unit_id;
                break;
        case ROLE_COUNTY_REVIEWER:
        case ROLE_CITY_REVIEWER:
                s.kind = !region_code || !*region_code ? SCOPE_NONE
                         : role == ROLE_CITY_REVIEWER  ? SCOPE_CITY
                                                       : SCOPE_REVIEW_REGION;
                snprintf(s.code, sizeof s.code, "%s", region_code ? region_code : "");
                break;
        case ROLE_DEPARTMENT_REVIEWER:
                s.kind = department_code && *department_code ? SCOPE_REVIEW_DEPARTMENT : SCOPE_NONE;
                snprintf(s.code, sizeof s.code, "%s", department_code ? department_code : "");
                break;
        case ROLE_PROVINCE_ADMIN:
                s.kind = SCOPE_ALL_SUBMITTED;
                break;
        default:
                s.kind = SCOPE_NONE;
                break;
        }
        return s;
}
