#include "domain/workflow.h"

#include <stdio.h>
#include <string.h>

#include "domain/campaign.h"
#include "util/arena.h"
#include "util/timeutil.h"

/* ---- statuses ---- */

static const struct {
        const char *code, *label;
} statuses[ST_COUNT_] = {
        [ST_NONE] = { "", "" },
        [ST_DRAFT] = { "draft", "草稿" },
        [ST_SUBMITTED] = { "submitted", "已提交，待审核" },
        [ST_RETURNED] = { "returned", "退回修改" },
        [ST_REJECTED] = { "rejected", "不予推荐" },
        [ST_COUNTY_RECOMMENDED] = { "county_recommended", "县（市、区）已推荐，待设区市审核" },
        [ST_CITY_RECOMMENDED] = { "city_recommended", "已推荐至省信息化办" },
        [ST_FORMAL_PASSED] = { "formal_passed", "形式审查通过" },
        [ST_FORMAL_FAILED] = { "formal_failed", "形式审查未通过" },
        [ST_EXPERT_REVIEW] = { "expert_review", "专家评审中" },
        [ST_DEFENSE] = { "defense", "现场答辩" },
        [ST_EVALUATED] = { "evaluated", "综合评估完成" },
        [ST_KEY_PROJECT] = { "key_project", "入选智慧江苏重点工程" },
        [ST_NOT_SELECTED] = { "not_selected", "未入选" },
        [ST_LANDMARK] = { "landmark", "智慧江苏标志性工程" },
};

static bool eq(const char *a, const char *b)
{
        return a && b && strcmp(a, b) == 0;
}

const char *status_code(enum app_status s)
{
        return s > ST_NONE && s < ST_COUNT_ ? statuses[s].code : "";
}

enum app_status status_parse(const char *code)
{
        for (int s = ST_DRAFT; code && s < ST_COUNT_; s++)
                if (strcmp(statuses[s].code, code) == 0)
                        return (enum app_status)s;
        return ST_NONE;
}

const char *status_label(enum app_status s, const char *review_level)
{
        /* a submission waits on the authority it went to; with no level (the filters, the
         * overview's totals) it is said for every authority at once */
        if (s == ST_SUBMITTED && eq(review_level, "county"))
                return "已提交，待县（市、区）审核";
        if (s == ST_SUBMITTED && eq(review_level, "city"))
                return "已提交，待设区市审核";
        if (s == ST_SUBMITTED && eq(review_level, "department"))
                return "已提交，待省有关部门审核";
        return s > ST_NONE && s < ST_COUNT_ ? statuses[s].label : "";
}

char *status_set_json(status_set set, struct arena *a)
{
        /* the longest: every code quoted and separated, well under 400 bytes */
        char buf[512];
        size_t n = 0;
        buf[n++] = '[';
        for (int s = ST_DRAFT; s < ST_COUNT_; s++)
                if (set & STATUS_BIT(s))
                        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\"%s\"", n > 1 ? "," : "", statuses[s].code);
        buf[n++] = ']';
        return arena_strndup(a, buf, n);
}

status_set status_editable(void)
{
        return STATUS_BIT(ST_DRAFT) | STATUS_BIT(ST_RETURNED);
}

status_set status_past_draft(void)
{
        return STATUSES_ALL & ~STATUS_BIT(ST_DRAFT);
}

status_set status_reviewed_by_experts(void)
{
        return status_recommended_from(ST_EXPERT_REVIEW);
}

status_set status_recommended_from(enum app_status first)
{
        /* the way from a county's recommendation to the province's decision, in order: "or later" */
        static const enum app_status way[] = {
                ST_COUNTY_RECOMMENDED, ST_CITY_RECOMMENDED, ST_FORMAL_PASSED, ST_FORMAL_FAILED, ST_EXPERT_REVIEW,
                ST_DEFENSE, ST_EVALUATED, ST_KEY_PROJECT, ST_NOT_SELECTED, ST_LANDMARK,
        };
        status_set set = 0;
        bool on = false;
        for (size_t i = 0; i < sizeof way / sizeof way[0]; i++) {
                on = on || way[i] == first;
                if (on)
                        set |= STATUS_BIT(way[i]);
        }
        return set;
}

