/* Exports of the application list (CSV, XLSX): the rows the list would show with the same filters
 * and scope, every field of the form. Both read a page of rows at a time: CSV is streamed as it is
 * produced, XLSX is written to a temp file in the data dir and sent from there. */
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
#include "docs/export.h"
#include "domain/application.h"
#include "http/reply.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

#define PAGE_ROWS 200

/* An export in progress. Owns all its memory: a CSV outlives its handler's request arena while
 * libmicrohttpd sends it, and reads through the connection of the thread that serves it. */
struct export_job {
        struct app_filter f;
        char status[32], category[64], region[16];
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
static struct export_job *job_new(struct req *r)
{
        struct app_filter f;
        if (api_apps_filter(r, &f) < 0)
                return NULL;
        struct export_job *j = calloc(1, sizeof *j);
        struct region *regions;
        struct department *deps;
        struct campaign_row *crows;
        size_t nr, nd, nc;
        int err = j ? 0 : -ENOMEM;
        if (err == 0)
                err = store_region_list(r->db, r->arena, &regions, &nr);
        if (err == 0)
                err = store_department_list(r->db, r->arena, &deps, &nd);
        if (err == 0)
                err = store_campaign_list(r->db, r->arena, &crows, &nc);
        if (err < 0) {
                job_free(j);
                api_store_error(r, err);
                return NULL;
        }
        j->f = f;
        snprintf(j->status, sizeof j->status, "%s", f.status ? f.status : "");
        snprintf(j->category, sizeof j->category, "%s", f.category ? f.category : "");
        snprintf(j->region, sizeof j->region, "%s", f.region_code ? f.region_code : "");
        j->f.status = f.status ? j->status : NULL;
        j->f.category = f.category ? j->category : NULL;
        j->f.region_code = f.region_code ? j->region : NULL;
        j->regions = copy_of(regions, nr, sizeof *regions);
        j->departments = copy_of(deps, nd, sizeof *deps);
        j->campaigns = calloc(nc ? nc : 1, sizeof *j->campaigns);
        if (!j->regions || !j->departments || !j->campaigns) {
                job_free(j);
                reply_internal(r);
                return NULL;
        }
        /* 近三年业务收入: the three years up to each exported campaign's statistics cutoff */
        size_t n = 0;
        int first = 0, last = -1;
        for (size_t i = 0; i < nc; i++) {
                json_t *def = json_loads(crows[i].definition_json, 0, NULL);
                if (def && campaign_parse(def, &j->campaigns[n], NULL) == 0) {
                        const struct campaign *c = &j->campaigns[n++];
                        int y = year_of_day(c->statistics_cutoff);
                        bool exported = !f.campaign || f.campaign == c->year;
                        if (exported && last < first) {
                                first = y - 2;
                                last = y;
                        } else if (exported) {
                                first = y - 2 < first ? y - 2 : first;
                                last = y > last ? y : last;
                        }
                }
                json_decref(def);
        }
        j->ctx = (struct export_context){ .campaigns = j->campaigns, .n_campaigns = n, .regions = j->regions,
                                          .n_regions = nr, .departments = j->departments, .n_departments = nd,
                                          .revenue_first = first, .revenue_last = last };
        j->e = export_new(&j->ctx);
        if (!j->e) {
                job_free(j);
                reply_internal(r);
                return NULL;
        }
        return j;
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
        struct arena *a = arena_new();
        j->page_rows = 0;
        int err = store_app_each(db, a, &j->f, j->last_id, PAGE_ROWS, on_row, j);
        arena_free(a);
        if (err == 0 && j->page_rows < PAGE_ROWS)
                j->done = true;
        return err;
}

static ssize_t csv_read(void *cls, uint64_t pos, char *dst, size_t max)
{
        (void)pos;
        struct export_job *j = cls;
        while (j->out_pos >= j->out.len) {
                if (j->done)
                        return MHD_CONTENT_READER_END_OF_STREAM;
                buf_reset(&j->out);
                j->out_pos = 0;
                /* this thread's connection: libmicrohttpd keeps a connection on one thread */
                int err = next_page(j, store_db(app->store));
                if (err < 0) {
                        log_error("CSV export stopped after id %lld: %s", (long long)j->last_id, strerror(-err));
                        return MHD_CONTENT_READER_END_WITH_ERROR;
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

static const char *file_name(struct req *r, const struct export_job *j, const char *ext)
{
        return j->f.campaign ? arena_printf(r->arena, "申报列表-%d.%s", j->f.campaign, ext)
                             : arena_printf(r->arena, "申报列表.%s", ext);
}

int api_apps_export_csv(struct req *r)
{
        struct export_job *j = job_new(r);
        if (!j)
                return MHD_YES; /* replied */
        /* the header and the first page now, so a failing database still gets a proper answer */
        int err = export_csv_header(j->e, &j->out);
        if (err == 0)
                err = next_page(j, r->db);
        if (err < 0) {
                job_free(j);
                return api_store_error(r, err);
        }
        const char *name = file_name(r, j, "csv");
        struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, csv_read, j, csv_free);
        if (!resp) {
                job_free(j);
                return reply_internal(r);
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/csv; charset=utf-8");
        MHD_add_response_header(resp, "Content-Disposition", api_content_disposition(r, name, false));
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-store");
        return reply_queue(r, 200, resp);
}

int api_apps_export_xlsx(struct req *r)
{
        struct export_job *j = job_new(r);
        if (!j)
                return MHD_YES;
        const char *tmpdir = store_tmp_dir(app->store);
        char *path = arena_printf(r->arena, "%s/export-XXXXXX.xlsx", tmpdir);
        int fd = mkostemps(path, 5, O_CLOEXEC);
        if (fd < 0) {
                log_error("export: cannot create %s: %s", path, strerror(errno));
                job_free(j);
                return reply_internal(r);
        }
        close(fd);
        int err = export_xlsx_open(j->e, path, tmpdir, &j->xlsx);
        while (err == 0 && !j->done)
                err = next_page(j, r->db);
        int cerr = export_xlsx_close(j->xlsx);
        j->xlsx = NULL;
        if (err == 0)
                err = cerr;
        const char *name = file_name(r, j, "xlsx");
        job_free(j);
        /* open, then unlink: the file lives as long as the response that sends it */
        fd = err == 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
        unlink(path);
        struct stat sb;
        if (fd >= 0 && fstat(fd, &sb) < 0) {
                close(fd);
                fd = -1;
        }
        if (fd < 0) {
                log_error("export: writing the workbook failed: %s", strerror(err < 0 ? -err : errno));
                return api_store_error(r, err == -EBUSY ? err : -EIO);
        }
        struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
        if (!resp) {
                close(fd);
                return reply_internal(r);
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        MHD_add_response_header(resp, "Content-Disposition", api_content_disposition(r, name, false));
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-store");
        return reply_queue(r, 200, resp);
}
