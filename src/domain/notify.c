#include "domain/notify.h"

#include <string.h>

#include "domain/campaign.h"
#include "util/arena.h"
#include "util/timeutil.h"

static bool eq(const char *a, const char *b)
{
        return a && b && strcmp(a, b) == 0;
}

static const char *project_of(const char *name)
{
        return name && *name ? name : "（未命名项目）";
}

/* The reason as written, without its closing full stop: the sentence around it adds one. */
static const char *reason_of(struct arena *a, const char *reason)
{
        if (!reason || !*reason)
                return "（未填写）";
        size_t n = strlen(reason);
        static const char stop[] = "。";
        while (n >= sizeof stop - 1 && memcmp(reason + n - (sizeof stop - 1), stop, sizeof stop - 1) == 0)
                n -= sizeof stop - 1;
        while (n > 0 && (reason[n - 1] == '.' || reason[n - 1] == ' '))
                n--;
        return n ? arena_strndup(a, reason, n) : "（未填写）";
}

static struct notice notice(struct arena *a, enum notify_audience to, const char *kind, const char *title,
                            char *body)
{
        return (struct notice){ .audience = to, .kind = kind, .title = arena_strdup(a, title), .body = body };
}

/* The notice's 三（一）: the applicant hears of every decision on its project; the next reviewer hears
 * when something arrives on its desk. A withdrawal or a creation tells nobody, nor does an
 * assignment (the expert is told of its own assignments, api/assignments.c; the applicant never
 * learns who reviews it). */
size_t notify_for_change(const struct notify_change *c, struct arena *a, struct notice out[NOTIFY_MAX])
{
        const char *p = project_of(c->project_name);
        const char *who = c->actor_authority && *c->actor_authority ? c->actor_authority : "审核部门";
        size_t n = 0;
        if (eq(c->action, "submit") && eq(c->to, "submitted")) {
                bool again = eq(c->from, "returned");
                out[n++] = notice(a, NOTIFY_TARGET_REVIEWERS, "arrived", again ? "申报已重新提交" : "收到新的申报",
                                  arena_printf(a, "项目“%s”%s，请及时审核。", p,
                                               again ? "已按修改意见重新提交" : "已提交至本部门"));
        } else if (eq(c->action, "return") && eq(c->to, "returned")) {
                out[n++] = notice(a, NOTIFY_OWNER, "returned", "申报被退回修改",
                                  arena_printf(a, "您单位申报的项目“%s”被%s退回修改。修改意见：%s。请按意见修改后重新提交。", p,
                                               who, reason_of(a, c->reason)));
        } else if (eq(c->action, "return") && eq(c->from, "county_recommended") && eq(c->to, "submitted")) {
                out[n++] = notice(a, NOTIFY_TARGET_REVIEWERS, "sent_back", "设区市退回重新审核",
                                  arena_printf(a, "项目“%s”被%s退回重新审核。理由：%s。", p, who, reason_of(a, c->reason)));
        } else if (eq(c->action, "reject") && eq(c->to, "rejected")) {
                out[n++] = notice(a, NOTIFY_OWNER, "rejected", "申报未获推荐",
                                  arena_printf(a, "您单位申报的项目“%s”经%s审核，不予推荐。理由：%s。", p, who,
                                               reason_of(a, c->reason)));
        } else if (eq(c->action, "recommend") && eq(c->to, "county_recommended")) {
                out[n++] = notice(a, NOTIFY_OWNER, "recommended", "已推荐至设区市",
                                  arena_printf(a, "您单位申报的项目“%s”已由%s审核推荐至设区市。", p, who));
                out[n++] = notice(a, NOTIFY_CITY_REVIEWERS, "arrived", "收到县（市、区）推荐的项目",
                                  arena_printf(a, "%s推荐了项目“%s”，请审核确认。", who, p));
        } else if (eq(c->action, "recommend") && eq(c->to, "city_recommended")) {
                out[n++] = notice(a, NOTIFY_OWNER, "recommended", "已推荐至省信息化办",
                                  arena_printf(a, "您单位申报的项目“%s”已由%s推荐至省信息化办。", p, who));
        } else if (eq(c->action, "formal_pass")) {
                out[n++] = notice(a, NOTIFY_OWNER, "formal_passed", "已通过形式审查",
                                  arena_printf(a, "您单位申报的项目“%s”已通过省信息化办形式审查，将进入专家评审。", p));
        } else if (eq(c->action, "formal_fail")) {
                out[n++] = notice(a, NOTIFY_OWNER, "formal_failed", "未通过形式审查",
                                  arena_printf(a, "您单位申报的项目“%s”未通过省信息化办形式审查。理由：%s。", p,
                                               reason_of(a, c->reason)));
        } else if (eq(c->action, "formal_return")) {
                /* back at the city that confirmed a county's recommendation, or at the authority that
                 * recommended it itself; it may act on it again past the local deadline */
                bool city = eq(c->to, "county_recommended");
                out[n++] = notice(a, city ? NOTIFY_CITY_REVIEWERS : NOTIFY_TARGET_REVIEWERS, "sent_back",
                                  "省信息化办退回重新审核",
                                  arena_printf(a, "项目“%s”在形式审查中被省信息化办退回本部门重新审核推荐（不受地方审核截止时间限制）。理由：%s。",
                                               p, reason_of(a, c->reason)));
                out[n++] = notice(a, NOTIFY_OWNER, "sent_back", "申报退回推荐单位重新审核",
                                  arena_printf(a, "您单位申报的项目“%s”在形式审查中被省信息化办退回推荐单位重新审核。理由：%s。",
                                               p, reason_of(a, c->reason)));
        }
        return n;
}