/* ---- relations ---- */

static bool blank(const char *s)
{
        return !s || !*s;
}

bool workflow_target_direct(const struct wf_place *a)
{
        return eq(a->review_level, "county") && !blank(a->review_city) && eq(a->review_city, a->review_region);
}

enum wf_relation workflow_relation(const struct wf_party *p, const struct wf_place *a)
{
        switch (p->role) {
        case ROLE_APPLICANT:
                return p->unit_id && p->unit_id == a->unit_id ? REL_OWNER : REL_NONE;
        case ROLE_COUNTY_REVIEWER:
        case ROLE_CITY_REVIEWER:
                if (blank(p->region_code) || blank(a->review_level) || eq(a->review_level, "department"))
                        return REL_NONE;
                if (eq(a->review_region, p->region_code))
                        return REL_TARGET;
                /* a county of this city that is not its own city-level authority */
                if (p->role == ROLE_CITY_REVIEWER && eq(a->review_level, "county") && eq(a->review_city, p->region_code))
                        return REL_CITY_OF_TARGET;
                return REL_NONE;
        case ROLE_DEPARTMENT_REVIEWER:
                return !blank(p->department_code) && eq(a->review_level, "department") &&
                                       eq(a->review_department, p->department_code)
                               ? REL_TARGET
                               : REL_NONE;
        case ROLE_PROVINCE_ADMIN:
                return REL_PROVINCE;
        default:
                return REL_NONE;
        }
}

/* ---- the table ---- */

#define A ROLE_APPLICANT
#define CO ROLE_COUNTY_REVIEWER
#define CI ROLE_CITY_REVIEWER
#define DE ROLE_DEPARTMENT_REVIEWER
#define PA ROLE_PROVINCE_ADMIN

/* The notice's 三（一）: a unit prepares its draft, submits it inside the window to the authority
 * that reviews it first, and may withdraw it until that authority acts. Counties review first and
 * recommend to their city — 昆山市, 泰兴市 and 沭阳县 straight to the province; cities confirm what
 * their counties recommended and review their 市直 units; provincial departments review their 省直
 * units. "Return" by the first reviewer sends the application back to the applicant for revision;
 * "return" by a city sends a county's recommendation back to that county. city_recommended means
 * "at the province". The province's office then checks the form (三（二）形式审查): it passes, fails,
 * or returns the application to the authority that recommended it — to what it was before that
 * authority recommended it, and reopened for it past the local deadline (workflow_reopened). A
 * passed application goes to expert review when its first expert is assigned. */
