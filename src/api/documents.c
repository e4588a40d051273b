/* Documents of one application: the printable 申报表 (form.pdf) and the submission receipt
 * (receipt.pdf), for whoever may see the application. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "docs/docs.h"
#include "domain/application.h"
#include "domain/attachment.h"
#include "domain/form.h"
#include "util/arena.h"
#include "util/buf.h"

static int to_buf(void *closure, const unsigned char *data, size_t n)
{
        return buf_append(closure, data, n);
}

/* Everything a document needs of the application in the path, within the caller's scope. */
static int load_document_data(struct call *c, struct docs_application *d)
{
        struct app_row a;
        int err = api_app_load(c, &a);
        if (err < 0)
                return err;
        struct region *regions;
        struct department *deps;
        struct attachment_row *att;
        size_t nr, nd, na;
        const struct campaign *cp = api_campaign(a.campaign);
        err = cp ? 0 : -EIO;
        if (err == 0)
                err = store_region_list(c->db, c->arena, &regions, &nr);
        if (err == 0)
                err = store_department_list(c->db, c->arena, &deps, &nd);
        if (err == 0)
                err = store_attachment_list(c->db, c->arena, a.id, &att, &na);
        json_t *form = err == 0 ? json_loads(a.form_json, 0, NULL) : NULL;
        if (!form)
                return err < 0 ? err : -EIO;
        struct docs_attachment *da = arena_alloc(c->arena, (na ? na : 1) * sizeof *da);
        for (size_t i = 0; i < na; i++)
                da[i] = (struct docs_attachment){ attachment_kind_label(attachment_kind_parse(att[i].kind)),
                                                  att[i].filename, att[i].size, arena_strdup(c->arena, att[i].sha256),
                                                  att[i].created_at };
        /* The form is printed, stamped and uploaded before the first submission, so the watermark
         * marks an unfinished form: while anything but the attachments is still missing or wrong. */
        struct form_context ctx = { .campaign = cp, .account_unit_name = a.unit_name, .account_credit_code = a.credit_code,
                                    .regions = regions, .n_regions = nr, .departments = deps, .n_departments = nd };
        json_t *problems = json_object(), *warnings = json_object();
        form_check(form, &ctx, problems, warnings);
        bool unfinished = false;
        const char *key;
        json_t *v;
        json_object_foreach(problems, key, v) if (strncmp(key, "attachments.", 12) != 0) unfinished = true;
        json_decref(problems);
        json_decref(warnings);
        char *authority = arena_alloc(c->arena, AUTHORITY_NAME_MAX);
        *d = (struct docs_application){
                .form = form, .campaign = cp, .regions = regions, .n_regions = nr, .departments = deps,
                .n_departments = nd, .status = arena_strdup(c->arena, a.status), .submission_no = a.submission_no,
                .watermark = (status_editable() & STATUS_BIT(status_parse(a.status))) && unfinished,
                .submitted_at = a.submitted_at,
                .review_authority = app_authority_name(a.review_level, a.review_name, authority),
                .attachments = da, .n_attachments = na,
        };
        return 0;
}

static int render(struct call *c, int (*fn)(const struct docs_application *, docs_write_fn, void *),
                  const char *what)
{
        struct docs_application d;
        int err = load_document_data(c, &d);
        if (err < 0)
                return err;
        struct buf b = BUF_INIT(0);
        err = fn(&d, to_buf, &b);
        json_decref(d.form);
        if (err < 0) {
                buf_free(&b);
                return -EIO;
        }
        const char *no = *d.submission_no ? d.submission_no : "草稿";
        size_t n = b.len;
        return api_send_pdf(c, buf_detach(&b), n, arena_printf(c->arena, "%s-%s.pdf", what, no));
}

int api_form_pdf(struct call *c)
{
        return render(c, docs_form_pdf, "申报表");
}

int api_receipt_pdf(struct call *c)
{
        struct app_row a;
        int err = api_app_load(c, &a);
        if (err < 0)
                return err;
        if (!a.submitted_at)
                return api_fail(c, E_CONFLICT, "申报尚未提交，提交后才有申报回执", NULL);
        /* a withdrawn or returned application's files may have changed since: a receipt now would
         * not be true */
        if (status_editable() & STATUS_BIT(status_parse(a.status)))
                return api_fail(c, E_CONFLICT,
                                strcmp(a.status, "returned") == 0 ? "申报已退回修改，重新提交后可下载申报回执"
                                                                  : "申报已撤回，重新提交后可下载申报回执",
                                NULL);
        return render(c, docs_receipt_pdf, "申报回执");
}
