/* Documents of one application: the printable 申报表 (form.pdf) and the submission receipt
 * (receipt.pdf), for whoever may see the application. */
#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "docs/docs.h"
#include "domain/application.h"
#include "domain/attachment.h"
#include "domain/form.h"
#include "http/reply.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/buf.h"

static int to_buf(void *closure, const unsigned char *data, size_t n)
{
        return buf_append(closure, data, n);
}

/* Everything a document needs of the application in the path, within the caller's scope. */
static int load_document_data(struct req *r, struct docs_application *d, struct campaign *c)
{
        struct app_row a;
        if (api_app_load(r, &a) < 0)
                return -1;
        struct region *regions;
        struct department *deps;
        struct attachment_row *att;
        size_t nr, nd, na;
        int err = api_campaign_load(r, a.campaign, c);
        if (err == 0)
                err = store_region_list(r->db, r->arena, &regions, &nr);
        if (err == 0)
                err = store_department_list(r->db, r->arena, &deps, &nd);
        if (err == 0)
                err = store_attachment_list(r->db, r->arena, a.id, &att, &na);
        json_t *form = err == 0 ? json_loads(a.form_json, 0, NULL) : NULL;
        if (!form) {
                api_store_error(r, err < 0 ? err : -EIO);
                return -1;
        }
        struct docs_attachment *da = arena_alloc(r->arena, (na ? na : 1) * sizeof *da);
        for (size_t i = 0; i < na; i++)
                da[i] = (struct docs_attachment){ attachment_kind_label(attachment_kind_parse(att[i].kind)),
                                                  att[i].filename, att[i].size, arena_strdup(r->arena, att[i].sha256),
                                                  att[i].created_at };
        /* The form is printed, stamped and uploaded before the first submission, so the watermark
         * marks an unfinished form: while anything but the attachments is still missing or wrong. */
        struct form_context ctx = { .campaign = c, .account_unit_name = a.unit_name, .account_credit_code = a.credit_code,
                                    .regions = regions, .n_regions = nr, .departments = deps, .n_departments = nd };
        json_t *problems = json_object(), *warnings = json_object();
        form_check(form, &ctx, problems, warnings);
        bool unfinished = false;
        const char *key;
        json_t *v;
        json_object_foreach(problems, key, v) if (strncmp(key, "attachments.", 12) != 0) unfinished = true;
        json_decref(problems);
        json_decref(warnings);
        char *authority = arena_alloc(r->arena, AUTHORITY_NAME_MAX);
        *d = (struct docs_application){
                .form = form, .campaign = c, .regions = regions, .n_regions = nr, .departments = deps,
                .n_departments = nd, .status = arena_strdup(r->arena, a.status), .submission_no = a.submission_no,
                .watermark = app_editable(a.status) && unfinished,
                .submitted_at = a.submitted_at,
                .review_authority = app_authority_name(a.review_level, a.review_name, authority),
                .attachments = da, .n_attachments = na,
        };
        return 0;
}

static int reply_pdf(struct req *r, struct buf *b, const char *filename)
{
        size_t n = b->len;
        char *data = buf_detach(b);
        struct MHD_Response *resp = MHD_create_response_from_buffer(n, data, MHD_RESPMEM_MUST_FREE);
        if (!resp) {
                free(data);
                return reply_internal(r);
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/pdf");
        MHD_add_response_header(resp, "Content-Disposition", api_content_disposition(r, filename, true));
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-cache");
        return reply_queue(r, 200, resp);
}

static int render(struct req *r, int (*fn)(const struct docs_application *, docs_write_fn, void *),
                  const char *what)
{
        struct docs_application d;
        struct campaign c;
        if (load_document_data(r, &d, &c) < 0)
                return MHD_YES;
        struct buf b = BUF_INIT(0);
        int err = fn(&d, to_buf, &b);
        json_decref(d.form);
        if (err < 0) {
                buf_free(&b);
                return reply_internal(r);
        }
        const char *no = *d.submission_no ? d.submission_no : "草稿";
        return reply_pdf(r, &b, arena_printf(r->arena, "%s-%s.pdf", what, no));
}

int api_form_pdf(struct req *r)
{
        return render(r, docs_form_pdf, "申报表");
}

int api_receipt_pdf(struct req *r)
{
        struct app_row a;
        if (api_app_load(r, &a) < 0)
                return MHD_YES;
        if (!a.submitted_at)
                return reply_error(r, 409, "conflict", "申报尚未提交，提交后才有申报回执", NULL);
        /* a withdrawn or returned application's files may have changed since: a receipt now would
         * not be true */
        if (app_editable(a.status))
                return reply_error(r, 409, "conflict",
                                   strcmp(a.status, "returned") == 0 ? "申报已退回修改，重新提交后可下载申报回执"
                                                                     : "申报已撤回，重新提交后可下载申报回执",
                                   NULL);
        return render(r, docs_receipt_pdf, "申报回执");
}
