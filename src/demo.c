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

#include "auth/auth.h"
#include "domain/attachment.h"
#include "domain/campaign.h"
#include "domain/creditcode.h"
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
};

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
        fprintf(l->out, "  %-18s %s：%s（%s）\n", l->username, l->unit_name, row->project_name,
                status_label(status_parse(row->status), row->review_level));
        return 0;
}

static int demo_application(struct demo_ctx *d, json_t *entry, FILE *out)
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
        struct loaded before = { .out = out, .username = username, .unit_name = u.unit_name };
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
                json_decref(problems);
                json_decref(warnings);
        }
        if (r == 0)
                r = store_commit(d->db);
        if (r < 0)
                store_rollback(d->db);
        free(text);
        json_decref(form);
        if (r == 0)
                fprintf(out, "  %-18s %s：%s（%s）\n", username, u.unit_name, facts.project_name,
                        strcmp(status, "submitted") == 0 ? "已提交" : "草稿");
        return r;
}

static int demo_applications(struct store *store, struct db *db, struct arena *a, FILE *out)
{
        struct demo_ctx d = { .store = store, .db = db, .a = a, .now = clock_now() };
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
        d.base_form = load_json("data/demo/form-complete.json");
        json_t *list = load_json("data/demo/applications.json");
        if (r == 0 && (!d.base_form || !list))
                r = -EINVAL;
        if (r == 0)
                fprintf(out, "\n演示申报单位与申报 / demo units and applications (密码同上 / same password):\n");
        size_t i;
        json_t *entry;
        json_array_foreach(json_object_get(list, "applications"), i, entry) {
                if (r < 0)
                        break;
                r = demo_application(&d, entry, out);
        }
        json_decref(d.base_form);
        json_decref(list);
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
