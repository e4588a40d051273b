/* List exports of applications as CSV and XLSX: every field of the form, one column per dotted key,
 * with the record's own fields, under Chinese headers. Pure formatting: the caller pages the rows
 * in and sends the bytes; nothing here holds more than one row. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/campaign.h"
#include "domain/region.h"

struct buf;

/* Names for codes, and which years of 近三年业务收入 get columns. */
struct export_context {
        const struct campaign *campaigns;       /* category names */
        size_t n_campaigns;
        const struct region *regions;
        size_t n_regions;
        const struct department *departments;
        size_t n_departments;
        int revenue_first, revenue_last;        /* years, inclusive; first > last for none */
};

/* One application as exported. */
struct export_app {
        int64_t id;
        int campaign;
        const char *status, *review_level;      /* stored codes; printed as status_label */
        const char *submission_no;              /* "" before the first submission */
        int64_t submitted_at, updated_at;       /* UTC seconds, 0 = never; printed in Beijing time */
        const char *review_authority;           /* "玄武区信息化主管部门", "" before submission */
        int64_t n_attachments;
        json_t *form;                           /* domain/form.h; missing keys export as empty */
};

/* The column layout of one export; owned by the caller, export_free'd. NULL on out-of-memory. */
struct export *export_new(const struct export_context *ctx);
void export_free(struct export *e);
size_t export_n_columns(const struct export *e);
const char *export_column_label(const struct export *e, size_t i);

/* CSV per RFC 4180 with CRLF line ends: the header starts with the UTF-8 BOM (Excel and WPS then
 * read UTF-8). A value that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe. Append to out; 0 or negative errno. */
int export_csv_header(struct export *e, struct buf *out);
/* One field, quoted when it must be; guard: the apostrophe before a would-be formula (for values
 * people typed, not for headers). */
int export_csv_field(struct buf *out, const char *s, bool guard);
int export_csv_row(struct export *e, const struct export_app *a, struct buf *out);

/* XLSX in libxlsxwriter's constant_memory mode (rows go to disk as they come), its temp files in
 * tmpdir (NULL = the system's). Sheet 申报列表: header row frozen, filters on; money as numbers
 * with two decimals, times as date-times. close writes the file and frees x (NULL is fine);
 * on any failure the caller removes path. */
struct export_xlsx;
int export_xlsx_open(struct export *e, const char *path, const char *tmpdir, struct export_xlsx **ret);
int export_xlsx_row(struct export_xlsx *x, const struct export_app *a);
int export_xlsx_close(struct export_xlsx *x);

