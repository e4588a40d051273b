/* The 推荐项目汇总表 of the projects an authority recommended (XLSX, PDF), and the recommendation
 * package: a city, direct county or department confirms its recommended list to the province once,
 * with the stamped scan of that table; the province sees who has sent theirs. What counts as
 * "recommended by" an authority is domain/authority.h's rule, applied by store_recommended_list. */
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
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
#include "http/reply.h"
#include "http/request.h"
#include "http/upload.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

/* The campaign of the path's {year}; replies 404 itself. */
static int load_year(struct req *r, struct campaign *c)
{
        const char *y = route_param(&r->params, "year");
        int err = y && strlen(y) == 4 && strspn(y, "0123456789") == 4 ? api_campaign_load(r, atoi(y), c) : -ENOENT;
        if (err < 0)
                api_store_error(r, err);
        return err;
}

/* The authority the signed-in reviewer speaks for; -EINVAL when the account speaks for none. */
static int caller_authority(struct req *r, struct authority *ret)
{
        struct region reg;
        struct department dep;
        int er = *r->user.region_code ? store_region_get(r->db, r->user.region_code, &reg) : -ENOENT;
        int ed = *r->user.department_code ? store_department_get(r->db, r->user.department_code, &dep) : -ENOENT;
        if (er < 0 && er != -ENOENT)
                return er;
        if (ed < 0 && ed != -ENOENT)
                return ed;
        return authority_of_account(r->user.role, er == 0 ? &reg : NULL, ed == 0 ? &dep : NULL, ret);
}

static bool same_authority(const struct authority *a, const char *kind, const char *code)
{
        return strcmp(authority_kind_code(a->kind), kind) == 0 && strcmp(a->code, code) == 0;
}

static const char *query(struct req *r, const char *name)
{
        const char *v = req_query(r, name);
        return v && *v ? v : NULL;
}

/* Whose table: the reviewer's own authority, or for the province admin the one named by ?region=
 * or ?department=. Replies and returns -1 when there is none to give. */
