/* The expert pool (评审专家库): GET/POST /api/v1/experts, PUT /api/v1/experts/{id} (addition),
 * POST /api/v1/experts/import (all rows or none) and the import template it reads
 * (GET /api/v1/experts/template.xlsx and .csv, additions). The record's rules are domain/expert.c;
 * an expert given a username and password gets a sign-in account with the role expert. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "app.h"
#include "auth/auth.h"
#include "docs/docs.h"
#include "domain/conflict.h"
#include "domain/expert.h"
#include "http/reply.h"
#include "http/upload.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/timeutil.h"

/* The pool's calls: specialties are the newest call's categories. */
static const struct campaign *pool_campaign(struct call *c)
{
        const char *y = api_query(c, "campaign");
        return y ? api_campaign(atoi(y)) : api_campaign_at(0);
}

static json_t *expert_json(const struct expert_row *e)
{
        char at[32];
        json_t *specialties = json_loads(e->specialties_json, 0, NULL);
        json_t *former = json_loads(e->former_units_json, 0, NULL);
        return json_pack("{s:I, s:s, s:s, s:s?, s:s, s:o, s:s, s:s, s:s, s:o, s:s?, s:b, s:I, s:s}", "id",
                         (json_int_t)e->id, "name", e->name, "unit", e->unit, "credit_code",
                         *e->credit_code ? e->credit_code : NULL, "title", e->title, "specialties",
                         specialties ? specialties : json_array(), "region_code", e->region_code, "region_name",
                         e->region_name, "mobile", e->mobile, "former_units", former ? former : json_array(),
                         "username", *e->username ? e->username : NULL, "active", e->active, "load",
                         (json_int_t)e->load, "updated_at", time_format_beijing(e->updated_at, at));
}

int api_experts_list(struct call *c)
{
        const struct campaign *cp = pool_campaign(c);
        if (!cp)
                return api_fail(c, E_BAD_REQUEST, "查询参数有误", json_pack("{s:s}", "campaign", "没有该年度的申报"));
        struct expert_row *v;
        size_t n;
        int err = store_expert_list(c->db, c->arena, cp->year, &v, &n);
        if (err < 0)
                return err;
        json_t *items = json_array();
        for (size_t i = 0; i < n; i++)
                json_array_append_new(items, expert_json(&v[i]));
        return api_json(c, 200, json_pack("{s:o, s:I, s:i}", "items", items, "total", (json_int_t)n, "campaign", cp->year));
}

/* The checked record as the store keeps it (JSON texts in the arena). */
static struct expert_row row_of(struct call *c, const struct expert *x)
{
        json_t *specialties = json_array(), *former = json_array();
        for (size_t i = 0; i < x->n_specialties; i++)
                json_array_append_new(specialties, json_string(x->specialties[i]));
        for (size_t i = 0; i < x->n_former_units; i++) {
                char month[16];
                const struct conflict_former_unit *f = &x->former_units[i];
                json_array_append_new(former, json_pack("{s:s, s:s?, s:s}", "name", f->unit.name, "credit_code",
                                                        f->unit.credit_code && *f->unit.credit_code ? f->unit.credit_code : NULL,
                                                        "until", month_format(f->until, month)));
        }
        char *s = json_dumps(specialties, JSON_COMPACT), *fu = json_dumps(former, JSON_COMPACT);
        struct expert_row e = { .name = (char *)x->name, .unit = (char *)x->unit,
                                .credit_code = (char *)(x->credit_code ? x->credit_code : ""),
                                .title = (char *)(x->title ? x->title : ""), .specialties_json = arena_strdup(c->arena, s),
                                .mobile = (char *)x->mobile, .former_units_json = arena_strdup(c->arena, fu),
                                .active = x->active };
        snprintf(e.region_code, sizeof e.region_code, "%s", x->region_code);
        free(s);
        free(fu);
        json_decref(specialties);
        json_decref(former);
        return e;
}

/* Inside a transaction: the expert's account (when the record asks for one), then the expert.
 * -EEXIST with *ret_field set when the username is taken. */
static int insert_expert(struct call *c, const struct expert *x, int64_t *ret_id, const char **ret_field)
{
        struct expert_row e = row_of(c, x);
        int err = 0;
        if (x->username) {
                char hash[AUTH_HASH_MAX];
                if (auth_password_hash(x->password, hash) < 0)
                        return -EIO;
                struct new_user nu = { .username = x->username, .password_hash = hash, .role = ROLE_EXPERT,
                                       .name = x->name, .mobile = x->mobile };
                err = store_user_insert(c->db, &nu, c->now, &e.user_id, ret_field);
        }
        if (err == 0)
                err = store_expert_insert(c->db, &e, c->now, ret_id);
        return err;
}

