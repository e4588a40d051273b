/* `shenbao demo`: one account per role and sample units whose applications are in several states,
 * so a newcomer can walk through every role. The sample forms are data (data/demo/), and every
 * submitted one passes the same checks as a real submission. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "auth/auth.h"
#include "domain/attachment.h"
#include "domain/campaign.h"
#include "domain/creditcode.h"
#include "domain/expert.h"
#include "domain/score.h"
#include "domain/form.h"
#include "seed.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/embedded.h"
#include "util/log.h"
#include "util/timeutil.h"

#define DEMO_YEAR 2023

struct demo_account {
        const char *username, *role_label, *name, *scope;
        enum role role;
        const char *region, *department;
};

static const struct demo_account demo_accounts[] = {
        { "demo_applicant", "申报单位", "王晓明", "南京智联信息科技有限公司", ROLE_APPLICANT, NULL, NULL },
        { "demo_county", "县（市、区）信息化主管部门", "李华", "玄武区", ROLE_COUNTY_REVIEWER, "320102", NULL },
        { "demo_city", "设区市信息化主管部门", "陈静", "南京市", ROLE_CITY_REVIEWER, "320100", NULL },
        { "demo_kunshan", "昆山市、泰兴市、沭阳县信息化主管部门", "周立", "昆山市", ROLE_CITY_REVIEWER, "320583", NULL },
        { "demo_dept", "省有关部门", "吴敏", "省工业和信息化厅", ROLE_DEPARTMENT_REVIEWER, NULL, "gxt" },
        { "demo_admin", "省信息化办（省工信厅信息化发展处）", "鞠庆", "全省", ROLE_PROVINCE_ADMIN, NULL, NULL },
        { "demo_expert", "评审专家", "孙强", "专家库", ROLE_EXPERT, NULL, NULL },
        /* the authorities that sent the demo's projects on to the province (its reviewers above keep
         * their own lists for the local review) */
        { "demo_liangxi", "县（市、区）信息化主管部门", "蒋文", "无锡市梁溪区", ROLE_COUNTY_REVIEWER, "320213", NULL },
        { "demo_wuxi", "设区市信息化主管部门", "杭平", "无锡市", ROLE_CITY_REVIEWER, "320200", NULL },
        { "demo_changzhou", "设区市信息化主管部门", "恽军", "常州市", ROLE_CITY_REVIEWER, "320400", NULL },
        { "demo_taixing", "昆山市、泰兴市、沭阳县信息化主管部门", "封杰", "泰兴市", ROLE_CITY_REVIEWER, "321283", NULL },
        { "demo_dsj", "省有关部门", "谈悦", "省大数据管理中心", ROLE_DEPARTMENT_REVIEWER, NULL, "dsj" },
};

/* 17 leading characters + their GB 32100 check character. */
static void credit_code(const char *prefix, char out[19])
{
        snprintf(out, 19, "%.17s", prefix);
        out[17] = credit_code_check_char(out);
        out[18] = '\0';
}

/* Creates the account, or resets its password if it exists; *ret_id is the user's id. */
static int ensure_account(struct db *db, struct arena *a, const struct new_user *nu, int64_t now, int64_t *ret_id)
{
        const char *field = NULL;
        int r = store_user_insert(db, nu, now, ret_id, &field);
        if (r == -EEXIST && field && strcmp(field, "username") == 0) {
                struct user u;
                r = store_user_by_username(db, a, nu->username, &u);
                if (r == 0)
                        r = store_user_set_password(db, u.id, nu->password_hash);
                if (r == 0)
                        *ret_id = u.id;
        }
        return r;
}

