/* The 推荐项目汇总表 of the projects an authority recommended (XLSX, PDF), and the recommendation
 * package: a city, direct county or department confirms its recommended list to the province once,
 * with the stamped scan of that table; the province sees who has sent theirs. What counts as
 * "recommended by" an authority is domain/authority.h's rule, a data scope the store runs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "app.h"
#include "docs/docs.h"
#include "domain/attachment.h"
#include "domain/authority.h"
#include "domain/campaign.h"
#include "domain/form.h"
#include "http/upload.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

/* The authority the signed-in reviewer speaks for; -EINVAL when the account speaks for none. */
static int caller_authority(struct call *c, struct authority *ret)
{
        struct region reg;
        struct department dep;
        int er = *c->user.region_code ? store_region_get(c->db, c->user.region_code, &reg) : -ENOENT;
        int ed = *c->user.department_code ? store_department_get(c->db, c->user.department_code, &dep) : -ENOENT;
        if (er < 0 && er != -ENOENT)
                return er;
        if (ed < 0 && ed != -ENOENT)
                return ed;
        return authority_of_account(c->user.role, er == 0 ? &reg : NULL, ed == 0 ? &dep : NULL, ret);
}

/* What the authority recommended in the call (domain/authority.h's rule, as a scope). */
static int recommended(struct call *c, int year, const struct authority *au, struct recommended_row **v, size_t *n)
{
        struct app_scope scope = authority_recommended_scope(au);
        return store_recommended_list(c->db, c->arena, year, &scope, v, n);
}

static bool same_authority(const struct authority *a, const char *kind, const char *code)
{
        return strcmp(authority_kind_code(a->kind), kind) == 0 && strcmp(a->code, code) == 0;
}

/* Whose table: the reviewer's own authority, or for the province admin the one named by ?region=
 * or ?department=. */
static int summary_authority(struct call *c, struct authority *ret)
{
        const char *region = api_query(c, "region"), *dep = api_query(c, "department");
        if (c->user.role != ROLE_PROVINCE_ADMIN) {
                int err = caller_authority(c, ret);
                if (err == -EINVAL)
                        return api_fail(c, E_FORBIDDEN, "当前账号不属于任何推荐单位", NULL);
                if (err < 0)
                        return err;
                if ((region && !same_authority(ret, "region", region)) || (dep && !same_authority(ret, "department", dep)))
                        return api_fail(c, E_FORBIDDEN, "只能查看本地区、本部门推荐的项目", NULL);
                return 0;
        }
        if (!region == !dep) {
                const char *msg = region ? "region 与 department 只能指定其一" : "请指定地区（region）或部门（department）";
                return api_invalid(c, json_pack("{s:s, s:s}", "region", msg, "department", msg));
        }
        int err;
        if (region) {
                struct region reg;
                err = store_region_get(c->db, region, &reg);
                if (err == 0 && authority_of_region(&reg, ret) < 0)
                        err = -EINVAL;
                if (err == -ENOENT || err == -EINVAL)
                        return api_invalid(c, json_pack("{s:s}", "region", err == -ENOENT ? "地区不存在" : "地区应为设区市或县（市、区）"));
        } else {
                struct department d;
                err = store_department_get(c->db, dep, &d);
                if (err == 0)
                        err = authority_of_department(&d, ret);
                if (err == -ENOENT)
                        return api_invalid(c, json_pack("{s:s}", "department", "部门不存在"));
        }
        return err;
}

static int category_index(const struct campaign *c, const char *code)
{
        size_t i = 0;
        while (i < c->n_categories && strcmp(c->categories[i].code, code) != 0)
                i++;
        return (int)i;
}

struct sort_item {
        int category;
        const struct recommended_row *row;
};

static int by_category_then_id(const void *a, const void *b)
{
        const struct sort_item *x = a, *y = b;
        if (x->category != y->category)
                return x->category < y->category ? -1 : 1;
        return x->row->id < y->row->id ? -1 : x->row->id > y->row->id;
}