/* The same expert already in the pool: one name at one unit (names normalised, domain/conflict.h). */
static int pool_has(struct call *c, const struct expert *x, const struct expert_row *pool, size_t n, int64_t except)
{
        for (size_t i = 0; i < n; i++)
                if (pool[i].id != except && unit_same(pool[i].name, NULL, x->name, NULL) &&
                    unit_same(pool[i].unit, pool[i].credit_code, x->unit, x->credit_code))
                        return (int)i;
        (void)c;
        return -1;
}

static int checked(struct call *c, json_t *body, const struct campaign *cp, struct expert *ret, json_t *problems)
{
        const struct region *regions;
        size_t nr;
        int err = api_regions(&regions, &nr);
        if (err < 0)
                return err;
        if (!expert_check(body, cp, regions, nr, problems) || expert_parse(body, ret) < 0)
                return api_invalid(c, problems);
        return 0;
}

int api_experts_create(struct call *c)
{
        const struct campaign *cp = api_campaign_at(0);
        struct expert x;
        json_t *problems = json_object();
        int err = cp ? checked(c, c->json, cp, &x, problems) : -EIO;
        if (err < 0)
                return err;
        json_decref(problems);
        struct expert_row *pool, e;
        size_t n;
        int64_t id = 0;
        const char *field = NULL;
        if ((err = store_begin(c->db)) < 0)
                return err;
        err = store_expert_list(c->db, c->arena, cp->year, &pool, &n);
        int dup = err == 0 ? pool_has(c, &x, pool, n, 0) : -1;
        if (dup >= 0)
                err = api_fail(c, E_CONFLICT, "专家库中已有该专家",
                               json_pack("{s:s}", "name", arena_printf(c->arena, "专家库中已有%s（%s）", pool[dup].name,
                                                                       pool[dup].unit)));
        if (err == 0)
                err = insert_expert(c, &x, &id, &field);
        if (err == -EEXIST)
                err = api_fail(c, E_CONFLICT, "用户名已被使用", json_pack("{s:s}", "username", "用户名已被使用，请换一个"));
        if (err == 0)
                err = store_expert_get(c->db, c->arena, cp->year, id, &e);
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0) {
                store_rollback(c->db);
                return err;
        }
        return api_json(c, 201, expert_json(&e));
}

/* PUT /api/v1/experts/{id}: the record replaced (the same keys as POST); an account is made when
 * the expert has none and the body names one. */
int api_experts_update(struct call *c)
{
        const struct campaign *cp = api_campaign_at(0);
        struct expert x;
        json_t *problems = json_object();
        int err = cp ? checked(c, c->json, cp, &x, problems) : -EIO;
        if (err < 0)
                return err;
        json_decref(problems);
        struct expert_row *pool, old, e;
        size_t n;
        const char *field = NULL;
        if ((err = store_begin(c->db)) < 0)
                return err;
        err = store_expert_get(c->db, c->arena, cp->year, c->id, &old);
        if (err == 0)
                err = store_expert_list(c->db, c->arena, cp->year, &pool, &n);
        int dup = err == 0 ? pool_has(c, &x, pool, n, c->id) : -1;
        if (dup >= 0)
                err = api_fail(c, E_CONFLICT, "专家库中已有该专家",
                               json_pack("{s:s}", "name", arena_printf(c->arena, "专家库中已有%s（%s）", pool[dup].name,
                                                                       pool[dup].unit)));
        if (err == 0 && x.username && old.user_id)
                err = api_fail(c, E_CONFLICT, "该专家已有登录账号",
                               json_pack("{s:s}", "username", arena_printf(c->arena, "该专家已有登录账号 %s", old.username)));
        e = row_of(c, &x);
        e.id = c->id;
        if (err == 0)
                err = store_expert_update(c->db, &e, c->now);
        if (err == 0 && x.username) {
                char hash[AUTH_HASH_MAX];
                struct new_user nu = { .username = x.username, .password_hash = hash, .role = ROLE_EXPERT,
                                       .name = x.name, .mobile = x.mobile };
                int64_t user_id = 0;
                err = auth_password_hash(x.password, hash) < 0 ? -EIO : store_user_insert(c->db, &nu, c->now, &user_id, &field);
                if (err == -EEXIST)
                        err = api_fail(c, E_CONFLICT, "用户名已被使用", json_pack("{s:s}", "username", "用户名已被使用，请换一个"));
                if (err == 0)
                        err = store_expert_set_user(c->db, c->id, user_id);
        }
        if (err == 0)
                err = store_expert_get(c->db, c->arena, cp->year, c->id, &e);
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0) {
                store_rollback(c->db);
                return err;
        }
        return api_json(c, 200, expert_json(&e));
}

/* Before the file is read: nothing to check but the role (the gate did). */
int api_experts_import_precheck(struct call *c)
{
        (void)c;
        return api_campaign_at(0) ? 0 : -EIO;
}