/* The sample scan every demo attachment points to, stored once. */
static int demo_blob(struct store *store, char sha_hex[65], int64_t *ret_size)
{
        const struct embedded_file *f = seed_file("data/demo/sample.pdf");
        if (!f)
                return -ENOENT;
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)f->data, f->size);
        sodium_bin2hex(sha_hex, 65, h, sizeof h);
        char path[4200];
        snprintf(path, sizeof path, "%s/demo-XXXXXX", store_tmp_dir(store));
        int fd = mkostemp(path, O_CLOEXEC);
        if (fd < 0)
                return -errno;
        bool ok = write(fd, f->data, f->size) == (ssize_t)f->size && fsync(fd) == 0;
        close(fd);
        if (!ok) {
                unlink(path);
                return -EIO;
        }
        *ret_size = (int64_t)f->size;
        return store_blob_put(store, path, sha_hex);
}

static json_t *load_json(const char *name)
{
        const struct embedded_file *f = seed_file(name);
        return f ? json_loadb(f->data, f->size, 0, NULL) : NULL;
}

/* The context form_check needs, for the demo's own checks. */
struct demo_ctx {
        struct store *store;
        struct db *db;
        struct arena *a;
        struct campaign campaign;
        struct region *regions;
        size_t n_regions;
        struct department *departments;
        size_t n_departments;
        json_t *base_form;
        char blob[65];
        int64_t blob_size;
        int64_t now;
        /* the demo's reviewers and the office, who take the applications' further steps */
        struct user staff[12];
        size_t n_staff;
        json_t *after_draw;             /* {"<application id>": [actions]} */
        json_t *quality;                /* {"<application id>": points} */
};

/* One step of an application's way after submission ("recommend", "formal_fail:reason"), taken
 * by the demo account the workflow table lets take it now — as the API would decide it. */
static int demo_step(struct demo_ctx *d, int64_t app_id, const char *spec, int64_t at)
{
        char action[32];
        const char *colon = strchr(spec, ':'), *reason = colon ? colon + 1 : "";
        snprintf(action, sizeof action, "%.*s", (int)(colon ? (size_t)(colon - spec) : strlen(spec)), spec);
        struct app_scope all = { .kind = SCOPE_ALL, .statuses = STATUSES_ALL };
        struct app_row a;
        int r = store_app_get(d->db, d->a, app_id, &all, &a);
        for (size_t i = 0; r == 0 && i < d->n_staff; i++) {
                const struct user *u = &d->staff[i];
                struct wf_party p = { .role = u->role, .region_code = u->region_code, .department_code = u->department_code };
                struct wf_place place = { .unit_id = a.unit_id, .review_level = a.review_level,
                                          .review_region = a.review_region, .review_department = a.review_department,
                                          .review_city = a.review_city };
                struct wf_facts f = { .status = status_parse(a.status), .level = a.review_level,
                                      .relation = workflow_relation(&p, &place),
                                      .target_direct = workflow_target_direct(&place), .open = GATES_ALL };
                const struct transition *t;
                if (workflow_decide(u->role, &f, action, *reason != '\0', &t) != WF_OK)
                        continue;
                const char *to = status_code(t->to);
                r = store_app_set_status(d->db, a.id, a.status, to, workflow_reopened(t, a.reopened_local), at);
                if (r == 0)
                        r = store_event_insert(d->db, a.id, at, u->id, role_code(u->role), t->action, a.status, to, reason);
                return r;
        }
        if (r == 0) {
                log_error("演示数据有误 / demo step %s of application %lld: nobody may take it", spec, (long long)app_id);
                r = -EINVAL;
        }
        return r;
}

/* An application the unit has from an earlier `shenbao demo`: said, and left as it is. */
struct loaded {
        FILE *out;
        const char *username, *unit_name;
        bool found;
};

static int loaded_before(void *closure, const struct app_row *row, int64_t n_attachments)
{
        (void)n_attachments;
        struct loaded *l = closure;
        l->found = true;
        if (l->out)
                fprintf(l->out, "  %-18s %s：%s（%s）\n", l->username, l->unit_name, row->project_name,
                status_label(status_parse(row->status), row->review_level));
        return 0;
}

