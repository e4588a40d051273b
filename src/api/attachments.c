/* Attachments of an application: upload (streamed to disk, recognised by content, stored by
 * SHA-256), download with the original name, delete while the application is editable. */
#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "app.h"
#include "domain/application.h"
#include "domain/attachment.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/upload.h"
#include "util/arena.h"
#include "util/utf8.h"

/* The name to keep: the last path component, without control characters, at most 120 characters;
 * "附件" when nothing usable is left. */
const char *api_clean_filename(struct req *r, const char *name)
{
        const char *base = name;
        for (const char *p = name; *p; p++)
                if (*p == '/' || *p == '\\')
                        base = p + 1;
        size_t n = strlen(base);
        char *out = arena_alloc(r->arena, n + 1);
        size_t j = 0;
        for (size_t i = 0; i < n; i++)
                if ((unsigned char)base[i] >= 0x20 && base[i] != 0x7f && base[i] != '"')
                        out[j++] = base[i];
        out[j] = '\0';
        if (!utf8_valid(out, j) || j == 0)
                return "附件";
        /* cut at a character boundary */
        long chars = 0;
        for (size_t i = 0; i < j; i++) {
                if (((unsigned char)out[i] & 0xC0) != 0x80 && ++chars > 120) {
                        out[i] = '\0';
                        break;
                }
        }
        return out;
}

/* The caller's own application, still editable; replies and returns -1 if not. */
static int upload_target(struct req *r, struct app_row *a)
{
        if (api_app_load(r, a) < 0)
                return -1;
        if (a->unit_id != r->user.unit_id) {
                reply_not_found(r);
                return -1;
        }
        if (!app_editable(a->status)) {
                reply_error(r, 409, "conflict", "申报已提交并锁定，不能再上传附件；如需修改请先撤回", NULL);
                return -1;
        }
        return 0;
}

/* Before the file is read: nothing is stored for an upload that would be refused anyway. */
int api_attachments_precheck(struct req *r)
{
        struct app_row a;
        (void)upload_target(r, &a);
        return MHD_YES;
}

int api_attachments_create(struct req *r)
{
        struct upload *u = r->upload;
        struct app_row a;
        if (upload_target(r, &a) < 0)
                return MHD_YES;
        if (u->failed)
                return reply_internal(r);
        if (u->extra_file || u->unknown_field)
                return reply_error(r, 400, "bad_request", "每次只能上传一个文件，表单字段应为 kind 与 file", NULL);
        if (u->too_large)
                return reply_error(r, 413, "payload_too_large",
                                   arena_printf(r->arena, "文件过大：单个文件不超过 %d MB", ATTACHMENT_MAX_FILE_MB),
                                   json_pack("{s:s}", "file", "单个文件不超过 20 MB"));
        enum attachment_kind kind = attachment_kind_parse(u->kind);
        json_t *fields = json_object();
        if (kind == ATT_NONE)
                json_object_set_new(fields, "kind", json_string(*u->kind ? "附件类别不存在" : "请选择附件类别"));
        if (!u->have_file)
                json_object_set_new(fields, "file", json_string("请选择要上传的文件"));
        else if (u->size == 0)
                json_object_set_new(fields, "file", json_string("文件是空的"));
        if (json_object_size(fields))
                return reply_validation(r, fields);
        json_decref(fields);
        if (!attachment_type_allowed(kind, u->type))
                return reply_error(r, 415, "unsupported_media_type",
                                   arena_printf(r->arena, "%s只接受 %s 文件（按文件内容识别%s）", attachment_kind_label(kind),
                                                attachment_types_text(kind),
                                                u->type == FT_UNKNOWN ? "，该文件不是可识别的类型"
                                                                      : arena_printf(r->arena, "，该文件是 %s", file_type_name(u->type))),
                                   json_pack("{s:s}", "file", "文件类型不符"));
        int64_t total = 0;
        int err = store_attachment_total(r->db, a.id, &total);
        if (err < 0)
                return api_store_error(r, err);
        if ((uint64_t)total + u->size > (uint64_t)ATTACHMENT_MAX_TOTAL_MB << 20)
                return reply_error(r, 413, "payload_too_large",
                                   arena_printf(r->arena, "附件总量超过 %d MB（已上传 %.1f MB），请压缩或删除部分附件后再上传",
                                                ATTACHMENT_MAX_TOTAL_MB, (double)total / (1 << 20)),
                                   json_pack("{s:s}", "file", "附件总量超过 200 MB"));

        /* the file is durable under its hash before the database names it */
        err = store_blob_put(app->store, u->tmp_path, u->sha256);
        if (err < 0)
                return reply_internal(r);
        u->tmp_path[0] = '\0';
        struct attachment_row row = {
                .application_id = a.id, .size = (int64_t)u->size, .uploaded_by = r->user.id, .created_at = r->now,
                .filename = (char *)api_clean_filename(r, u->filename ? u->filename : ""),
        };
        snprintf(row.kind, sizeof row.kind, "%s", attachment_kind_code(kind));
        snprintf(row.sha256, sizeof row.sha256, "%s", u->sha256);
        snprintf(row.content_type, sizeof row.content_type, "%s", file_type_mime(u->type));
        err = store_begin(r->db);
        if (err == 0)
                err = store_attachment_insert(r->db, &row, &row.id);
        /* compare-and-set on the status: a submit racing this upload wins cleanly */
        if (err == 0)
                err = store_app_set_status(r->db, a.id, a.status, a.status, r->now);
        if (err == 0)
                err = store_commit(r->db);
        if (err < 0)
                store_rollback(r->db);
        if (err == -ESTALE)
                return reply_error(r, 409, "conflict", "申报已提交并锁定，不能再上传附件", NULL);
        if (err < 0)
                return api_store_error(r, err);
        return reply_json(r, 201, api_attachment_json(&row));
}

