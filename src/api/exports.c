/* Exports of the application list (CSV, XLSX): the rows the list would show with the same filters
 * and scope, every field of the form. Both read a page of rows at a time: CSV is streamed as it is
 * produced, XLSX is written to a temp file in the data dir and sent from there. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "app.h"
#include "docs/export.h"
#include "domain/application.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

#define PAGE_ROWS 200

/* An export in progress. Owns all its memory: a CSV outlives its handler's request arena while
 * libmicrohttpd sends it, and reads through the connection of the thread that serves it. */
struct export_job {
        struct app_filter f;
        char category[64], region[16];
        struct export_context ctx;
        struct region *regions;
        struct department *departments;
        struct campaign *campaigns;
        struct export *e;
        struct export_xlsx *xlsx;       /* writing an XLSX; else CSV into out */
        int64_t last_id;
        size_t page_rows;
        bool done;
        struct buf out;
        size_t out_pos;
};

static void job_free(struct export_job *j)
{
        if (!j)
                return;
        export_free(j->e);
        free(j->regions);
        free(j->departments);
        free(j->campaigns);
        buf_free(&j->out);
        free(j);
}

static void *copy_of(const void *p, size_t n, size_t size)
{
        void *c = malloc(n ? n * size : 1);
        if (c && n)
                memcpy(c, p, n * size);
        return c;
}

static int year_of_day(int32_t days)
{
        char buf[32];
        date_format(days, buf);
        return atoi(buf);
}

/* The filters and scope of the list (replies itself when they are bad), names for the codes, and
 * the revenue years of the campaigns in the export. */
static int job_new(struct call *c, struct export_job **ret)
{
        struct app_filter f;
        int err = api_apps_filter(c, &f);
        if (err < 0)
                return err;
        struct export_job *j = calloc(1, sizeof *j);
        struct region *regions;
        struct department *deps;
        size_t nr, nd, nc = api_campaigns_count();
        err = j ? 0 : -ENOMEM;
        if (err == 0)
                err = store_region_list(c->db, c->arena, &regions, &nr);
        if (err == 0)
                err = store_department_list(c->db, c->arena, &deps, &nd);
        if (err < 0) {
                job_free(j);
                return err;
        }
        j->f = f;
        snprintf(j->category, sizeof j->category, "%s", f.category ? f.category : "");
        snprintf(j->region, sizeof j->region, "%s", f.region_code ? f.region_code : "");
        j->f.category = f.category ? j->category : NULL;
        j->f.region_code = f.region_code ? j->region : NULL;
        j->regions = copy_of(regions, nr, sizeof *regions);
        j->departments = copy_of(deps, nd, sizeof *deps);
        j->campaigns = calloc(nc ? nc : 1, sizeof *j->campaigns);
        if (!j->regions || !j->departments || !j->campaigns) {
                job_free(j);
                return -ENOMEM;
        }
        /* 近三年业务收入: the three years up to each exported campaign's statistics cutoff */
        size_t n = 0;
        int first = 0, last = -1;
        for (; n < nc; n++) {
                const struct campaign *cp = &j->campaigns[n];
                j->campaigns[n] = *api_campaign_at(n);
                int y = year_of_day(cp->statistics_cutoff);
                bool exported = !f.campaign || f.campaign == cp->year;
                if (exported && last < first) {
                        first = y - 2;
                        last = y;
                } else if (exported) {
                        first = y - 2 < first ? y - 2 : first;
                        last = y > last ? y : last;
                }
        }
        j->ctx = (struct export_context){ .campaigns = j->campaigns, .n_campaigns = n, .regions = j->regions,
                                          .n_regions = nr, .departments = j->departments, .n_departments = nd,
                                          .revenue_first = first, .revenue_last = last };
        j->e = export_new(&j->ctx);
        if (!j->e) {
                job_free(j);
                return -ENOMEM;
        }
        *ret = j;
        return 0;
}