/* The table's rows: by category in the call's order, then by id; labels as printed. */
static struct docs_summary_row *summary_rows(struct call *c, const struct campaign *cp,
                                             const struct recommended_row *v, size_t n)
{
        struct sort_item *items = arena_alloc(c->arena, (n ? n : 1) * sizeof *items);
        for (size_t i = 0; i < n; i++)
                items[i] = (struct sort_item){ category_index(cp, v[i].category), &v[i] };
        qsort(items, n, sizeof *items, by_category_then_id);
        struct docs_summary_row *rows = arena_alloc(c->arena, (n ? n : 1) * sizeof *rows);
        for (size_t i = 0; i < n; i++) {
                const struct recommended_row *x = items[i].row;
                const char *nature = form_nature_label(x->nature);
                if (strcmp(x->nature, "other") == 0 && *x->nature_other)
                        nature = x->nature_other;
                rows[i] = (struct docs_summary_row){
                        .category = (size_t)items[i].category < cp->n_categories ? cp->categories[items[i].category].name
                                                                                  : x->category,
                        .project_name = x->project_name, .unit_name = x->unit_name,
                        .unit_nature = *nature ? nature : x->nature, .total_investment = x->total_investment,
                        .start_month = x->start_month, .end_month = x->end_month,
                };
        }
        return rows;
}

/* Everything the table needs. *ret_name is the file name without its extension. */
static int summary_load(struct call *c, struct authority *au, struct docs_summary *s, const char **ret_name)
{
        const struct campaign *cp;
        int err = api_campaign_of_path(c, &cp);
        if (err == 0)
                err = summary_authority(c, au);
        struct recommended_row *v;
        size_t n;
        if (err == 0)
                err = recommended(c, cp->year, au, &v, &n);
        if (err < 0)
                return err;
        *s = (struct docs_summary){ .year = cp->year, .authority = au->name, .rows = summary_rows(c, cp, v, n),
                                    .n_rows = n };
        *ret_name = arena_printf(c->arena, "%d年智慧江苏重点工程推荐项目汇总表-%s", cp->year, au->name);
        return 0;
}

int api_summary_table_xlsx(struct call *c)
{
        struct authority au;
        struct docs_summary s;
        const char *name;
        int err = summary_load(c, &au, &s, &name);
        if (err < 0)
                return err;
        char *path = arena_printf(c->arena, "%s/summary-XXXXXX.xlsx", store_tmp_dir(app->store));
        int fd = mkostemps(path, 5, O_CLOEXEC);
        if (fd < 0) {
                log_error("summary table: cannot create %s: %s", path, strerror(errno));
                return -EIO;
        }
        close(fd);
        if (docs_summary_xlsx(&s, path) < 0) {
                unlink(path);
                log_error("summary table: writing the workbook failed");
                return -EIO;
        }
        return api_send_temp_file(c, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                  arena_printf(c->arena, "%s.xlsx", name));
}

static int to_buf(void *closure, const unsigned char *data, size_t n)
{
        return buf_append(closure, data, n);
}

int api_summary_table_pdf(struct call *c)
{
        struct authority au;
        struct docs_summary s;
        const char *name;
        int err = summary_load(c, &au, &s, &name);
        if (err < 0)
                return err;
        struct buf b = BUF_INIT(0);
        if (docs_summary_pdf(&s, to_buf, &b) < 0) {
                buf_free(&b);
                return -EIO;
        }
        size_t n = b.len;
        return api_send_pdf(c, buf_detach(&b), n, arena_printf(c->arena, "%s.pdf", name));
}

/* ---- packages ---- */

/* {"<category>": n for each of the call's categories, "total": n}. */
static json_t *counts_json(const struct campaign *cp, const struct recommended_row *v, size_t n)
{
        json_t *o = json_object();
        for (size_t i = 0; i < cp->n_categories; i++)
                json_object_set_new(o, cp->categories[i].code, json_integer(0));
        for (size_t i = 0; i < n; i++) {
                json_t *k = json_object_get(o, v[i].category);
                if (k)
                        json_integer_set(k, json_integer_value(k) + 1);
        }
        json_object_set_new(o, "total", json_integer((json_int_t)n));
        return o;
}

static json_t *ids_json(const struct recommended_row *v, size_t n)
{
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
                json_array_append_new(a, json_integer(v[i].id));
        return a;
}

