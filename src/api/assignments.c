/* The expert review's assignments (API.md "Provincial evaluation"): who reviews what, the expert's
 * score sheet, a conflict the expert declares, the office reopening a submitted score, progress
 * and reminders. An expert sees only its own assignments: never another's scores, never who else
 * reviews the project. Making assignments (by hand or by the draw) is in api/draw.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "docs/docs.h"
#include "domain/campaign.h"
#include "domain/score.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/money.h"
#include "util/timeutil.h"
#include "util/utf8.h"

#define REASON_MAX_CHARS 500

const char *api_assignment_status_label(const char *status)
{
        static const struct {
                const char *code, *label;
        } labels[] = {
                { "assigned", "待评分" },
                { "draft", "评分中（草稿）" },
                { "submitted", "已提交" },
                { "conflict_declared", "已申明回避" },
        };
        for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
                if (strcmp(labels[i].code, status) == 0)
                        return labels[i].label;
        return status;
}

static json_t *points(int64_t hundredths)
{
        return hundredths < 0 ? json_null() : json_real((double)hundredths / 100.0);
}

/* The criteria as numbers with their two decimals: {"fit": 26.5}. */
static json_t *criteria_json(const struct campaign *cp, const char *stored_text)
{
        json_t *stored = json_loads(stored_text, 0, NULL), *out = json_object();
        struct score_sheet s;
        score_from_stored(&cp->evaluation, stored, &s);
        for (size_t i = 0; i < cp->evaluation.n_rubric; i++)
                json_object_set_new(out, cp->evaluation.rubric[i].code, s.given[i] ? points(s.points[i]) : json_null());
        json_decref(stored);
        return out;
}

/* One assignment as the caller may see it: the expert its own sheet, the office everything. */
json_t *api_assignment_json(struct call *c, const struct assignment_row *s)
{
        const struct campaign *cp = api_campaign(s->campaign);
        char at[32], sub[32];
        json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:s, s:o, s:s, s:s?, s:s, s:I, s:{s:s?, s:s, s:s, s:s, s:s, s:s}}",
                              "id", (json_int_t)s->id, "application_id", (json_int_t)s->application_id,
                              "expert_id", (json_int_t)s->expert_id, "status", s->status, "status_label",
                              api_assignment_status_label(s->status), "total", points(s->total), "comment",
                              s->comment, "submitted_at",
                              s->submitted_at ? time_format_beijing(s->submitted_at, sub) : NULL, "updated_at",
                              time_format_beijing(s->updated_at, at), "version", (json_int_t)s->version,
                              "application", "submission_no", *s->submission_no ? s->submission_no : NULL,
                              "project_name", s->project_name, "category", s->category, "unit_name", s->unit_name,
                              "status", s->app_status, "status_label",
                              status_label(status_parse(s->app_status), NULL));
        if (cp && cp->has_evaluation)
                json_object_set_new(o, "criteria", criteria_json(cp, s->criteria_json));
        /* sent back by the office: why, while it is a draft again */
        char ro[32];
        json_object_set_new(o, "reopened", s->reopen_reason && strcmp(s->status, "submitted") != 0
                                                   ? json_pack("{s:s, s:s}", "reason", s->reopen_reason, "at",
                                                               time_format_beijing(s->reopened_at, ro))
                                                   : json_null());
        if (c->user.role == ROLE_PROVINCE_ADMIN) {
                json_object_set_new(o, "expert_name", json_string(s->expert_name));
                json_object_set_new(o, "draw_id", s->draw_id ? json_integer(s->draw_id) : json_null());
        }
        return o;
}

/* A notification to an expert's account (none when the expert has no account: the office then
 * tells them by other means). Inside the caller's transaction. */
int api_notify_expert(struct call *c, int64_t expert_id, int64_t app_id, const char *kind, const char *title,
                      const char *body)
{
        struct expert_row e;
        int err = store_expert_get(c->db, c->arena, 0, expert_id, &e);
        if (err < 0 || !e.user_id)
                return err == -ENOENT ? 0 : err;
        return store_notification_insert(c->db, e.user_id, c->now, kind, app_id, title, body, NULL);
}

/* The assignment of the path's {id} as the caller may see it: the office any, an expert its own
 * (another's is not found, whatever it is). */
static int api_assignment_load(struct call *c, struct assignment_row *ret)
{
        int err = store_assignment_get(c->db, c->arena, c->id, ret);
        if (err < 0)
                return err;
        if (c->user.role == ROLE_PROVINCE_ADMIN)
                return 0;
        return c->user.role == ROLE_EXPERT && c->user.expert_id && ret->expert_id == c->user.expert_id ? 0 : -ENOENT;
}