static const struct transition table[] = {
        /* the applicant unit */
        { A, REL_OWNER, ST_NONE, NULL, DIRECT_ANY, "create", ST_DRAFT, false, GATE_BEFORE_APPLY_CLOSE,
          "创建申报", "创建本单位本年度的申报（每个单位限报 1 个项目）" },
        { A, REL_OWNER, ST_DRAFT, NULL, DIRECT_ANY, "edit", ST_DRAFT, false, 0,
          "填写", "填写申报表、上传附件" },
        { A, REL_OWNER, ST_RETURNED, NULL, DIRECT_ANY, "edit", ST_RETURNED, false, 0,
          "修改", "按修改意见修改申报表和附件" },
        { A, REL_OWNER, ST_DRAFT, NULL, DIRECT_ANY, "submit", ST_SUBMITTED, false, GATE_APPLY_WINDOW | GATE_FORM_COMPLETE,
          "提交", "提交至受理的信息化主管部门" },
        { A, REL_OWNER, ST_RETURNED, NULL, DIRECT_ANY, "submit", ST_SUBMITTED, false, GATE_APPLY_WINDOW | GATE_FORM_COMPLETE,
          "重新提交", "修改后重新提交至受理的信息化主管部门" },
        { A, REL_OWNER, ST_SUBMITTED, NULL, DIRECT_ANY, "withdraw", ST_DRAFT, false, GATE_APPLY_WINDOW,
          "撤回", "撤回修改（审核部门处理前）" },

        /* the county-level authority: a county reviewer, or the account of 昆山/泰兴/沭阳 */
        { CO, REL_TARGET, ST_SUBMITTED, "county", DIRECT_NO, "recommend", ST_COUNTY_RECOMMENDED, false,
          GATE_LOCAL_REVIEW, "推荐", "初审推荐至设区市信息化主管部门" },
        { CO, REL_TARGET, ST_SUBMITTED, "county", DIRECT_YES, "recommend", ST_CITY_RECOMMENDED, false,
          GATE_LOCAL_REVIEW, "推荐", "推荐至省信息化办" },
        { CO, REL_TARGET, ST_SUBMITTED, "county", DIRECT_ANY, "return", ST_RETURNED, true, GATE_LOCAL_REVIEW,
          "退回修改", "退回申报单位修改" },
        { CO, REL_TARGET, ST_SUBMITTED, "county", DIRECT_ANY, "reject", ST_REJECTED, true, GATE_LOCAL_REVIEW,
          "不予推荐", "不予推荐" },
        { CI, REL_TARGET, ST_SUBMITTED, "county", DIRECT_YES, "recommend", ST_CITY_RECOMMENDED, false,
          GATE_LOCAL_REVIEW, "推荐", "推荐至省信息化办" },
        { CI, REL_TARGET, ST_SUBMITTED, "county", DIRECT_YES, "return", ST_RETURNED, true, GATE_LOCAL_REVIEW,
          "退回修改", "退回申报单位修改" },
        { CI, REL_TARGET, ST_SUBMITTED, "county", DIRECT_YES, "reject", ST_REJECTED, true, GATE_LOCAL_REVIEW,
          "不予推荐", "不予推荐" },
        /* the city: confirms its counties' recommendations */
        { CI, REL_CITY_OF_TARGET, ST_COUNTY_RECOMMENDED, "county", DIRECT_NO, "recommend", ST_CITY_RECOMMENDED,
          false, GATE_LOCAL_REVIEW, "推荐", "审核确认，推荐至省信息化办" },
        { CI, REL_CITY_OF_TARGET, ST_COUNTY_RECOMMENDED, "county", DIRECT_NO, "return", ST_SUBMITTED, true,
          GATE_LOCAL_REVIEW, "退回县（市、区）", "退回县（市、区）重新审核" },
        /* the city: its 市直 units */
        { CI, REL_TARGET, ST_SUBMITTED, "city", DIRECT_ANY, "recommend", ST_CITY_RECOMMENDED, false,
          GATE_LOCAL_REVIEW, "推荐", "审核推荐至省信息化办" },
        { CI, REL_TARGET, ST_SUBMITTED, "city", DIRECT_ANY, "return", ST_RETURNED, true, GATE_LOCAL_REVIEW,
          "退回修改", "退回申报单位修改" },
        { CI, REL_TARGET, ST_SUBMITTED, "city", DIRECT_ANY, "reject", ST_REJECTED, true, GATE_LOCAL_REVIEW,
          "不予推荐", "不予推荐" },
        /* a provincial department: its 省直 units */
        { DE, REL_TARGET, ST_SUBMITTED, "department", DIRECT_ANY, "recommend", ST_CITY_RECOMMENDED, false,
          GATE_LOCAL_REVIEW, "推荐", "推荐至省信息化办" },
        { DE, REL_TARGET, ST_SUBMITTED, "department", DIRECT_ANY, "return", ST_RETURNED, true, GATE_LOCAL_REVIEW,
          "退回修改", "退回申报单位修改" },
        { DE, REL_TARGET, ST_SUBMITTED, "department", DIRECT_ANY, "reject", ST_REJECTED, true, GATE_LOCAL_REVIEW,
          "不予推荐", "不予推荐" },

        /* the province's office: the formal check (POST …/formal-check) */
        { PA, REL_PROVINCE, ST_CITY_RECOMMENDED, NULL, DIRECT_ANY, "formal_pass", ST_FORMAL_PASSED, false, 0,
          "形式审查通过", "形式审查通过，进入专家评审" },
        { PA, REL_PROVINCE, ST_CITY_RECOMMENDED, NULL, DIRECT_ANY, "formal_fail", ST_FORMAL_FAILED, true, 0,
          "形式审查不通过", "形式审查不通过，不再进入评审" },
        { PA, REL_PROVINCE, ST_CITY_RECOMMENDED, "county", DIRECT_NO, "formal_return", ST_COUNTY_RECOMMENDED, true, 0,
          "退回推荐单位", "退回设区市信息化主管部门重新审核推荐" },
        { PA, REL_PROVINCE, ST_CITY_RECOMMENDED, "county", DIRECT_YES, "formal_return", ST_SUBMITTED, true, 0,
          "退回推荐单位", "退回县（市）信息化主管部门重新审核推荐" },
        { PA, REL_PROVINCE, ST_CITY_RECOMMENDED, "city", DIRECT_ANY, "formal_return", ST_SUBMITTED, true, 0,
          "退回推荐单位", "退回设区市信息化主管部门重新审核推荐" },
        { PA, REL_PROVINCE, ST_CITY_RECOMMENDED, "department", DIRECT_ANY, "formal_return", ST_SUBMITTED, true, 0,
          "退回推荐单位", "退回省有关部门重新审核推荐" },
        /* expert review begins with the first expert assigned (POST /assignments, …/assignments/auto) */
        { PA, REL_PROVINCE, ST_FORMAL_PASSED, NULL, DIRECT_ANY, "assign", ST_EXPERT_REVIEW, false, 0,
          "分配评审专家", "分配评审专家，进入专家评审" },
        { PA, REL_PROVINCE, ST_EXPERT_REVIEW, NULL, DIRECT_ANY, "assign", ST_EXPERT_REVIEW, false, 0,
          "分配评审专家", "增补评审专家" },
};

