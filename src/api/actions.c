/* The API's side of the workflow (domain/workflow.h): the facts a decision needs about an
 * application and the caller, the actions the caller may take now (allowed_actions), deciding one
 * action with the right refusal, and finishing an action's transaction. Every endpoint that
 * changes an application decides through api_decide. */
#include <errno.h>
#include <string.h>

#include "api/api.h"
#include "domain/attachment.h"
#include "domain/campaign.h"
#include "domain/form.h"
#include "domain/reopen.h"
#include "util/arena.h"
#include "util/timeutil.h"

struct wf_party api_party(struct call *c)
{
        return (struct wf_party){ .role = c->user.role, .unit_id = c->user.unit_id,
                                  .region_code = c->user.region_code ? c->user.region_code : "",
                                  .department_code = c->user.department_code ? c->user.department_code : "",
                                  .expert_id = c->user.expert_id };
}

struct app_scope api_scope(struct call *c)
{
        struct wf_party p = api_party(c);
        return workflow_scope(&p);
}

struct wf_place api_place(const struct app_row *a)
{
        return (struct wf_place){ .unit_id = a->unit_id, .review_level = a->review_level,
                                  .review_region = a->review_region, .review_department = a->review_department,
                                  .review_city = a->review_city };
}

int api_review_open(struct call *c, const struct campaign *cp, bool *ret_open)
{
        if (c->now <= beijing_day_end(cp->local_review_due)) {
                *ret_open = true;
                return 0;
        }
        struct reopen_authority who = reopen_authority_of(c->user.role, c->user.region_code, c->user.department_code);
        struct reopening_row *rows = NULL;
        size_t n = 0;
        int err = 0;
        if (who.kind != REOPEN_NONE)
                err = store_reopening_list(c->db, c->arena, cp->year, reopen_kind_code(who.kind), who.code, &rows, &n);
        if (err < 0)
                return err;
        struct reopening *list = arena_alloc(c->arena, (n ? n : 1) * sizeof *list);
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
                int32_t until;
                if (date_parse(rows[i].until, &until) < 0)
                        continue;
                list[m++] = (struct reopening){ { reopen_kind_parse(rows[i].kind), rows[i].code }, until };
        }
        *ret_open = review_open_for(cp->local_review_due, &who, list, m, c->now);
        return 0;
}

/* Local review open for the caller's authority in this call: asked once per request and call. */
static int local_review_open(struct call *c, const struct campaign *cp, bool *ret)
{
        if (c->review_open_year != cp->year) {
                bool open = false;
                int err = api_review_open(c, cp, &open);
                if (err < 0)
                        return err;
                c->review_open_year = cp->year;
                c->review_open = open;
        }
        *ret = c->review_open;
        return 0;
}

int api_facts(struct call *c, const struct app_row *a, struct wf_facts *ret)
{
        return api_facts_known(c, a, -1, ret);
}

int api_facts_known(struct call *c, const struct app_row *a, int problems, struct wf_facts *ret)
{
        const struct campaign *cp = api_campaign(a ? a->campaign : c->year);
        if (!cp)
                return -EIO;
        struct wf_party p = api_party(c);
        struct wf_facts f = { .status = ST_NONE, .level = "", .relation = p.role == ROLE_APPLICANT ? REL_OWNER : REL_NONE };
        if (a) {
                struct wf_place place = api_place(a);
                f.status = status_parse(a->status);
                f.level = a->review_level;
                f.relation = workflow_relation(&p, &place);
                f.target_direct = workflow_target_direct(&place);
        }
        /* an application the province's formal check sent back is open to the way back to the
         * province past the deadlines: its authorities (below) and, if they return it to the
         * unit, the unit's resubmission */
        if (campaign_window_open(cp, c->now) || (a && a->reopened_local && f.relation == REL_OWNER))
                f.open |= GATE_APPLY_WINDOW;
        if (c->now <= beijing_day_end(cp->apply_close))
                f.open |= GATE_BEFORE_APPLY_CLOSE;
        /* only someone with a local review row could pass that gate: nobody else costs a query */
        if (f.relation == REL_TARGET || f.relation == REL_CITY_OF_TARGET) {
                /* a formal check's return reopened it for whoever it went back to */
                bool open = a && a->reopened_local;
                int err = open ? 0 : local_review_open(c, cp, &open);
                if (err < 0)
                        return err;
                if (open)
                        f.open |= GATE_LOCAL_REVIEW;
        }
        /* only the owner of a form it may still change needs to know whether it is complete, and
         * only when a row it asks about needs it (API_PROBLEMS_UNNEEDED: none does) */
        if (a && problems != API_PROBLEMS_UNNEEDED && f.relation == REL_OWNER &&
            (status_editable() & STATUS_BIT(f.status))) {
                if (problems < 0) {
                        json_t *found = NULL;
                        int err = api_app_problems(c, a, &found);
                        problems = found ? (int)json_object_size(found) : 0;
                        json_decref(found);
                        if (err < 0)
                                return err;
                }
                if (problems == 0)
                        f.open |= GATE_FORM_COMPLETE;
        }
        *ret = f;
        return 0;
}

