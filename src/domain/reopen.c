#include "domain/reopen.h"

#include <stdio.h>
#include <string.h>

#include "util/timeutil.h"
#include "util/utf8.h"

const char *reopen_kind_code(enum reopen_kind k)
{
        return k == REOPEN_REGION ? "region" : k == REOPEN_DEPARTMENT ? "department" : "";
}

enum reopen_kind reopen_kind_parse(const char *s)
{
        if (s && strcmp(s, "region") == 0)
                return REOPEN_REGION;
        if (s && strcmp(s, "department") == 0)
                return REOPEN_DEPARTMENT;
        return REOPEN_NONE;
}

struct reopen_authority reopen_authority_of(enum role role, const char *region_code, const char *department_code)
{
        switch (role) {
        case ROLE_COUNTY_REVIEWER:
        case ROLE_CITY_REVIEWER:
                if (region_code && *region_code)
                        return (struct reopen_authority){ REOPEN_REGION, region_code };
                break;
        case ROLE_DEPARTMENT_REVIEWER:
                if (department_code && *department_code)
                        return (struct reopen_authority){ REOPEN_DEPARTMENT, department_code };
                break;
        default:
                break;
        }
        return (struct reopen_authority){ REOPEN_NONE, "" };
}

bool review_open_for(int32_t local_review_due, const struct reopen_authority *who, const struct reopening *list,
                     size_t n, int64_t now)
{
        if (now <= beijing_day_end(local_review_due))
                return true;
        if (!who || who->kind == REOPEN_NONE || !who->code)
                return false;
        for (size_t i = 0; i < n; i++) {
                const struct reopening *r = &list[i];
                if (r->authority.kind == who->kind && r->authority.code && strcmp(r->authority.code, who->code) == 0 &&
                    now <= beijing_day_end(r->until))
                        return true;
        }
        return false;
}

void reopen_check(int32_t local_review_due, int64_t now, const char *until, const char *reason, json_t *problems,
                  int32_t *ret_until)
{
        char due[32], last[32];
        date_format(local_review_due, due);
        date_format(local_review_due + REOPEN_MAX_DAYS, last);
        int32_t d;
        if (!until || date_parse(until, &d) < 0) {
                json_object_set_new(problems, "until", json_string("延长截止日期应为 YYYY-MM-DD 格式的日期"));
        } else if (d <= local_review_due) {
                char msg[200];
                snprintf(msg, sizeof msg, "延长截止日期应晚于地方审核截止日期 %s", due);
                json_object_set_new(problems, "until", json_string(msg));
        } else if (d > local_review_due + REOPEN_MAX_DAYS) {
                char msg[200];
                snprintf(msg, sizeof msg, "延长截止日期最晚为 %s（地方审核截止后 %d 天内）", last, REOPEN_MAX_DAYS);
                json_object_set_new(problems, "until", json_string(msg));
        } else if (d < beijing_day_of(now)) {
                json_object_set_new(problems, "until", json_string("延长截止日期不能早于今天"));
        } else {
                *ret_until = d;
        }
        long chars = reason ? utf8_count(reason) : 0;
        bool blank = !reason || strspn(reason, " \t\r\n") == strlen(reason);
        if (blank) {
                json_object_set_new(problems, "reason", json_string("重新开放须填写理由"));
        } else if (chars > REOPEN_REASON_MAX_CHARS) {
                char msg[200];
                snprintf(msg, sizeof msg, "理由不超过 %d 字（现 %ld 字）", REOPEN_REASON_MAX_CHARS, chars);
                json_object_set_new(problems, "reason", json_string(msg));
        }
}