static const char *level_code(enum authority_kind k)
{
        switch (k) {
        case AUTHORITY_CITY: return "city";
        case AUTHORITY_DIRECT_COUNTY: return "direct_county";
        case AUTHORITY_COUNTY: return "county";
        case AUTHORITY_DEPARTMENT: return "department";
        default: return "";
        }
}

static json_t *time_json(int64_t t)
{
        char buf[32];
        return t ? json_string(time_format_beijing(t, buf)) : json_null();
}

/* One authority's entry: its package as sent (the snapshot), or "missing" with the live counts. */
static json_t *entry_json(const struct authority *au, const struct package_row *p, json_t *live_counts,
                          json_t *live_ids)
{
        json_t *o = json_pack("{s:o, s:{s:s, s:s, s:s, s:s}, s:s, s:o}", "id",
                              p ? json_integer(p->id) : json_null(), "authority", "kind", authority_kind_code(au->kind),
                              "level", level_code(au->kind), "code", au->code, "name", au->name, "status",
                              p ? "submitted" : "missing", "submitted_at", time_json(p ? p->submitted_at : 0));
        if (p) {
                json_t *counts = json_loads(p->counts_json, 0, NULL), *ids = json_loads(p->application_ids_json, 0, NULL);
                json_object_set_new(o, "submitted_by", json_pack("{s:I, s:s}", "id", (json_int_t)p->submitted_by, "name",
                                                                 p->submitted_by_name));
                json_object_set_new(o, "counts", counts ? counts : json_object());
                json_object_set_new(o, "application_ids", ids ? ids : json_array());
                json_object_set_new(o, "file", json_pack("{s:s, s:I, s:s, s:s}", "name", p->file_name, "size",
                                                         (json_int_t)p->file_size, "sha256", p->sha256,
                                                         "content_type", p->file_type));
                json_decref(live_counts);
                json_decref(live_ids);
        } else {
                json_object_set_new(o, "submitted_by", json_null());
                json_object_set_new(o, "counts", live_counts);
                json_object_set_new(o, "application_ids", live_ids);
                json_object_set_new(o, "file", json_null());
        }
        return o;
}

/* The entry of one authority, given the campaign's packages. */
static int entry_for(struct call *c, const struct campaign *cp, const struct authority *au,
                     const struct package_row *packages, size_t n_packages, json_t **ret)
{
        for (size_t i = 0; i < n_packages; i++)
                if (same_authority(au, packages[i].kind, packages[i].code)) {
                        *ret = entry_json(au, &packages[i], NULL, NULL);
                        return 0;
                }
        struct recommended_row *v;
        size_t n;
        int err = recommended(c, cp->year, au, &v, &n);
        if (err < 0)
                return err;
        *ret = entry_json(au, NULL, counts_json(cp, v, n), ids_json(v, n));
        return 0;
}

/* The province's overview: every city and direct county (region order), then every department
 * that could send one (active, or inactive with a package already in), in the list's order. */
static int overview(struct call *c, const struct campaign *cp, const struct package_row *p, size_t np, json_t *items)
{
        struct region *regions;
        struct department *deps;
        size_t nr, nd;
        int err = store_region_list(c->db, c->arena, &regions, &nr);
        if (err == 0)
                err = store_department_list(c->db, c->arena, &deps, &nd);
        for (size_t i = 0; err == 0 && i < nr; i++) {
                struct authority au;
                json_t *e;
                if (!regions[i].reports_to_province || authority_of_region(&regions[i], &au) < 0 ||
                    !authority_sends_package(au.kind))
                        continue;
                err = entry_for(c, cp, &au, p, np, &e);
                if (err == 0)
                        json_array_append_new(items, e);
        }
        for (size_t i = 0; err == 0 && i < nd; i++) {
                struct authority au;
                json_t *e;
                if (authority_of_department(&deps[i], &au) < 0)
                        continue;
                bool sent = false;
                for (size_t k = 0; k < np; k++)
                        sent = sent || same_authority(&au, p[k].kind, p[k].code);
                if (!deps[i].active && !sent)
                        continue;
                err = entry_for(c, cp, &au, p, np, &e);
                if (err == 0)
                        json_array_append_new(items, e);
        }
        return err;
}

