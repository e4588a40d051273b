/* Documents people print, stamp and file: the 申报表 PDF, the submission receipt, the
 * 推荐项目汇总表 (XLSX and PDF) and list exports (CSV, XLSX). Renderers take plain data and write
 * bytes through a callback: no database, no HTTP. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/campaign.h"
#include "domain/region.h"

/* Receives the document's bytes in order; returns 0, or negative to stop. */
typedef int (*docs_write_fn)(void *closure, const unsigned char *data, size_t n);

struct docs_attachment {
        const char *kind_label;         /* 营业执照 ... */
        const char *filename;
        int64_t size;
        const char *sha256;
        int64_t uploaded_at;            /* UTC seconds */
};

/* What the form PDF and the receipt need of an application. */
struct docs_application {
        json_t *form;                   /* cover, unit, project, ownership, declaration_accepted (domain/form.h) */
        const struct campaign *campaign;
        const struct region *regions;   /* to print region names */
        size_t n_regions;
        const struct department *departments;
        size_t n_departments;
        const char *status;             /* draft, submitted ... */
        bool watermark;                 /* the 草稿 watermark: a draft still being filled in */
        const char *submission_no;      /* "" before the first submission */
        int64_t submitted_at;           /* UTC seconds, 0 = never */
        const char *review_authority;   /* "玄武区信息化主管部门", "" before submission */
        const struct docs_attachment *attachments;
        size_t n_attachments;
};

/* Fonts: the notice's 仿宋/黑体/楷体 when installed, else the CJK fonts Debian ships
 * (docs/documents.md says which stands in for which). Call once before rendering. */
int docs_init(void);

/* The 申报表 (附件1) on A4: cover, 表一, 表二, the chosen ownership statement, with
 * "第 x 页 共 y 页" and the submission number on every page. */
int docs_form_pdf(const struct docs_application *a, docs_write_fn write, void *closure);

/* The one-page 申报回执: number, unit, project, category, time, SHA-256 of every attachment. */
int docs_receipt_pdf(const struct docs_application *a, docs_write_fn write, void *closure);

/* One row of the 推荐项目汇总表 (附件2). */
struct docs_summary_row {
        const char *category;           /* 数字治理类 */
        const char *project_name;
        const char *unit_name;
        const char *unit_nature;        /* 民营企业 */
        int64_t total_investment;       /* hundredths of 万元 */
        const char *start_month, *end_month;    /* "2022-03" → printed 2022.03~2024.02 */
};

struct docs_summary {
        int year;
        const char *authority;          /* 推荐单位：<authority>（盖章） */
        const struct docs_summary_row *rows;
        size_t n_rows;
};

/* XLSX via libxlsxwriter: A4 landscape, header row repeated on every printed page, borders,
 * totals row. libxlsxwriter writes a file: path is where. */
int docs_summary_xlsx(const struct docs_summary *s, const char *path);
int docs_summary_pdf(const struct docs_summary *s, docs_write_fn write, void *closure);
