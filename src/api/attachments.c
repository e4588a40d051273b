/* Attachments of an application: upload (streamed to disk, recognised by content, stored by
 * SHA-256), download with the original name, delete while the application is editable. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "app.h"
#include "domain/application.h"
#include "domain/attachment.h"
#include "http/upload.h"
#include "util/arena.h"
#include "util/utf8.h"

const char *api_clean_filename(struct call *c, const char *name)
{
        const char *base = name;
        for (const char *p = name; *p; p++)
                if (*p == '/' || *p == '\\')
                        base = p + 1;
        size_t n = strlen(base);
        char *out = arena_alloc(c->arena, n + 1);
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

/* Reads the zip's central directory from the finished temp file: a DOCX names word/document.xml. */
static bool zip_names_word_document(int fd, uint64_t size)
{
        unsigned char tail[65536 + 22];
        size_t n = size < sizeof tail ? (size_t)size : sizeof tail;
        uint64_t offset, dir_size;
        if (pread(fd, tail, n, (off_t)(size - n)) != (ssize_t)n ||
            !zip_find_directory(tail, n, size, &offset, &dir_size) || dir_size > 16u << 20)
                return false;
        unsigned char *dir = malloc(dir_size ? dir_size : 1);
        bool found = dir && pread(fd, dir, dir_size, (off_t)offset) == (ssize_t)dir_size &&
                     zip_directory_has(dir, dir_size, "word/document.xml");
        free(dir);
        return found;
}

int api_identify_file(const unsigned char *head, size_t head_len, int fd, uint64_t size)
{
        struct sniffer s;
        sniffer_init(&s);
        sniffer_feed(&s, head, head_len);
        return (int)sniffer_finish(&s, sniffer_is_zip(&s) && zip_names_word_document(fd, size));
}

/* The caller's own application, still editable (the workflow's "edit"). */
static int editable_target(struct call *c, struct app_row *a)
{
        const struct transition *t;
        int err = api_app_load(c, a);
        if (err == 0)
                err = api_decide(c, a, "edit", NULL, &t);
        return err;
}

/* Before the file is read: nothing is stored for an upload that would be refused anyway. */
int api_attachments_precheck(struct call *c)
{
        struct app_row a;
        return editable_target(c, &a);
}