static int summary_authority(struct req *r, struct authority *ret)
{
        const char *region = query(r, "region"), *dep = query(r, "department");
        if (r->user.role != ROLE_PROVINCE_ADMIN) {
                int err = caller_authority(r, ret);
                if (err == -EINVAL) {
                        reply_error(r, 403, "forbidden", "当前账号不属于任何推荐单位", NULL);
                        return -1;
                }
                if (err < 0) {
                        api_store_error(r, err);
                        return -1;
                }
                if ((region && !same_authority(ret, "region", region)) || (dep && !same_authority(ret, "department", dep))) {
                        reply_error(r, 403, "forbidden", "只能查看本地区、本部门推荐的项目", NULL);
                        return -1;
                }
                return 0;
        }
        if (!region == !dep) {
                const char *msg = region ? "region 与 department 只能指定其一" : "请指定地区（region）或部门（department）";
                reply_validation(r, json_pack("{s:s, s:s}", "region", msg, "department", msg));
                return -1;
        }
        int err;
        if (region) {
                struct region reg;
                err = store_region_get(r->db, region, &reg);
                if (err == 0 && authority_of_region(&reg, ret) < 0)
                        err = -EINVAL;
                if (err == -ENOENT || err == -EINVAL) {
                        reply_validation(r, json_pack("{s:s}", "region", err == -ENOENT ? "地区不存在" : "地区应为设区市或县（市、区）"));
                        return -1;
                }
        } else {
                struct department d;
                err = store_department_get(r->db, dep, &d);
                if (err == 0)
                        err = authority_of_department(&d, ret);
                if (err == -ENOENT) {
                        reply_validation(r, json_pack("{s:s}", "department", "部门不存在"));
                        return -1;
                }
        }
        if (err < 0) {
                api_store_error(r, err);
                return -1;
        }
        return 0;
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
static struct docs_summary_row *summary_rows(struct req *r, const struct campaign *c, const struct recommended_row *v,
                                             size_t n)
{
        struct sort_item *items = arena_alloc(r->arena, (n ? n : 1) * sizeof *items);
        for (size_t i = 0; i < n; i++)
                items[i] = (struct sort_item){ category_index(c, v[i].category), &v[i] };
        qsort(items, n, sizeof *items, by_category_then_id);
        struct docs_summary_row *rows = arena_alloc(r->arena, (n ? n : 1) * sizeof *rows);
        for (size_t i = 0; i < n; i++) {
                const struct recommended_row *x = items[i].row;
                const char *nature = form_nature_label(x->nature);
                if (strcmp(x->nature, "other") == 0 && *x->nature_other)
                        nature = x->nature_other;
                rows[i] = (struct docs_summary_row){
                        .category = (size_t)items[i].category < c->n_categories ? c->categories[items[i].category].name
                                                                                : x->category,
                        .project_name = x->project_name, .unit_name = x->unit_name,
                        .unit_nature = *nature ? nature : x->nature, .total_investment = x->total_investment,
                        .start_month = x->start_month, .end_month = x->end_month,
                };
        }
        return rows;
}

/* Everything the table needs; on failure it has replied. *ret_name is the file name without its
 * extension. */
static int summary_load(struct req *r, struct campaign *c, struct authority *au, struct docs_summary *s,
                        const char **ret_name)
{
        if (load_year(r, c) < 0 || summary_authority(r, au) < 0)
                return -1;
        struct recommended_row *v;
        size_t n;
        int err = store_recommended_list(r->db, r->arena, c->year, au, &v, &n);
        if (err < 0) {
                api_store_error(r, err);
                return -1;
        }
        *s = (struct docs_summary){ .year = c->year, .authority = au->name, .rows = summary_rows(r, c, v, n),
                                    .n_rows = n };
        *ret_name = arena_printf(r->arena, "%d年智慧江苏重点工程推荐项目汇总表-%s", c->year, au->name);
        return 0;
}

int api_summary_table_xlsx(struct req *r)
{
        struct campaign c;
        struct authority au;
        struct docs_summary s;
        const char *name;
        if (summary_load(r, &c, &au, &s, &name) < 0)
                return MHD_YES;
        char *path = arena_printf(r->arena, "%s/summary-XXXXXX.xlsx", store_tmp_dir(app->store));
        int fd = mkostemps(path, 5, O_CLOEXEC);
        if (fd < 0) {
                log_error("summary table: cannot create %s: %s", path, strerror(errno));
                return reply_internal(r);
        }
        close(fd);
        int err = docs_summary_xlsx(&s, path);
        /* open, then unlink: the file lives as long as the response that sends it */
        fd = err == 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
        unlink(path);
        struct stat sb;
        if (fd >= 0 && fstat(fd, &sb) < 0) {
                close(fd);
                fd = -1;
        }
        if (fd < 0) {
                log_error("summary table: writing the workbook failed");
                return reply_internal(r);
        }
        struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
        if (!resp) {
                close(fd);
                return reply_internal(r);
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        MHD_add_response_header(resp, "Content-Disposition",
                                api_content_disposition(r, arena_printf(r->arena, "%s.xlsx", name), false));
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-store");
        return reply_queue(r, 200, resp);
}

static int to_buf(void *closure, const unsigned char *data, size_t n)
{
        return buf_append(closure, data, n);
}

int api_summary_table_pdf(struct req *r)
{
        struct campaign c;
        struct authority au;
        struct docs_summary s;
        const char *name;
        if (summary_load(r, &c, &au, &s, &name) < 0)
                return MHD_YES;
        struct buf b = BUF_INIT(0);
        if (docs_summary_pdf(&s, to_buf, &b) < 0) {
                buf_free(&b);
                return reply_internal(r);
        }
        size_t n = b.len;
        char *data = buf_detach(&b);
        struct MHD_Response *resp = MHD_create_response_from_buffer(n, data, MHD_RESPMEM_MUST_FREE);
        if (!resp) {
                free(data);
                return reply_internal(r);
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/pdf");
        MHD_add_response_header(resp, "Content-Disposition",
                                api_content_disposition(r, arena_printf(r->arena, "%s.pdf", name), true));
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-cache");
        return reply_queue(r, 200, resp);
}

/* ---- packages ---- */

/* {"<category>": n for each of the call's categories, "total": n}. */
static json_t *counts_json(const struct campaign *c, const struct recommended_row *v, size_t n)
{
        json_t *o = json_object();
        for (size_t i = 0; i < c->n_categories; i++)
                json_object_set_new(o, c->categories[i].code, json_integer(0));
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
static int entry_for(struct req *r, const struct campaign *c, const struct authority *au,
                     const struct package_row *packages, size_t n_packages, json_t **ret)
{
        for (size_t i = 0; i < n_packages; i++)
                if (same_authority(au, packages[i].kind, packages[i].code)) {
                        *ret = entry_json(au, &packages[i], NULL, NULL);
                        return 0;
                }
        struct recommended_row *v;
        size_t n;
        int err = store_recommended_list(r->db, r->arena, c->year, au, &v, &n);
        if (err < 0)
                return err;
        *ret = entry_json(au, NULL, counts_json(c, v, n), ids_json(v, n));
        return 0;
}

/* The province's overview: every city and direct county (region order), then every department
 * that could send one (active, or inactive with a package already in), in the list's order. */
static int overview(struct req *r, const struct campaign *c, const struct package_row *p, size_t np, json_t *items)
{
        struct region *regions;
        struct department *deps;
        size_t nr, nd;
        int err = store_region_list(r->db, r->arena, &regions, &nr);
        if (err == 0)
                err = store_department_list(r->db, r->arena, &deps, &nd);
        for (size_t i = 0; err == 0 && i < nr; i++) {
                struct authority au;
                json_t *e;
                if (!regions[i].reports_to_province || authority_of_region(&regions[i], &au) < 0 ||
                    !authority_sends_package(au.kind))
                        continue;
                err = entry_for(r, c, &au, p, np, &e);
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
                err = entry_for(r, c, &au, p, np, &e);
                if (err == 0)
                        json_array_append_new(items, e);
        }
        return err;
}

/* The reviewer's authority if it sends packages; replies 403 (or an error) and returns -1 if not. */
static int sender_authority(struct req *r, struct authority *au)
{
        int err = caller_authority(r, au);
        if (err < 0 && err != -EINVAL) {
                api_store_error(r, err);
                return -1;
        }
        if (err == -EINVAL || !authority_sends_package(au->kind)) {
                reply_error(r, 403, "forbidden", "只有设区市、昆山市、泰兴市、沭阳县信息化主管部门和省有关部门报送推荐材料", NULL);
                return -1;
        }
        return 0;
}

int api_packages_list(struct req *r)
{
        struct campaign c;
        if (load_year(r, &c) < 0)
                return MHD_YES;
        struct package_row *p;
        size_t np;
        int err = store_package_list(r->db, r->arena, c.year, &p, &np);
        if (err < 0)
                return api_store_error(r, err);
        json_t *items = json_array();
        if (r->user.role == ROLE_PROVINCE_ADMIN) {
                err = overview(r, &c, p, np, items);
        } else {
                struct authority au;
                json_t *e;
                if (sender_authority(r, &au) < 0) {
                        json_decref(items);
                        return MHD_YES;
                }
                err = entry_for(r, &c, &au, p, np, &e);
                if (err == 0)
                        json_array_append_new(items, e);
        }
        if (err < 0) {
                json_decref(items);
                return api_store_error(r, err);
        }
        return reply_json(r, 200, json_pack("{s:I, s:o}", "total", (json_int_t)json_array_size(items), "items", items));
}

/* May the caller send its package now? Replies and returns -1 if not; else the authority and what
 * it has recommended. */
static int may_send(struct req *r, struct campaign *c, struct authority *au, struct recommended_row **v, size_t *n)
{
        if (load_year(r, c) < 0 || sender_authority(r, au) < 0)
                return -1;
        bool open = false;
        int err = api_review_open(r, c, &open);   /* the deadline, or a reopening for this authority */
        if (err < 0) {
                api_store_error(r, err);
                return -1;
        }
        if (!open) {
                char due[32];
                date_format(c->local_review_due, due);
                reply_error(r, 409, "window_closed",
                            arena_printf(r->arena, "推荐材料报送已于 %s 截止（北京时间）", due), NULL);
                return -1;
        }
        struct package_row p;
        err = store_package_find(r->db, r->arena, c->year, authority_kind_code(au->kind), au->code, &p);
        if (err == 0) {
                char at[32];
                reply_error(r, 409, "conflict",
                            arena_printf(r->arena, "本单位已于 %s 报送推荐材料，不能重复报送", time_format_beijing(p.submitted_at, at)),
                            NULL);
                return -1;
        }
        if (err == -ENOENT)
                err = store_recommended_list(r->db, r->arena, c->year, au, v, n);
        if (err < 0) {
                api_store_error(r, err);
                return -1;
        }
        if (*n == 0) {
                reply_error(r, 422, "validation_failed", "尚无推荐至省信息化办的项目，不能报送推荐材料",
                            json_pack("{s:s}", "applications", "请先审核推荐项目"));
                return -1;
        }
        return 0;
}

/* Before the file is read: nothing is stored for a package that would be refused anyway. */
int api_packages_precheck(struct req *r)
{
        struct campaign c;
        struct authority au;
        struct recommended_row *v;
        size_t n;
        (void)may_send(r, &c, &au, &v, &n);
        return MHD_YES;
}

static bool scan_type(enum file_type t)
{
        return t == FT_PDF || t == FT_JPEG || t == FT_PNG;
}

int api_packages_create(struct req *r)
{
        struct upload *u = r->upload;
        struct campaign c;
        struct authority au;
        struct recommended_row *v;
        size_t n;
        if (may_send(r, &c, &au, &v, &n) < 0)
                return MHD_YES;
        if (u->failed)
                return reply_internal(r);
        if (u->extra_file || u->unknown_field || *u->kind)
                return reply_error(r, 400, "bad_request", "每次只能上传一个文件，表单字段应为 file", NULL);
        if (u->too_large)
                return reply_error(r, 413, "payload_too_large",
                                   arena_printf(r->arena, "文件过大：单个文件不超过 %d MB", ATTACHMENT_MAX_FILE_MB),
                                   json_pack("{s:s}", "file", "单个文件不超过 20 MB"));
        if (!u->have_file || u->size == 0)
                return reply_validation(r, json_pack("{s:s}", "file",
                                                     u->have_file ? "文件是空的" : "请上传加盖公章的推荐项目汇总表扫描件"));
        if (!scan_type(u->type))
                return reply_error(r, 415, "unsupported_media_type",
                                   arena_printf(r->arena, "推荐项目汇总表扫描件只接受 PDF、JPG、PNG 文件（按文件内容识别%s）",
                                                u->type == FT_UNKNOWN ? "，该文件不是可识别的类型"
                                                                      : arena_printf(r->arena, "，该文件是 %s", file_type_name(u->type))),
                                   json_pack("{s:s}", "file", "文件类型不符"));

        /* the file is durable under its hash before the database names it */
        if (store_blob_put(app->store, u->tmp_path, u->sha256) < 0)
                return reply_internal(r);
        u->tmp_path[0] = '\0';

        struct package_row p = {
                .campaign = c.year, .submitted_at = r->now, .submitted_by = r->user.id,
                .submitted_by_name = r->user.name, .file_name = (char *)api_clean_filename(r, u->filename ? u->filename : ""),
                .file_size = (int64_t)u->size,
        };
        snprintf(p.kind, sizeof p.kind, "%s", authority_kind_code(au.kind));
        snprintf(p.code, sizeof p.code, "%s", au.code);
        snprintf(p.sha256, sizeof p.sha256, "%s", u->sha256);
        snprintf(p.file_type, sizeof p.file_type, "%s", file_type_mime(u->type));
        /* the snapshot is taken under the write lock, so it is exactly what was recommended when
         * the package went in */
        int err = store_begin(r->db);
        if (err == 0)
                err = store_recommended_list(r->db, r->arena, c.year, &au, &v, &n);
        if (err == 0 && n == 0)
                err = -ENODATA;
        char *counts = NULL, *ids = NULL;
        if (err == 0) {
                json_t *jc = counts_json(&c, v, n), *ji = ids_json(v, n);
                counts = json_dumps(jc, JSON_COMPACT);
                ids = json_dumps(ji, JSON_COMPACT);
                json_decref(jc);
                json_decref(ji);
                if (!counts || !ids)
                        err = -ENOMEM;
        }
        if (err == 0) {
                p.counts_json = arena_strdup(r->arena, counts);
                p.application_ids_json = arena_strdup(r->arena, ids);
                err = store_package_insert(r->db, &p, &p.id);
        }
        free(counts);
        free(ids);
        if (err == 0)
                err = store_commit(r->db);
        if (err < 0)
                store_rollback(r->db);
        if (err == -EEXIST)
                return reply_error(r, 409, "conflict", "本单位已报送推荐材料，不能重复报送", NULL);
        if (err == -ENODATA)
                return reply_error(r, 422, "validation_failed", "尚无推荐至省信息化办的项目，不能报送推荐材料",
                                   json_pack("{s:s}", "applications", "请先审核推荐项目"));
        if (err < 0)
                return api_store_error(r, err == -ENOMEM ? -EIO : err);
        log_info("package %lld sent by %s (%s) for %d: %zu projects", (long long)p.id, au.name, r->user.username,
                 c.year, n);
        return reply_json(r, 201, entry_json(&au, &p, NULL, NULL));
}

int api_package_file(struct req *r)
{
        struct campaign c;
        if (load_year(r, &c) < 0)
                return MHD_YES;
        const char *id = route_param(&r->params, "id");
        char *end;
        long long pid = id ? strtoll(id, &end, 10) : 0;
        struct package_row p;
        int err = !id || *end || pid <= 0 ? -ENOENT : store_package_get(r->db, r->arena, c.year, pid, &p);
        if (err == 0 && r->user.role != ROLE_PROVINCE_ADMIN) {
                /* another authority's package is not revealed */
                struct authority au;
                int e = caller_authority(r, &au);
                if (e == -EINVAL || (e == 0 && !same_authority(&au, p.kind, p.code)))
                        err = -ENOENT;
                else if (e < 0)
                        err = e;
        }
        if (err < 0)
                return api_store_error(r, err);
        int fd;
        if (store_blob_open(app->store, p.sha256, &fd) < 0)
                return reply_error(r, 500, "internal", "推荐材料文件缺失，请联系管理员", NULL);
        struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)p.file_size, fd);
        if (!resp) {
                close(fd);
                return reply_internal(r);
        }
        const char *q = req_query(r, "inline");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, p.file_type);
        MHD_add_response_header(resp, "Content-Disposition",
                                api_content_disposition(r, p.file_name, q && strcmp(q, "1") == 0));
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-cache");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, arena_printf(r->arena, "\"%s\"", p.sha256));
        return reply_queue(r, 200, resp);
}
