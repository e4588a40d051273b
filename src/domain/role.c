#include "domain/role.h"

#include <string.h>

static const struct {
        const char *code;
        const char *label;
} roles[ROLE_COUNT_] = {
        [ROLE_APPLICANT] = { "applicant", "申报单位" },
        [ROLE_COUNTY_REVIEWER] = { "county_reviewer", "县（市、区）信息化主管部门" },
        [ROLE_CITY_REVIEWER] = { "city_reviewer", "设区市信息化主管部门" },
        [ROLE_DEPARTMENT_REVIEWER] = { "department_reviewer", "省有关部门" },
        [ROLE_PROVINCE_ADMIN] = { "province_admin", "省信息化办（省工信厅信息化发展处）" },
        [ROLE_EXPERT] = { "expert", "评审专家" },
};

enum role role_parse(const char *code)
{
        if (!code)
                return ROLE_NONE;
        for (int r = 1; r < ROLE_COUNT_; r++)
                if (strcmp(roles[r].code, code) == 0)
                        return (enum role)r;
        return ROLE_NONE;
}

const char *role_code(enum role r)
{
        return r > ROLE_NONE && r < ROLE_COUNT_ ? roles[r].code : "";
}

const char *role_label(enum role r)
{
        return r > ROLE_NONE && r < ROLE_COUNT_ ? roles[r].label : "";
}