static int demo_application(struct demo_ctx *d, json_t *entry)
{
        const char *username = json_string_value(json_object_get(entry, "username"));
        const char *status = json_string_value(json_object_get(entry, "status"));
        int days_ago = (int)json_integer_value(json_object_get(entry, "days_ago"));
        char hash[AUTH_HASH_MAX], cc[19];
        struct user u;
        int r = store_user_by_username(d->db, d->a, username, &u);
        if (r == 0 && u.role == ROLE_APPLICANT && strcmp(username, "demo_applicant") != 0) {
                /* loaded before: make sure the printed password works again */
                r = auth_password_hash(DEMO_PASSWORD, hash);
                if (r == 0)
                        r = store_user_set_password(d->db, u.id, hash);
        } else if (r == -ENOENT) {
                credit_code(json_string_value(json_object_get(entry, "credit_prefix")), cc);
                struct new_user nu = {
                        .username = username, .role = ROLE_APPLICANT,
                        .name = json_string_value(json_object_get(entry, "contact_name")),
                        .mobile = json_string_value(json_object_get(entry, "contact_mobile")),
                        .unit_name = json_string_value(json_object_get(entry, "unit_name")), .credit_code = cc,
                };
                int64_t id;
                r = auth_password_hash(DEMO_PASSWORD, hash);
                nu.password_hash = hash;
                if (r == 0)
                        r = ensure_account(d->db, d->a, &nu, d->now, &id);
                if (r == 0)
                        r = store_user_get(d->db, d->a, id, &u);
        }
        if (r < 0)
                return r;

        struct app_scope own = { .kind = SCOPE_UNIT, .unit_id = u.unit_id, .statuses = STATUSES_ALL };
        struct app_filter f = { .scope = own, .campaign = DEMO_YEAR };
        struct loaded before = { .username = username, .unit_name = u.unit_name };
        r = store_app_list(d->db, &f, 0, 1, loaded_before, &before);
        if (r < 0)
                return r;
        if (before.found)
                return 0;

        int64_t at = d->now - (int64_t)days_ago * 86400 - 2 * 3600;
        char today[32];
        date_format(beijing_day_of(at), today);
        json_t *form = form_new(u.unit_name, u.credit_code, u.name, u.mobile, today);
        form_merge(form, d->base_form);
        json_t *over = json_object_get(entry, "form");
        const char *section;
        json_t *v;
        json_object_foreach(over, section, v) {
                if (json_is_object(v))
                        json_object_update(json_object_get(form, section), v);
                else
                        json_object_set(form, section, v);
        }
        /* the registered unit is the applicant, whatever the sample says */
        json_object_set_new(json_object_get(form, "unit"), "name", json_string(u.unit_name));
        json_object_set_new(json_object_get(form, "unit"), "credit_code", json_string(u.credit_code));
        json_object_set_new(json_object_get(form, "cover"), "applicant_unit", json_string(u.unit_name));
        json_object_set_new(json_object_get(form, "cover"), "fill_date", json_string(today));

        struct form_facts facts;
        form_facts(form, &facts);
        char *text = json_dumps(form, JSON_COMPACT | JSON_REAL_PRECISION(15));
        int64_t app_id = 0;
        unsigned kinds = 0;
        r = store_begin(d->db);
        if (r == 0)
                r = store_app_insert(d->db, DEMO_YEAR, u.unit_id, u.id, text, &facts, at, &app_id);
        if (r == 0)
                r = store_event_insert(d->db, app_id, at, u.id, "applicant", "create", NULL, "draft", "");
        size_t i;
        json_t *kind;
        json_array_foreach(json_object_get(entry, "attachments"), i, kind) {
                if (r < 0)
                        break;
                enum attachment_kind k = attachment_kind_parse(json_string_value(kind));
                struct attachment_row row = { .application_id = app_id, .size = d->blob_size, .uploaded_by = u.id,
                                              .created_at = at + 600 };
                row.filename = arena_printf(d->a, "%s（示例）.pdf", attachment_kind_label(k));
                snprintf(row.kind, sizeof row.kind, "%s", attachment_kind_code(k));
                snprintf(row.sha256, sizeof row.sha256, "%s", d->blob);
                snprintf(row.content_type, sizeof row.content_type, "application/pdf");
                kinds |= ATT_BIT(k);
                r = store_attachment_insert(d->db, &row, &row.id);
        }
        if (r == 0 && strcmp(status, "submitted") == 0) {
                struct form_context ctx = {
                        .campaign = &d->campaign, .account_unit_name = u.unit_name, .account_credit_code = u.credit_code,
                        .regions = d->regions, .n_regions = d->n_regions, .departments = d->departments,
                        .n_departments = d->n_departments, .attachments = kinds,
                };
                json_t *problems = json_object(), *warnings = json_object();
                form_check(form, &ctx, problems, warnings);
                struct review_target t;
                if (json_object_size(problems)) {
                        char *p = json_dumps(problems, JSON_COMPACT);
                        log_error("演示申报不完整 / demo application of %s has problems: %s", username, p);
                        free(p);
                        r = -EINVAL;
                } else if (app_route(facts.affiliation, facts.unit_region, facts.department_code, d->regions,
                                     d->n_regions, &t) < 0) {
                        r = -EINVAL;
                } else {
                        r = store_app_submit(d->db, app_id, "draft", "submitted", &t, at + 3600);
                        if (r == 0)
                                r = store_event_insert(d->db, app_id, at + 3600, u.id, "applicant", "submit", "draft",
                                                       "submitted", "");
                }
                /* its way on, a day a step */
                json_t *step;
                size_t k;
                json_array_foreach(json_object_get(entry, "path"), k, step) {
                        if (r < 0)
                                break;
                        r = demo_step(d, app_id, json_string_value(step), at + 3600 + (int64_t)(k + 1) * 86400);
                }
                char key[24];
                snprintf(key, sizeof key, "%lld", (long long)app_id);
                if (json_object_get(entry, "after_draw"))
                        json_object_set(d->after_draw, key, json_object_get(entry, "after_draw"));
                if (json_object_get(entry, "quality"))
                        json_object_set(d->quality, key, json_object_get(entry, "quality"));
                json_decref(problems);
                json_decref(warnings);
        }
        if (r == 0)
                r = store_commit(d->db);
        if (r < 0)
                store_rollback(d->db);
        free(text);
        json_decref(form);
        return r;
}