#undef A
#undef CO
#undef CI
#undef DE
#undef PA

#define N_ROWS (sizeof table / sizeof table[0])

const struct transition *workflow_table(size_t *ret_n)
{
        *ret_n = N_ROWS;
        return table;
}

bool workflow_reopened(const struct transition *t, bool before)
{
        if (eq(t->action, "formal_return"))
                return true;
        /* recommended to the province again: the reopening has served */
        return before && t->to != ST_CITY_RECOMMENDED;
}

const char *workflow_reason_missing(const char *action)
{
        if (eq(action, "reject"))
                return "不予推荐须填写理由";
        if (eq(action, "formal_fail"))
                return "形式审查不通过须填写理由";
        if (eq(action, "formal_return"))
                return "退回推荐单位须填写理由";
        return "退回须填写修改意见";
}

/* The row matches the user and the application, time aside. */
static bool applies(const struct transition *t, enum role role, const struct wf_facts *f)
{
        return t->role == role && t->relation == f->relation && t->from == f->status &&
               (!t->level || eq(t->level, f->level)) &&
               (t->direct == DIRECT_ANY || (t->direct == DIRECT_YES) == f->target_direct);
}

enum wf_gate workflow_shut_gate(const struct transition *t, const struct wf_facts *f)
{
        unsigned shut = t->gates & ~f->open;
        return (enum wf_gate)(shut & -shut);    /* the lowest: time windows come first */
}

static bool gate_open(const struct transition *t, const struct wf_facts *f)
{
        return workflow_shut_gate(t, f) == 0;
}