/* The reviewer's authority if it sends packages (403 if not). */
static int sender_authority(struct call *c, struct authority *au)
{
        int err = caller_authority(c, au);
        if (err < 0 && err != -EINVAL)
                return err;
        if (err == -EINVAL || !authority_sends_package(au->kind))
                return api_fail(c, E_FORBIDDEN, "只有设区市、昆山市、泰兴市、沭阳县信息化主管部门和省有关部门报送推荐材料", NULL);
        return 0;
}

int api_packages_list(struct call *c)
{
        const struct campaign *cp;
        struct package_row *p;
        size_t np;
        int err = api_campaign_of_path(c, &cp);
        if (err == 0)
                err = store_package_list(c->db, c->arena, cp->year, &p, &np);
        if (err < 0)
                return err;
        json_t *items = json_array();
        if (c->user.role == ROLE_PROVINCE_ADMIN) {
                err = overview(c, cp, p, np, items);
        } else {
                struct authority au;
                json_t *e;
                err = sender_authority(c, &au);
                if (err == 0)
                        err = entry_for(c, cp, &au, p, np, &e);
                if (err == 0)
                        json_array_append_new(items, e);
        }
        if (err < 0) {
                json_decref(items);
                return err;
        }
        return api_json(c, 200, json_pack("{s:I, s:o}", "total", (json_int_t)json_array_size(items), "items", items));
}

static int nothing_recommended(struct call *c)
{
        return api_fail(c, E_VALIDATION_FAILED, "尚无推荐至省信息化办的项目，不能报送推荐材料",
                        json_pack("{s:s}", "applications", "请先审核推荐项目"));
}

/* May the caller send its package now? If so, its call, its authority and what it has
 * recommended. */
static int may_send(struct call *c, const struct campaign **cp, struct authority *au, struct recommended_row **v,
                    size_t *n)
{
        int err = api_campaign_of_path(c, cp);
        if (err == 0)
                err = sender_authority(c, au);
        bool open = false;
        if (err == 0)
                err = api_review_open(c, *cp, &open);   /* the deadline, or a reopening for this authority */
        if (err < 0)
                return err;
        if (!open) {
                char due[32];
                date_format((*cp)->local_review_due, due);
                return api_fail(c, E_WINDOW_CLOSED, arena_printf(c->arena, "推荐材料报送已于 %s 截止（北京时间）", due),
                                NULL);
        }
        struct package_row p;
        err = store_package_find(c->db, c->arena, (*cp)->year, authority_kind_code(au->kind), au->code, &p);
        if (err == 0) {
                char at[32];
                return api_fail(c, E_CONFLICT,
                                arena_printf(c->arena, "本单位已于 %s 报送推荐材料，不能重复报送",
                                             time_format_beijing(p.submitted_at, at)),
                                NULL);
        }
        if (err == -ENOENT)
                err = recommended(c, (*cp)->year, au, v, n);
        if (err < 0)
                return err;
        return *n == 0 ? nothing_recommended(c) : 0;
}

/* Before the file is read: nothing is stored for a package that would be refused anyway. */
int api_packages_precheck(struct call *c)
{
        const struct campaign *cp;
        struct authority au;
        struct recommended_row *v;
        size_t n;
        return may_send(c, &cp, &au, &v, &n);
}

static bool scan_type(enum file_type t)
{
        return t == FT_PDF || t == FT_JPEG || t == FT_PNG;
}