/* ---- the province's expert review: a pool, a draw, some scores ---- */

static uint64_t mix(uint64_t x)
{
        x += 0x9E3779B97F4A7C15u;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
        return x ^ (x >> 31);
}

static int demo_experts(struct demo_ctx *d, json_t *list, json_t *biases, FILE *out)
{
        struct expert_row *pool;
        size_t n;
        int r = store_expert_list(d->db, d->a, DEMO_YEAR, &pool, &n);
        if (r < 0 || n > 0)
                return r;       /* loaded before */
        char hash[AUTH_HASH_MAX];
        if ((r = auth_password_hash(DEMO_PASSWORD, hash)) < 0)
                return r;
        fprintf(out, "\n演示评审专家 / demo experts:\n");
        size_t i;
        json_t *entry;
        json_array_foreach(json_object_get(list, "experts"), i, entry) {
                json_t *body = json_deep_copy(entry), *problems = json_object();
                const char *account = json_string_value(json_object_get(entry, "account"));
                json_object_del(body, "account");
                json_object_del(body, "bias");
                struct expert x;
                if (!expert_check(body, &d->campaign, d->regions, d->n_regions, problems) || expert_parse(body, &x) < 0) {
                        char *p = json_dumps(problems, JSON_COMPACT);
                        log_error("演示专家有误 / demo expert %zu: %s", i, p);
                        free(p);
                        r = -EINVAL;
                }
                struct expert_row e = { .name = (char *)x.name, .unit = (char *)x.unit, .credit_code = "",
                                        .title = (char *)(x.title ? x.title : ""), .mobile = (char *)x.mobile,
                                        .active = true };
                if (r == 0) {
                        snprintf(e.region_code, sizeof e.region_code, "%s", x.region_code);
                        char *sp = json_dumps(json_object_get(body, "specialties"), JSON_COMPACT);
                        char *fu = json_dumps(json_object_get(body, "former_units"), JSON_COMPACT);
                        e.specialties_json = arena_strdup(d->a, sp);
                        e.former_units_json = arena_strdup(d->a, fu ? fu : "[]");
                        free(sp);
                        free(fu);
                }
                if (r == 0 && account) {
                        struct new_user nu = { .username = account, .password_hash = hash, .role = ROLE_EXPERT,
                                               .name = x.name, .mobile = x.mobile };
                        r = ensure_account(d->db, d->a, &nu, d->now, &e.user_id);
                }
                int64_t id = 0;
                if (r == 0)
                        r = store_expert_insert(d->db, &e, d->now, &id);
                if (r == 0) {
                        char key[24];
                        snprintf(key, sizeof key, "%lld", (long long)id);
                        json_object_set(biases, key, json_object_get(entry, "bias"));
                        fprintf(out, "  %-18s %s · %s\n", account ? account : "-", x.name, x.unit);
                }
                json_decref(body);
                json_decref(problems);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The demo's scores: each expert's points lean by its bias around the project's quality; most are
 * submitted, some saved as drafts, some not begun (demo_expert has one of each). */
static int demo_scores(struct demo_ctx *d, json_t *biases, int64_t at)
{
        static const char *const comments[] = {
                "项目建设目标明确，与数字中国建设任务契合度高，技术方案较为成熟，应用成效已初步显现，建议进一步加强推广。",
                "项目在行业内具有一定示范作用，核心技术自主可控程度较好，但经济效益测算依据需进一步细化。",
                "项目创新性较强，国产化软硬件应用比例较高，网络安全防护措施基本到位，建议补充运维保障方案。",
        };
        const struct campaign_evaluation *e = &d->campaign.evaluation;
        struct assignment_filter f = { .campaign = DEMO_YEAR, .active_only = true };
        struct assignment_row *v;
        size_t n;
        int r = store_assignment_list(d->db, d->a, &f, &v, &n);
        int own = 0;
        for (size_t k = 0; r == 0 && k < n; k++) {
                char key[24];
                snprintf(key, sizeof key, "%lld", (long long)v[k].application_id);
                double quality = json_number_value(json_object_get(d->quality, key));
                snprintf(key, sizeof key, "%lld", (long long)v[k].expert_id);
                double bias = json_number_value(json_object_get(biases, key));
                uint64_t h = mix((uint64_t)v[k].application_id * 1000003u + (uint64_t)v[k].expert_id);
                struct expert_row ex;
                r = store_expert_get(d->db, d->a, DEMO_YEAR, v[k].expert_id, &ex);
                bool mine = r == 0 && strcmp(ex.username, "demo_expert") == 0;
                /* demo_expert: two submitted, one draft, the rest to do; others: most submitted */
                int state = mine ? (own < 2 ? 2 : own == 2 ? 1 : 0) : (h % 20 < 17 ? 2 : h % 20 < 19 ? 1 : 0);
                own += mine;
                if (r < 0 || state == 0 || quality <= 0)
                        continue;
                struct score_sheet sheet = { 0 };
                for (size_t i = 0; i < e->n_rubric; i++) {
                        double noise = (double)(int)(mix(h + i) % 700) / 100.0 - 3.5;
                        double q = quality + bias + noise;
                        q = q < 40 ? 40 : q > 99 ? 99 : q;
                        /* whole or half points, as people give them */
                        int64_t p = (int64_t)(q / 100.0 * (double)e->rubric[i].max / 50.0 + 0.5) * 50;
                        sheet.given[i] = state == 2 || i < 2;
                        sheet.points[i] = p > e->rubric[i].max ? e->rubric[i].max : p;
                        if (sheet.given[i]) {
                                sheet.n_given++;
                                sheet.total += sheet.points[i];
                        }
                }
                json_t *stored = score_stored(e, &sheet);
                char *text = json_dumps(stored, JSON_COMPACT);
                json_decref(stored);
                r = store_assignment_score(d->db, v[k].id, v[k].status, state == 2 ? "submitted" : "draft", text,
                                           state == 2 ? comments[h % 3] : "", sheet.total, at + (int64_t)(h % 7200));
                free(text);
                if (r == 0 && state == 2)
                        r = store_assignment_event(d->db, &v[k], at, ex.user_id, "submit", "");
        }
        return r;
}

static int demo_province(struct demo_ctx *d, FILE *out)
{
        struct draw_row *draws;
        size_t n_draws;
        json_t *experts = load_json("data/demo/experts.json"), *biases = json_object();
        int r = experts ? store_draw_list(d->db, d->a, DEMO_YEAR, &draws, &n_draws) : -EINVAL;
        if (r == 0 && n_draws > 0)
                goto done;      /* loaded before: the review goes on as people left it */
        if (r == 0)
                r = api_campaigns_load(d->db);
        if (r == 0)
                r = store_begin(d->db);
        if (r == 0)
                r = demo_experts(d, experts, biases, out);
        /* the office draws five experts for each application that passed the formal check, as it
         * would through the API */
        struct user *admin = NULL;
        for (size_t i = 0; i < d->n_staff; i++)
                if (d->staff[i].role == ROLE_PROVINCE_ADMIN)
                        admin = &d->staff[i];
        struct call c = { .arena = d->a, .now = d->now - 5 * 86400, .db = d->db, .signed_in = true };
        if (r == 0 && admin)
                c.user = *admin;
        struct draw_outcome drawn = { 0 };
        const struct campaign *cp = api_campaign(DEMO_YEAR);
        /* api_draw_run keeps its own transaction */
        if (r == 0)
                r = store_commit(d->db);
        if (r == 0)
                r = cp && admin ? api_draw_run(&c, cp, cp->evaluation.experts_per_project, "2023-demo", &drawn) : -EINVAL;
        if (r == 0)
                r = store_begin(d->db);
        const char *key;
        json_t *steps;
        json_object_foreach(d->after_draw, key, steps) {
                size_t k;
                json_t *step;
                json_array_foreach(steps, k, step)
                        if (r == 0)
                                r = demo_step(d, strtoll(key, NULL, 10), json_string_value(step), d->now - 4 * 86400);
        }
        if (r == 0)
                r = demo_scores(d, biases, d->now - 3 * 86400);
        if (r == 0)
                r = store_commit(d->db);
        if (r < 0)
                store_rollback(d->db);
        if (r == 0)
                fprintf(out, "\n专家抽取 / expert draw: 随机种子 2023-demo，分配 %zu 人次\n", drawn.created);
        json_decref(drawn.unassigned);
done:
        json_decref(experts);
        json_decref(biases);
        return r;
}

/* Each demo unit's application as it stands once everything is loaded. */
static int print_applications(struct demo_ctx *d, json_t *list, FILE *out)
{
        fprintf(out, "\n演示申报单位与申报 / demo units and applications (密码同上 / same password):\n");
        size_t i;
        json_t *entry;
        json_array_foreach(json_object_get(list, "applications"), i, entry) {
                const char *username = json_string_value(json_object_get(entry, "username"));
                struct user u;
                int r = store_user_by_username(d->db, d->a, username, &u);
                if (r < 0)
                        return r;
                struct app_filter f = { .scope = { .kind = SCOPE_UNIT, .unit_id = u.unit_id, .statuses = STATUSES_ALL },
                                        .campaign = DEMO_YEAR };
                struct loaded l = { .out = out, .username = username, .unit_name = u.unit_name };
                if ((r = store_app_list(d->db, &f, 0, 1, loaded_before, &l)) < 0)
                        return r;
        }
        return 0;
}

static int demo_applications(struct store *store, struct db *db, struct arena *a, FILE *out)
{
        struct demo_ctx d = { .store = store, .db = db, .a = a, .now = clock_now(), .after_draw = json_object(),
                              .quality = json_object() };
        static const char *const staff[] = { "demo_county", "demo_city", "demo_kunshan", "demo_dept", "demo_admin",
                                             "demo_liangxi", "demo_wuxi", "demo_changzhou", "demo_taixing", "demo_dsj" };
        char *def_text;
        int r = store_campaign_get(db, a, DEMO_YEAR, &def_text);
        json_t *def = r == 0 ? json_loads(def_text, 0, NULL) : NULL;
        if (!def || campaign_parse(def, &d.campaign, NULL) < 0)
                r = -EINVAL;
        json_decref(def);
        if (r == 0)
                r = store_region_list(db, a, &d.regions, &d.n_regions);
        if (r == 0)
                r = store_department_list(db, a, &d.departments, &d.n_departments);
        if (r == 0)
                r = demo_blob(store, d.blob, &d.blob_size);
        for (size_t i = 0; r == 0 && i < sizeof staff / sizeof staff[0]; i++)
                r = store_user_by_username(db, a, staff[i], &d.staff[d.n_staff++]);
        d.base_form = load_json("data/demo/form-complete.json");
        json_t *list = load_json("data/demo/applications.json");
        if (r == 0 && (!d.base_form || !list))
                r = -EINVAL;
        size_t i;
        json_t *entry;
        json_array_foreach(json_object_get(list, "applications"), i, entry) {
                if (r < 0)
                        break;
                r = demo_application(&d, entry);
        }
        if (r == 0)
                r = demo_province(&d, out);
        if (r == 0)
                r = print_applications(&d, list, out);
        json_decref(d.base_form);
        json_decref(list);
        json_decref(d.after_draw);
        json_decref(d.quality);
        return r;
}

int seed_demo(struct store *store, struct db *db, FILE *out)
{
        char hash[AUTH_HASH_MAX];
        int r = auth_password_hash(DEMO_PASSWORD, hash);
        if (r < 0)
                return r;
        char cc[19];
        credit_code("91320102MA1W3K5P8", cc);
        struct arena *a = arena_new();

        fprintf(out, "演示账号 / demo accounts (密码 / password: %s)\n", DEMO_PASSWORD);
        for (size_t i = 0; i < sizeof demo_accounts / sizeof demo_accounts[0] && r == 0; i++) {
                const struct demo_account *d = &demo_accounts[i];
                struct new_user nu = {
                        .username = d->username, .password_hash = hash, .role = d->role, .name = d->name,
                        .mobile = "13800000000", .region_code = d->region, .department_code = d->department,
                        .unit_name = d->role == ROLE_APPLICANT ? "南京智联信息科技有限公司" : NULL,
                        .credit_code = d->role == ROLE_APPLICANT ? cc : NULL,
                };
                int64_t id;
                r = ensure_account(db, a, &nu, clock_now(), &id);
                if (r < 0)
                        log_error("演示账号创建失败 / demo account %s failed", d->username);
                else
                        fprintf(out, "  %-16s %s · %s\n", d->username, d->role_label, d->scope);
        }
        if (r == 0)
                r = demo_applications(store, db, a, out);
        arena_free(a);
        return r;
}