enum wf_verdict workflow_decide(enum role role, const struct wf_facts *f, const char *action, bool has_reason,
                                const struct transition **ret)
{
        bool known = false;
        for (size_t i = 0; i < N_ROWS; i++) {
                const struct transition *t = &table[i];
                if (!eq(t->action, action))
                        continue;
                known = true;
                if (!applies(t, role, f))
                        continue;
                *ret = t;
                if (!gate_open(t, f))
                        return WF_CLOSED;
                return t->reason_required && !has_reason ? WF_REASON_REQUIRED : WF_OK;
        }
        return known ? WF_NOT_ALLOWED : WF_UNKNOWN_ACTION;
}

size_t workflow_allowed(enum role role, const struct wf_facts *f, const struct transition **out, size_t max)
{
        size_t n = 0;
        for (size_t i = 0; i < N_ROWS && n < max; i++)
                if (applies(&table[i], role, f) && gate_open(&table[i], f))
                        out[n++] = &table[i];
        return n;
}

bool workflow_can(enum role role, enum app_status status, const char *action)
{
        for (size_t i = 0; i < N_ROWS; i++)
                if (table[i].role == role && table[i].from == status && eq(table[i].action, action))
                        return true;
        return false;
}

unsigned workflow_gates_of(enum role role, const char *action)
{
        unsigned gates = 0;
        for (size_t i = 0; i < N_ROWS; i++)
                if (table[i].role == role && eq(table[i].action, action))
                        gates |= table[i].gates;
        return gates;
}

const char *workflow_refusal(const char *action, enum app_status status, const char *review_level, struct arena *a)
{
        if (eq(action, "edit") || eq(action, "submit"))
                return status == ST_SUBMITTED ? "申报已提交并锁定，不能修改；如需修改请先撤回"
                                              : arena_printf(a, "申报当前状态为“%s”，不能修改或提交",
                                                             status_label(status, review_level));
        if (eq(action, "withdraw"))
                return status == ST_DRAFT || status == ST_RETURNED ? "申报尚未提交，无需撤回"
                                                                   : "审核部门已处理该申报，不能撤回";
        if (eq(action, "create"))
                return "本单位已有本年度的申报（每个单位限报 1 个项目），请在“我的申报”中继续填写";
        if (eq(action, "formal_pass") || eq(action, "formal_fail") || eq(action, "formal_return"))
                return arena_printf(a, "该申报当前状态为“%s”，不在待形式审查阶段（须为“已推荐至省信息化办”）",
                                    status_label(status, review_level));
        if (eq(action, "assign"))
                return arena_printf(a, "该申报当前状态为“%s”，未通过形式审查，不能分配评审专家",
                                    status_label(status, review_level));
        return arena_printf(a, "该申报当前状态为“%s”，不能由本部门进行此操作", status_label(status, review_level));
}

const char *workflow_closed_message(const struct transition *t, enum wf_gate gate, const struct campaign *c,
                                    struct arena *a)
{
        char open[32], close[32], due[32];
        date_format(c->apply_open, open);
        date_format(c->apply_close, close);
        date_format(c->local_review_due, due);
        switch (gate) {
        case GATE_APPLY_WINDOW:
                /* a withdrawn application could never be submitted again */
                if (eq(t->action, "withdraw"))
                        return "申报已截止，撤回后将无法再次提交，因此不能撤回";
                /* fall through */
        case GATE_BEFORE_APPLY_CLOSE:
                return arena_printf(a, "%d年申报时间为 %s 至 %s（北京时间），当前不在申报时间内", c->year, open, close);
        case GATE_LOCAL_REVIEW:
                return arena_printf(a, "地方审核推荐已于 %s 截止（北京时间）", due);
        case GATE_FORM_COMPLETE:
                return "申报表尚未填写完整或有不符合要求的内容，请按提示修改后再提交";
        default:
                return "当前不在办理时间内";
        }
}