static bool has_text(const char *s)
{
        return s && strspn(s, " \t\r\n") != strlen(s);
}

int api_decide(struct call *c, const struct app_row *a, const char *action, const char *reason,
               const struct transition **ret)
{
        struct wf_facts f;
        /* a save is decided on every keystroke's autosave: the form's completeness is worked out
         * only for an action whose rows need it (submit) */
        bool needs_problems = workflow_gates_of(c->user.role, action) & GATE_FORM_COMPLETE;
        int err = api_facts_known(c, a, needs_problems ? -1 : API_PROBLEMS_UNNEEDED, &f);
        if (err < 0)
                return err;
        const struct transition *t = NULL;
        switch (workflow_decide(c->user.role, &f, action, has_text(reason), &t)) {
        case WF_OK:
                *ret = t;
                return 0;
        case WF_UNKNOWN_ACTION:
                return api_invalid(c, json_pack("{s:s}", "action", "不支持的操作"));
        case WF_NOT_ALLOWED:
                return api_fail(c, E_CONFLICT, workflow_refusal(action, f.status, f.level, c->arena), NULL);
        case WF_CLOSED: {
                enum wf_gate gate = workflow_shut_gate(t, &f);
                const struct campaign *cp = api_campaign(a ? a->campaign : c->year);
                const char *why = workflow_closed_message(t, gate, cp, c->arena);
                if (gate != GATE_FORM_COMPLETE)
                        return api_fail(c, E_WINDOW_CLOSED, why, NULL);
                json_t *problems = NULL;
                err = api_app_problems(c, a, &problems);
                return err < 0 ? err : api_fail(c, E_VALIDATION_FAILED, why, problems);
        }
        case WF_REASON_REQUIRED:
                return api_invalid(c, json_pack("{s:s}", "comment", workflow_reason_missing(action)));
        }
        return -EINVAL;
}

int api_record(struct call *c, int64_t app_id, const char *action, const char *from, const char *to,
               const char *reason)
{
        return store_event_insert(c->db, app_id, c->now, c->user.id, role_code(c->user.role), action, from, to,
                                  reason ? reason : "");
}

/* The form checked against every rule (domain/form.c): what stops submission, what to notice. */
int api_form_check(struct call *c, const struct app_row *a, json_t *form, const struct attachment_row *att,
                   size_t n_att, json_t **ret_problems, json_t **ret_warnings)
{
        const struct region *regions;
        struct department *deps;
        size_t nr, nd;
        const struct campaign *cp = api_campaign(a->campaign);
        int err = cp ? api_regions(&regions, &nr) : -EIO;
        if (err == 0)
                err = store_department_list(c->db, c->arena, &deps, &nd);
        if (err < 0)
                return err;
        struct form_context ctx = { .campaign = cp, .account_unit_name = a->unit_name,
                                    .account_credit_code = a->credit_code, .regions = regions, .n_regions = nr,
                                    .departments = deps, .n_departments = nd };
        for (size_t i = 0; i < n_att; i++) {
                enum attachment_kind k = attachment_kind_parse(att[i].kind);
                if (k != ATT_NONE)
                        ctx.attachments |= ATT_BIT(k);
        }
        *ret_problems = json_object();
        *ret_warnings = json_object();
        form_check(form, &ctx, *ret_problems, *ret_warnings);
        return 0;
}

int api_app_problems(struct call *c, const struct app_row *a, json_t **ret)
{
        struct attachment_row *att;
        size_t n_att;
        json_t *form = json_loads(a->form_json, 0, NULL), *warnings = NULL;
        int err = form ? store_attachment_list(c->db, c->arena, a->id, &att, &n_att) : -EIO;
        if (err == 0)
                err = api_form_check(c, a, form, att, n_att, ret, &warnings);
        json_decref(warnings);
        json_decref(form);
        return err;
}