static int on_row(void *closure, const struct app_row *row, int64_t n_attachments)
{
        struct export_job *j = closure;
        json_t *form = json_loads(row->form_json, 0, NULL);
        if (!form)
                form = json_object();   /* the record's own columns still say which one */
        char authority[AUTHORITY_NAME_MAX];
        struct export_app a = {
                .id = row->id, .campaign = row->campaign, .status = row->status, .review_level = row->review_level,
                .submission_no = row->submission_no, .submitted_at = row->submitted_at,
                .updated_at = row->updated_at,
                .review_authority = app_authority_name(row->review_level, row->review_name, authority),
                .n_attachments = n_attachments, .form = form,
        };
        int err = j->xlsx ? export_xlsx_row(j->xlsx, &a) : export_csv_row(j->e, &a, &j->out);
        json_decref(form);
        j->last_id = row->id;
        j->page_rows++;
        return err;
}

/* The next page of rows into the CSV buffer or the workbook; done after a short page. */
static int next_page(struct export_job *j, struct db *db)
{
        j->page_rows = 0;
        int err = store_app_each(db, &j->f, j->last_id, PAGE_ROWS, on_row, j);
        if (err == 0 && j->page_rows < PAGE_ROWS)
                j->done = true;
        return err;
}

static ssize_t csv_read(void *cls, char *dst, size_t max)
{
        struct export_job *j = cls;
        while (j->out_pos >= j->out.len) {
                if (j->done)
                        return 0;
                buf_reset(&j->out);
                j->out_pos = 0;
                /* this thread's connection: libmicrohttpd keeps a connection on one thread */
                int err = next_page(j, store_db(app->store));
                if (err < 0) {
                        log_error("CSV export stopped after id %lld: %s", (long long)j->last_id, strerror(-err));
                        return -1;
                }
        }
        size_t n = j->out.len - j->out_pos;
        if (n > max)
                n = max;
        memcpy(dst, j->out.data + j->out_pos, n);
        j->out_pos += n;
        return (ssize_t)n;
}

static void csv_free(void *cls)
{
        job_free(cls);
}

static const char *file_name(struct call *c, const struct export_job *j, const char *ext)
{
        return j->f.campaign ? arena_printf(c->arena, "申报列表-%d.%s", j->f.campaign, ext)
                             : arena_printf(c->arena, "申报列表.%s", ext);
}

int api_apps_export_csv(struct call *c)
{
        struct export_job *j;
        int err = job_new(c, &j);
        if (err < 0)
                return err;
        /* the header and the first page now, so a failing database still gets a proper answer */
        err = export_csv_header(j->e, &j->out);
        if (err == 0)
                err = next_page(j, c->db);
        if (err < 0) {
                job_free(j);
                return err;
        }
        struct reply_head h = { .content_type = "text/csv; charset=utf-8", .cache_control = "private, no-store",
                                .disposition = api_content_disposition(c, file_name(c, j, "csv"), false) };
        return reply_stream(c->req, 200, &h, csv_read, j, csv_free);
}

int api_apps_export_xlsx(struct call *c)
{
        struct export_job *j;
        int err = job_new(c, &j);
        if (err < 0)
                return err;
        const char *tmpdir = store_tmp_dir(app->store);
        char *path = arena_printf(c->arena, "%s/export-XXXXXX.xlsx", tmpdir);
        int fd = mkostemps(path, 5, O_CLOEXEC);
        if (fd < 0) {
                log_error("export: cannot create %s: %s", path, strerror(errno));
                job_free(j);
                return -EIO;
        }
        close(fd);
        err = export_xlsx_open(j->e, path, tmpdir, &j->xlsx);
        while (err == 0 && !j->done)
                err = next_page(j, c->db);
        int cerr = export_xlsx_close(j->xlsx);
        j->xlsx = NULL;
        if (err == 0)
                err = cerr;
        const char *name = file_name(c, j, "xlsx");
        job_free(j);
        if (err < 0) {
                unlink(path);
                log_error("export: writing the workbook failed: %s", strerror(-err));
                return err == -EBUSY ? err : -EIO;
        }
        return api_send_temp_file(c, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
}