const char *workflow_event_label(const char *role, const char *action, const char *from, const char *to)
{
        enum role r = role_parse(role);
        enum app_status f = from ? status_parse(from) : ST_NONE, t = status_parse(to);
        for (size_t i = 0; i < N_ROWS; i++)
                if (table[i].role == r && table[i].from == f && table[i].to == t && eq(table[i].action, action))
                        return table[i].label;
        static const struct {
                const char *action, *label;
        } plain[] = {
                { "create", "创建申报" }, { "edit", "修改" },    { "submit", "提交" },     { "withdraw", "撤回" },
                { "recommend", "推荐" },  { "return", "退回" }, { "reject", "不予推荐" },
                { "formal_pass", "形式审查通过" }, { "formal_fail", "形式审查不通过" },
                { "formal_return", "退回推荐单位" }, { "assign", "分配评审专家" },
        };
        for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
                if (eq(plain[i].action, action))
                        return plain[i].label;
        return action ? action : "";
}

/* ---- data scope ---- */

struct app_scope workflow_scope(const struct wf_party *p)
{
        struct app_scope s = { 0 };
        switch (p->role) {
        case ROLE_APPLICANT:
                if (p->unit_id) {
                        s.kind = SCOPE_UNIT;
                        s.unit_id = p->unit_id;
                        s.statuses = STATUSES_ALL;
                }
                break;
        case ROLE_COUNTY_REVIEWER:
        case ROLE_CITY_REVIEWER:
                if (blank(p->region_code))
                        break;
                snprintf(s.code, sizeof s.code, "%s", p->region_code);
                /* drafts are their owner's alone, also a withdrawn one that once went somewhere */
                s.statuses = status_past_draft();
                if (p->role == ROLE_COUNTY_REVIEWER) {
                        s.kind = SCOPE_REGION;
                } else {
                        /* what its counties recommended — 昆山/泰兴/沭阳's go straight to the province */
                        s.kind = SCOPE_CITY;
                        s.county_statuses = status_recommended_from(ST_COUNTY_RECOMMENDED);
                }
                break;
        case ROLE_DEPARTMENT_REVIEWER:
                if (blank(p->department_code))
                        break;
                s.kind = SCOPE_DEPARTMENT;
                snprintf(s.code, sizeof s.code, "%s", p->department_code);
                s.statuses = status_past_draft();
                break;
        case ROLE_PROVINCE_ADMIN:
                s.kind = SCOPE_ALL;
                s.statuses = status_past_draft();
                break;
        case ROLE_EXPERT:
                /* what the office assigned to it, while it is under or past expert review */
                if (p->expert_id) {
                        s.kind = SCOPE_EXPERT;
                        s.expert_id = p->expert_id;
                        s.statuses = status_reviewed_by_experts();
                }
                break;
        default:
                break;
        }
        return s;
}

/* The statuses in which an application waits for this role, with this relation: some row leaves
 * from them, other than the optional edit and withdraw. */
static status_set from_states(enum role role, enum wf_relation rel)
{
        status_set set = 0;
        for (size_t i = 0; i < N_ROWS; i++)
                if (table[i].role == role && table[i].relation == rel && table[i].from != ST_NONE &&
                    !eq(table[i].action, "edit") && !eq(table[i].action, "withdraw"))
                        set |= STATUS_BIT(table[i].from);
        return set;
}

struct app_scope workflow_waiting(const struct wf_party *p)
{
        struct app_scope s = workflow_scope(p);
        enum wf_relation own = p->role == ROLE_APPLICANT     ? REL_OWNER
                               : p->role == ROLE_PROVINCE_ADMIN ? REL_PROVINCE
                                                                : REL_TARGET;
        s.statuses &= from_states(p->role, own);
        s.county_statuses &= from_states(p->role, REL_CITY_OF_TARGET);
        return s;
}

void workflow_scope_narrow(struct app_scope *s, enum app_status only)
{
        s->statuses &= STATUS_BIT(only);
        s->county_statuses &= STATUS_BIT(only);
}