static int id_query(struct call *c, const char *name, int64_t *ret)
{
        const char *v = api_query(c, name);
        *ret = 0;
        if (!v)
                return 0;
        char *end;
        long long n = strtoll(v, &end, 10);
        if (*end || n <= 0 || strlen(v) > 15)
                return api_fail(c, E_BAD_REQUEST, "查询参数有误",
                                json_pack("{s:s}", name, arena_printf(c->arena, "%s 应为正整数编号", name)));
        *ret = n;
        return 0;
}

/* GET /api/v1/assignments: an expert its own; the office all (?application_id=, ?expert_id=,
 * ?campaign=). */
int api_assignments_list(struct call *c)
{
        struct assignment_filter f = { 0 };
        int err = id_query(c, "application_id", &f.application_id);
        if (err == 0)
                err = id_query(c, "expert_id", &f.expert_id);
        if (err < 0)
                return err;
        const char *campaign = api_query(c, "campaign");
        if (campaign) {
                f.campaign = atoi(campaign);
                if (!api_campaign(f.campaign))
                        return api_fail(c, E_BAD_REQUEST, "查询参数有误", json_pack("{s:s}", "campaign", "没有该年度的申报"));
        }
        if (c->user.role == ROLE_EXPERT) {
                /* its own only (a declared conflict stays listed as such: its own word, nothing more) */
                if (!c->user.expert_id || (f.expert_id && f.expert_id != c->user.expert_id))
                        return api_json(c, 200, json_pack("{s:[], s:i}", "items", "total", 0));
                f.expert_id = c->user.expert_id;
        }
        struct assignment_row *rows;
        size_t n;
        err = store_assignment_list(c->db, c->arena, &f, &rows, &n);
        if (err < 0)
                return err;
        json_t *items = json_array();
        for (size_t i = 0; i < n; i++)
                json_array_append_new(items, api_assignment_json(c, &rows[i]));
        return api_json(c, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

/* GET /api/v1/assignments/{id} (addition) */
int api_assignment_get(struct call *c)
{
        struct assignment_row s;
        int err = api_assignment_load(c, &s);
        return err < 0 ? err : api_json(c, 200, api_assignment_json(c, &s));
}

/* PUT /api/v1/assignments/{id}/score: the assigned expert saves a draft or submits; a submitted
 * score is final until the office reopens it. */
int api_assignment_score(struct call *c)
{
        static const struct input_field fields[] = {
                { "criteria", "评分", INPUT_OBJECT, false },
                { "comment", "评审意见", INPUT_STRING, false },
                { "submit", "是否提交", INPUT_BOOL, false },
                { "version", "版本号", INPUT_INTEGER, false },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        int64_t expected = 0;
        int err = api_expected_version(c, &expected);
        if (err < 0) {
                json_decref(problems);
                return err;
        }
        const char *comment = input_str(c->json, "comment");
        bool submit = json_is_true(json_object_get(c->json, "submit"));
        struct assignment_row s;
        err = store_begin(c->db);
        if (err < 0) {
                json_decref(problems);
                return err;
        }
        err = store_assignment_get(c->db, c->arena, c->id, &s);
        /* the expert's own sheet only: the office reads scores, it never writes them */
        if (err == 0 && (!c->user.expert_id || s.expert_id != c->user.expert_id))
                err = -ENOENT;
        /* a save based on what another page of the same expert has since changed: said, not lost */
        if (err == 0 && expected && expected != s.version)
                err = api_fail_stale(c, "评分已在别处保存过，请重新加载后再修改", s.version);
        const struct campaign *cp = err == 0 ? api_campaign(s.campaign) : NULL;
        if (err == 0 && (!cp || !cp->has_evaluation))
                err = api_fail(c, E_CONFLICT, "本年度申报未设置评分表", NULL);
        if (err == 0 && strcmp(s.status, "submitted") == 0)
                err = api_fail(c, E_CONFLICT, "评分已提交，不能再修改；如确需修改，请联系省信息化办退回评分", NULL);
        if (err == 0 && strcmp(s.status, "conflict_declared") == 0)
                err = api_fail(c, E_CONFLICT, "您已对该项目申明回避，不能评分", NULL);
        struct score_sheet sheet;
        if (err == 0 && !score_check(&cp->evaluation, json_object_get(c->json, "criteria"), comment ? comment : "",
                                     submit, &sheet, problems)) {
                err = api_invalid(c, problems);
                problems = NULL;
        }
        json_decref(problems);
        if (err == 0) {
                json_t *stored = score_stored(&cp->evaluation, &sheet);
                char *text = json_dumps(stored, JSON_COMPACT);
                json_decref(stored);
                err = text ? store_assignment_score(c->db, s.id, s.status, submit ? "submitted" : "draft", text,
                                                     comment ? comment : "", sheet.n_given ? sheet.total : -1, c->now)
                           : -ENOMEM;
                free(text);
        }
        if (err == 0 && submit)
                err = store_assignment_event(c->db, &s, c->now, c->user.id, "submit", "");
        if (err == 0)
                err = store_assignment_get(c->db, c->arena, s.id, &s);
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0) {
                store_rollback(c->db);
                return err == -ESTALE ? api_fail(c, E_CONFLICT, "评分刚被修改过，请刷新后再试", NULL) : err;
        }
        return api_json(c, 200, api_assignment_json(c, &s));
}

static int reason_of(struct call *c, const char *label, bool required, const char **ret)
{
        static const struct input_field fields[] = {
                { "reason", "理由", INPUT_STRING, false },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        const char *reason = input_str(c->json, "reason");
        if (!reason)
                reason = "";
        if (required && strspn(reason, " \t\r\n") == strlen(reason))
                json_object_set_new(problems, "reason", json_string(arena_printf(c->arena, "请填写%s", label)));
        else if (utf8_count(reason) > REASON_MAX_CHARS)
                json_object_set_new(problems, "reason",
                                    json_string(arena_printf(c->arena, "%s不超过 %d 字", label, REASON_MAX_CHARS)));
        if (json_object_size(problems))
                return api_invalid(c, problems);
        json_decref(problems);
        *ret = reason;
        return 0;
}

/* Ends an assignment's transaction: commits and answers it as it is now, or rolls back. */
static int finish(struct call *c, int err, int64_t id)
{
        struct assignment_row s;
        if (err == 0)
                err = store_assignment_get(c->db, c->arena, id, &s);
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0) {
                store_rollback(c->db);
                return err == -ESTALE ? api_fail(c, E_CONFLICT, "该评审任务刚被修改过，请刷新后再试", NULL) : err;
        }
        return api_json(c, 200, api_assignment_json(c, &s));
}

/* POST /api/v1/assignments/{id}/conflict: the assigned expert declares a conflict of interest; the
 * place is freed for the next draw and the pair may never be assigned again. */
int api_assignment_declare(struct call *c)
{
        const char *reason;
        int err = reason_of(c, "回避理由", true, &reason);
        if (err < 0)
                return err;
        struct assignment_row s;
        if ((err = store_begin(c->db)) < 0)
                return err;
        err = store_assignment_get(c->db, c->arena, c->id, &s);
        if (err == 0 && (!c->user.expert_id || s.expert_id != c->user.expert_id))
                err = -ENOENT;
        if (err == 0 && strcmp(s.status, "submitted") == 0)
                err = api_fail(c, E_CONFLICT, "评分已提交，不能再申明回避；如有利害关系，请联系省信息化办", NULL);
        if (err == 0 && strcmp(s.status, "conflict_declared") == 0)
                err = api_fail(c, E_CONFLICT, "已申明回避", NULL);
        if (err == 0)
                err = store_assignment_set_status(c->db, s.id, s.status, "conflict_declared", c->now);
        if (err == 0) {
                struct conflict_mark_row m = { .campaign = s.campaign, .expert_id = s.expert_id,
                                               .application_id = s.application_id, .reason = "declared",
                                               .comment = (char *)reason, .created_by = c->user.id,
                                               .created_at = c->now };
                err = store_conflict_mark_insert(c->db, &m, NULL);
                if (err == -EEXIST)
                        err = 0;        /* the office had marked it already */
        }
        if (err == 0)
                err = store_assignment_event(c->db, &s, c->now, c->user.id, "declare_conflict", reason);
        return finish(c, err, s.id);
}

/* POST /api/v1/assignments/{id}/reopen (addition): the office sends a submitted score back to its
 * expert as a draft, with a reason, logged. */
int api_assignment_reopen(struct call *c)
{
        const char *reason;
        int err = reason_of(c, "退回评分的理由", true, &reason);
        if (err < 0)
                return err;
        struct assignment_row s;
        if ((err = store_begin(c->db)) < 0)
                return err;
        err = store_assignment_get(c->db, c->arena, c->id, &s);
        if (err == 0 && strcmp(s.status, "submitted") != 0)
                err = api_fail(c, E_CONFLICT, "只有已提交的评分可以退回专家修改", NULL);
        if (err == 0 && !(status_reviewed_by_experts() & STATUS_BIT(status_parse(s.app_status))))
                err = api_fail(c, E_CONFLICT, "该申报已不在专家评审阶段", NULL);
        if (err == 0 && status_parse(s.app_status) != ST_EXPERT_REVIEW)
                err = api_fail(c, E_CONFLICT, "该申报已进入下一阶段，专家评分不能再退回修改", NULL);
        if (err == 0)
                err = store_assignment_set_status(c->db, s.id, "submitted", "draft", c->now);
        if (err == 0)
                err = store_assignment_event(c->db, &s, c->now, c->user.id, "reopen", reason);
        if (err == 0)
                err = api_notify_expert(c, s.expert_id, s.application_id, "score_reopened", "评分被退回修改",
                                        arena_printf(c->arena, "您对项目“%s”的评分被省信息化办退回修改。理由：%s。请修改后重新提交。",
                                                     s.project_name, reason));
        return finish(c, err, s.id);
}

/* DELETE /api/v1/assignments/{id}: the office takes an expert off a project while no score is
 * submitted. */
int api_assignment_delete(struct call *c)
{
        struct assignment_row s;
        int err = store_begin(c->db);
        if (err < 0)
                return err;
        err = store_assignment_get(c->db, c->arena, c->id, &s);
        if (err == 0 && strcmp(s.status, "submitted") == 0)
                err = api_fail(c, E_CONFLICT, "该专家已提交评分，不能取消分配；如需重评，请先退回评分", NULL);
        if (err == 0)
                err = store_assignment_delete(c->db, s.id);
        if (err == 0)
                err = store_assignment_event(c->db, &s, c->now, c->user.id, "remove", "");
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0) {
                store_rollback(c->db);
                return err;
        }
        return reply_empty(c->req, 204);
}

static int to_buf(void *closure, const unsigned char *data, size_t n)
{
        return buf_append(closure, data, n);
}

/* GET /api/v1/assignments/{id}/score-sheet.pdf (addition): the 专家评分表 to print, sign and file —
 * as saved or submitted, or blank (?blank=1) to fill by hand. The expert's name is printed on the
 * office's copy only. */
int api_assignment_score_sheet(struct call *c)
{
        struct assignment_row s;
        int err = api_assignment_load(c, &s);
        if (err < 0)
                return err;
        const struct campaign *cp = api_campaign(s.campaign);
        if (!cp || !cp->has_evaluation)
                return api_fail(c, E_CONFLICT, "本年度申报未设置评分表", NULL);
        struct app_scope all = { .kind = SCOPE_ALL, .statuses = STATUSES_ALL };
        struct app_row a;
        if ((err = store_app_get(c->db, c->arena, s.application_id, &all, &a)) < 0)
                return err;
        const char *blank = api_query(c, "blank");
        bool filled = !(blank && strcmp(blank, "1") == 0) && strcmp(s.status, "assigned") != 0 &&
                      strcmp(s.status, "conflict_declared") != 0;
        int64_t *scores = NULL;
        if (filled) {
                json_t *stored = json_loads(s.criteria_json, 0, NULL);
                struct score_sheet sheet;
                score_from_stored(&cp->evaluation, stored, &sheet);
                json_decref(stored);
                scores = arena_alloc(c->arena, RUBRIC_MAX * sizeof *scores);
                for (size_t i = 0; i < cp->evaluation.n_rubric; i++)
                        scores[i] = sheet.given[i] ? sheet.points[i] : DOCS_NO_SCORE;
        }
        struct docs_score_sheet d = {
                .campaign = cp, .submission_no = a.submission_no, .project_name = a.project_name,
                .unit_name = a.unit_name, .category = a.category, .total_investment = a.total_investment,
                .expert_name = c->user.role == ROLE_PROVINCE_ADMIN ? s.expert_name : NULL, .scores = scores,
                .comment = filled ? s.comment : NULL, .state = filled ? s.status : NULL,
                .state_at = filled ? (s.submitted_at ? s.submitted_at : s.updated_at) : 0,
        };
        struct buf b = BUF_INIT(0);
        if (docs_score_sheet_pdf(&d, to_buf, &b) < 0) {
                buf_free(&b);
                return -EIO;
        }
        size_t n = b.len;
        return api_send_pdf(c, buf_detach(&b), n,
                            arena_printf(c->arena, "专家评分表-%s.pdf", *a.submission_no ? a.submission_no : "未编号"));
}