static int load_attachment(struct req *r, struct app_row *a, struct attachment_row *ret)
{
        if (api_app_load(r, a) < 0)
                return -ENOENT;
        const char *aid = route_param(&r->params, "aid");
        char *end;
        long long id = aid ? strtoll(aid, &end, 10) : 0;
        int err = !aid || *end || id <= 0 ? -ENOENT : store_attachment_get(r->db, r->arena, a->id, id, ret);
        if (err < 0)
                api_store_error(r, err);
        return err;
}

int api_attachment_get(struct req *r)
{
        struct app_row a;
        struct attachment_row att;
        if (load_attachment(r, &a, &att) < 0)
                return MHD_YES;
        int fd;
        if (store_blob_open(app->store, att.sha256, &fd) < 0)
                return reply_error(r, 500, "internal", "附件文件缺失，请联系管理员", NULL);
        struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)att.size, fd);
        if (!resp) {
                close(fd);
                return reply_internal(r);
        }
        /* ?inline=1 lets the browser's viewer show a PDF or image; the type is the one recognised
         * from the content (never HTML), and nosniff keeps it so */
        const char *q = req_query(r, "inline");
        bool inline_view = q && strcmp(q, "1") == 0;
        r->frame_same_origin = inline_view;
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, att.content_type);
        MHD_add_response_header(resp, "Content-Disposition", api_content_disposition(r, att.filename, inline_view));
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-cache");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, arena_printf(r->arena, "\"%s\"", att.sha256));
        return reply_queue(r, 200, resp);
}

int api_attachment_delete(struct req *r)
{
        struct app_row a;
        struct attachment_row att;
        if (load_attachment(r, &a, &att) < 0)
                return MHD_YES;
        if (a.unit_id != r->user.unit_id)
                return reply_not_found(r);
        if (!app_editable(a.status))
                return reply_error(r, 409, "conflict", "申报已提交并锁定，不能删除附件", NULL);
        int err = store_begin(r->db);
        if (err == 0)
                err = store_app_set_status(r->db, a.id, a.status, a.status, r->now);
        if (err == 0)
                err = store_attachment_delete(r->db, a.id, att.id);
        if (err == 0)
                err = store_commit(r->db);
        if (err < 0)
                store_rollback(r->db);
        if (err == -ESTALE)
                return reply_error(r, 409, "conflict", "申报已提交并锁定，不能删除附件", NULL);
        if (err < 0)
                return api_store_error(r, err);
        return reply_empty(r, 204);
}