int api_packages_create(struct call *c)
{
        struct upload *u = c->upload;
        const struct campaign *cp;
        struct authority au;
        struct recommended_row *v;
        size_t n;
        int err = may_send(c, &cp, &au, &v, &n);
        if (err < 0)
                return err;
        enum file_type type = (enum file_type)u->type;
        if (u->failed)
                return -EIO;
        if (u->extra_file || u->unknown_field || *u->kind)
                return api_fail(c, E_BAD_REQUEST, "每次只能上传一个文件，表单字段应为 file", NULL);
        if (u->too_large)
                return api_fail(c, E_PAYLOAD_TOO_LARGE,
                                arena_printf(c->arena, "文件过大：单个文件不超过 %d MB", ATTACHMENT_MAX_FILE_MB),
                                json_pack("{s:s}", "file", "单个文件不超过 20 MB"));
        if (!u->have_file || u->size == 0)
                return api_invalid(c, json_pack("{s:s}", "file",
                                                u->have_file ? "文件是空的" : "请上传加盖公章的推荐项目汇总表扫描件"));
        if (!scan_type(type))
                return api_fail(c, E_UNSUPPORTED_MEDIA_TYPE,
                                arena_printf(c->arena, "推荐项目汇总表扫描件只接受 PDF、JPG、PNG 文件（按文件内容识别%s）",
                                             type == FT_UNKNOWN ? "，该文件不是可识别的类型"
                                                                : arena_printf(c->arena, "，该文件是 %s", file_type_name(type))),
                                json_pack("{s:s}", "file", "文件类型不符"));

        /* the file is durable under its hash before the database names it */
        err = store_blob_put(app->store, u->tmp_path, u->sha256);
        if (err < 0)
                return err;
        u->tmp_path[0] = '\0';

        struct package_row p = {
                .campaign = cp->year, .submitted_at = c->now, .submitted_by = c->user.id,
                .submitted_by_name = c->user.name, .file_name = (char *)api_clean_filename(c, u->filename ? u->filename : ""),
                .file_size = (int64_t)u->size,
        };
        snprintf(p.kind, sizeof p.kind, "%s", authority_kind_code(au.kind));
        snprintf(p.code, sizeof p.code, "%s", au.code);
        snprintf(p.sha256, sizeof p.sha256, "%s", u->sha256);
        snprintf(p.file_type, sizeof p.file_type, "%s", file_type_mime(type));
        /* the snapshot is taken under the write lock, so it is exactly what was recommended when
         * the package went in */
        err = store_begin(c->db);
        if (err == 0)
                err = recommended(c, cp->year, &au, &v, &n);
        if (err == 0 && n == 0)
                err = -ENODATA;
        char *counts = NULL, *ids = NULL;
        if (err == 0) {
                json_t *jc = counts_json(cp, v, n), *ji = ids_json(v, n);
                counts = json_dumps(jc, JSON_COMPACT);
                ids = json_dumps(ji, JSON_COMPACT);
                json_decref(jc);
                json_decref(ji);
                if (!counts || !ids)
                        err = -ENOMEM;
        }
        if (err == 0) {
                p.counts_json = arena_strdup(c->arena, counts);
                p.application_ids_json = arena_strdup(c->arena, ids);
                err = store_package_insert(c->db, &p, &p.id);
        }
        free(counts);
        free(ids);
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0)
                store_rollback(c->db);
        if (err == -EEXIST)
                return api_fail(c, E_CONFLICT, "本单位已报送推荐材料，不能重复报送", NULL);
        if (err == -ENODATA)
                return nothing_recommended(c);
        if (err < 0)
                return err;
        log_info("package %lld sent by %s (%s) for %d: %zu projects", (long long)p.id, au.name, c->user.username,
                 cp->year, n);
        return api_json(c, 201, entry_json(&au, &p, NULL, NULL));
}

int api_package_file(struct call *c)
{
        const struct campaign *cp;
        struct package_row p;
        int err = api_campaign_of_path(c, &cp);
        if (err == 0)
                err = store_package_get(c->db, c->arena, cp->year, c->id, &p);
        if (err == 0 && c->user.role != ROLE_PROVINCE_ADMIN) {
                /* another authority's package is not revealed */
                struct authority au;
                int e = caller_authority(c, &au);
                if (e == -EINVAL || (e == 0 && !same_authority(&au, p.kind, p.code)))
                        err = -ENOENT;
                else if (e < 0)
                        err = e;
        }
        if (err < 0)
                return err;
        int fd;
        if (store_blob_open(app->store, p.sha256, &fd) < 0)
                return api_fail(c, E_INTERNAL, "推荐材料文件缺失，请联系管理员", NULL);
        const char *q = api_query(c, "inline");
        struct reply_head h = { .content_type = p.file_type, .cache_control = "private, no-cache",
                                .disposition = api_content_disposition(c, p.file_name, q && strcmp(q, "1") == 0),
                                .etag = arena_printf(c->arena, "\"%s\"", p.sha256) };
        return reply_file(c->req, 200, &h, fd, (uint64_t)p.file_size);
}