static bool in_reminder(int32_t due, int64_t now)
{
        return now >= beijing_day_start(due - NOTIFY_REMIND_DAYS) && now <= beijing_day_end(due);
}

enum notify_deadline notify_deadline_for(enum role role, const struct campaign *c, int64_t now)
{
        switch (role) {
        case ROLE_APPLICANT:
                return in_reminder(c->apply_close, now) ? DEADLINE_APPLY : DEADLINE_NONE;
        case ROLE_COUNTY_REVIEWER:
        case ROLE_CITY_REVIEWER:
        case ROLE_DEPARTMENT_REVIEWER:
                return in_reminder(c->local_review_due, now) ? DEADLINE_REVIEW : DEADLINE_NONE;
        default:
                return DEADLINE_NONE;
        }
}

const char *notify_deadline_key(enum notify_deadline d, const struct campaign *c, struct arena *a)
{
        return arena_printf(a, "%s:%d", d == DEADLINE_APPLY ? "apply_close" : "local_review_due", c->year);
}

struct notice notify_deadline_notice(enum notify_deadline d, const struct campaign *c, const char *project_name,
                                     long waiting, struct arena *a)
{
        char due[32];
        if (d == DEADLINE_APPLY) {
                date_format(c->apply_close, due);
                return notice(a, NOTIFY_OWNER, "deadline_apply", "申报截止前 3 天",
                              arena_printf(a, "%d年度申报将于 %s 23:59:59（北京时间）截止，您单位的项目“%s”尚未提交，"
                                              "请尽快完善申报材料并提交，逾期将无法提交。",
                                           c->year, due, project_of(project_name)));
        }
        date_format(c->local_review_due, due);
        return notice(a, NOTIFY_TARGET_REVIEWERS, "deadline_review", "地方审核截止前 3 天",
                      arena_printf(a, "%d年度地方审核推荐将于 %s 23:59:59（北京时间）截止，您还有 %ld 个项目待审核，请及时处理。",
                                   c->year, due, waiting));
}

struct notice notify_reopened_notice(int year, int32_t until, const char *reason, struct arena *a)
{
        char day[32];
        date_format(until, day);
        return notice(a, NOTIFY_TARGET_REVIEWERS, "reopened", "地方审核已重新开放",
                      arena_printf(a, "省信息化办已为本部门重新开放%d年度地方审核推荐，截止 %s 23:59:59（北京时间）。理由：%s。",
                                   year, day, reason_of(a, reason)));
}