static int read_upload(struct call *c, unsigned char **ret, size_t *ret_n)
{
        struct upload *u = c->upload;
        unsigned char *data = arena_alloc(c->arena, u->size + 1);
        int fd = open(u->tmp_path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -EIO;
        size_t got = 0;
        while (got < u->size) {
                ssize_t k = pread(fd, data + got, u->size - got, (off_t)got);
                if (k <= 0)
                        break;
                got += (size_t)k;
        }
        close(fd);
        if (got != u->size)
                return -EIO;
        *ret = data;
        *ret_n = got;
        return 0;
}

/* POST /api/v1/experts/import: every row of the template checked by the record's rules, against
 * each other and against the pool; all created in one transaction, or none. */
int api_experts_import(struct call *c)
{
        struct upload *u = c->upload;
        const struct campaign *cp = api_campaign_at(0);
        if (!cp)
                return -EIO;
        if (u->failed)
                return -EIO;
        if (u->extra_file || u->unknown_field || *u->kind)
                return api_fail(c, E_BAD_REQUEST, "每次只能上传一个文件，表单字段应为 file", NULL);
        if (u->too_large)
                return api_fail(c, E_PAYLOAD_TOO_LARGE, "文件过大：专家导入文件不超过 10 MB",
                                json_pack("{s:s}", "file", "文件不超过 10 MB"));
        if (!u->have_file || u->size == 0)
                return api_invalid(c, json_pack("{s:s}", "file", u->have_file ? "文件是空的" : "请上传按模板填写的 XLSX 或 CSV 文件"));
        unsigned char *data;
        size_t n;
        int err = read_upload(c, &data, &n);
        const struct region *regions;
        size_t nr;
        if (err == 0)
                err = api_regions(&regions, &nr);
        if (err < 0)
                return err;
        json_t *rows = NULL, *problems = json_object();
        int *row_of_body = NULL;
        if (expert_import_parse(data, n, u->filename, cp, regions, nr, &rows, &row_of_body, problems) < 0)
                return api_invalid(c, problems);
        int *numbers = arena_alloc(c->arena, (json_array_size(rows) + 1) * sizeof *numbers);
        memcpy(numbers, row_of_body, json_array_size(rows) * sizeof *numbers);
        free(row_of_body);

        struct expert_row *pool;
        size_t np;
        if ((err = store_begin(c->db)) < 0) {
                json_decref(rows);
                json_decref(problems);
                return err;
        }
        err = store_expert_list(c->db, c->arena, cp->year, &pool, &np);
        size_t i, created = 0;
        json_t *body;
        json_array_foreach(rows, i, body) {
                if (err < 0)
                        break;
                struct expert x;
                int row = numbers[i];
                if (expert_parse(body, &x) < 0) {
                        err = -EIO;
                        break;
                }
                int dup = pool_has(c, &x, pool, np, 0);
                if (dup >= 0) {
                        json_object_set_new(problems, arena_printf(c->arena, "rows.%d.name", row),
                                            json_string(arena_printf(c->arena, "第 %d 行：专家库中已有%s（%s）", row,
                                                                     pool[dup].name, pool[dup].unit)));
                        continue;
                }
                int64_t id;
                const char *field = NULL;
                err = insert_expert(c, &x, &id, &field);
                if (err == -EEXIST) {
                        json_object_set_new(problems, arena_printf(c->arena, "rows.%d.username", row),
                                            json_string(arena_printf(c->arena, "第 %d 行：用户名 %s 已被使用", row, x.username)));
                        err = 0;
                        continue;
                }
                created++;
        }
        if (err == 0 && json_object_size(problems)) {
                store_rollback(c->db);
                json_decref(rows);
                return api_invalid(c, problems);
        }
        if (err == 0)
                err = store_commit(c->db);
        json_decref(rows);
        json_decref(problems);
        if (err < 0) {
                store_rollback(c->db);
                return err;
        }
        return api_json(c, 201, json_pack("{s:I}", "created", (json_int_t)created));
}

static int collect(void *closure, const unsigned char *data, size_t n)
{
        return buf_append(closure, data, n);
}

int api_experts_template_xlsx(struct call *c)
{
        const struct campaign *cp = api_campaign_at(0);
        if (!cp)
                return -EIO;
        char *path = arena_printf(c->arena, "%s/expert-template-XXXXXX.xlsx", store_tmp_dir(app->store));
        int fd = mkstemps(path, 5);
        if (fd < 0)
                return -errno;
        close(fd);
        int err = docs_expert_template_xlsx(cp, path);
        if (err < 0) {
                unlink(path);
                return err;
        }
        return api_send_temp_file(c, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                  "评审专家导入模板.xlsx");
}

int api_experts_template_csv(struct call *c)
{
        struct buf b = BUF_INIT(0);
        int err = docs_expert_template_csv(collect, &b);
        if (err < 0) {
                buf_free(&b);
                return err;
        }
        struct reply_head h = { .content_type = "text/csv; charset=utf-8",
                                .disposition = api_content_disposition(c, "评审专家导入模板.csv", false) };
        size_t n = b.len;
        return reply_bytes(c->req, 200, &h, buf_detach(&b), n);
}