int api_attachments_create(struct call *c)
{
        struct upload *u = c->upload;
        struct app_row a;
        int err = editable_target(c, &a);
        if (err < 0)
                return err;
        if (u->failed)
                return -EIO;
        if (u->extra_file || u->unknown_field)
                return api_fail(c, E_BAD_REQUEST, "每次只能上传一个文件，表单字段应为 kind 与 file", NULL);
        if (u->too_large)
                return api_fail(c, E_PAYLOAD_TOO_LARGE,
                                arena_printf(c->arena, "文件过大：单个文件不超过 %d MB", ATTACHMENT_MAX_FILE_MB),
                                json_pack("{s:s}", "file", "单个文件不超过 20 MB"));
        enum attachment_kind kind = attachment_kind_parse(u->kind);
        enum file_type type = (enum file_type)u->type;
        json_t *fields = json_object();
        if (kind == ATT_NONE)
                json_object_set_new(fields, "kind", json_string(*u->kind ? "附件类别不存在" : "请选择附件类别"));
        if (!u->have_file)
                json_object_set_new(fields, "file", json_string("请选择要上传的文件"));
        else if (u->size == 0)
                json_object_set_new(fields, "file", json_string("文件是空的"));
        if (json_object_size(fields))
                return api_invalid(c, fields);
        json_decref(fields);
        if (!attachment_type_allowed(kind, type))
                return api_fail(c, E_UNSUPPORTED_MEDIA_TYPE,
                                arena_printf(c->arena, "%s只接受 %s 文件（按文件内容识别%s）", attachment_kind_label(kind),
                                             attachment_types_text(kind),
                                             type == FT_UNKNOWN ? "，该文件不是可识别的类型"
                                                                : arena_printf(c->arena, "，该文件是 %s", file_type_name(type))),
                                json_pack("{s:s}", "file", "文件类型不符"));
        int64_t total = 0;
        err = store_attachment_total(c->db, a.id, &total);
        if (err < 0)
                return err;
        if ((uint64_t)total + u->size > (uint64_t)ATTACHMENT_MAX_TOTAL_MB << 20)
                return api_fail(c, E_PAYLOAD_TOO_LARGE,
                                arena_printf(c->arena, "附件总量超过 %d MB（已上传 %.1f MB），请压缩或删除部分附件后再上传",
                                             ATTACHMENT_MAX_TOTAL_MB, (double)total / (1 << 20)),
                                json_pack("{s:s}", "file", "附件总量超过 200 MB"));

        /* the file is durable under its hash before the database names it */
        err = store_blob_put(app->store, u->tmp_path, u->sha256);
        if (err < 0)
                return err;
        u->tmp_path[0] = '\0';
        struct attachment_row row = {
                .application_id = a.id, .size = (int64_t)u->size, .uploaded_by = c->user.id, .created_at = c->now,
                .filename = (char *)api_clean_filename(c, u->filename ? u->filename : ""),
        };
        snprintf(row.kind, sizeof row.kind, "%s", attachment_kind_code(kind));
        snprintf(row.sha256, sizeof row.sha256, "%s", u->sha256);
        snprintf(row.content_type, sizeof row.content_type, "%s", file_type_mime(type));
        err = store_begin(c->db);
        if (err == 0)
                err = store_attachment_insert(c->db, &row, &row.id);
        /* compare-and-set on the status: a submit racing this upload wins cleanly */
        if (err == 0)
                err = store_app_touch(c->db, a.id, a.status, c->now);
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0)
                store_rollback(c->db);
        if (err == -ESTALE)
                return api_fail(c, E_CONFLICT, "申报已提交并锁定，不能再上传附件", NULL);
        if (err < 0)
                return err;
        return api_json(c, 201, api_attachment_json(&row));
}

static int load_attachment(struct call *c, struct app_row *a, struct attachment_row *ret)
{
        int err = api_app_load(c, a);
        if (err < 0)
                return err;
        return store_attachment_get(c->db, c->arena, a->id, c->aid, ret);
}

int api_attachment_get(struct call *c)
{
        struct app_row a;
        struct attachment_row att;
        int err = load_attachment(c, &a, &att);
        if (err < 0)
                return err;
        int fd;
        if (store_blob_open(app->store, att.sha256, &fd) < 0)
                return api_fail(c, E_INTERNAL, "附件文件缺失，请联系管理员", NULL);
        /* ?inline=1 lets the browser's viewer show a PDF or image; the type is the one recognised
         * from the content (never HTML), and nosniff keeps it so */
        const char *q = api_query(c, "inline");
        bool inline_view = q && strcmp(q, "1") == 0;
        c->req->frame_same_origin = inline_view;
        struct reply_head h = { .content_type = att.content_type, .cache_control = "private, no-cache",
                                .disposition = api_content_disposition(c, att.filename, inline_view),
                                .etag = arena_printf(c->arena, "\"%s\"", att.sha256) };
        return reply_file(c->req, 200, &h, fd, (uint64_t)att.size);
}

int api_attachment_delete(struct call *c)
{
        struct app_row a;
        struct attachment_row att;
        const struct transition *t;
        int err = load_attachment(c, &a, &att);
        if (err == 0)
                err = api_decide(c, &a, "edit", NULL, &t);
        if (err < 0)
                return err;
        err = store_begin(c->db);
        if (err == 0)
                err = store_app_touch(c->db, a.id, a.status, c->now);
        if (err == 0)
                err = store_attachment_delete(c->db, a.id, att.id);
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0)
                store_rollback(c->db);
        if (err == -ESTALE)
                return api_fail(c, E_CONFLICT, "申报已提交并锁定，不能删除附件", NULL);
        if (err < 0)
                return err;
        return reply_empty(c->req, 204);
}
