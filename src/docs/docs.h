/* Documents people print, stamp and file: the 申报表 PDF, the submission receipt, the
 * 推荐项目汇总表 (XLSX and PDF), list exports (CSV, XLSX), and the province's expert review: the
 * 专家评分表, the 评审结果 workbook and the 专家导入模板. Renderers take plain data and write bytes
 * through a callback (or, for XLSX, to a path): no database, no HTTP. */
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

/* ---- the province's expert review (API.md "Provincial evaluation") -------------------------- */

/* A score that is not there (not given, not submitted, not computed): printed blank or 未提交,
 * never as 0. Every score is in hundredths of a point (87.25 → 8725). */
#define DOCS_NO_SCORE INT64_MIN

/* One 专家评分表: one expert's assignment to one project. Blank (scores NULL) for the expert to
 * fill by hand, or filled with what the expert saved or submitted. */
struct docs_score_sheet {
        const struct campaign *campaign;        /* the title, the rubric (evaluation), category names */
        const char *submission_no;              /* 申报编号 */
        const char *project_name;
        const char *unit_name;                  /* 申报单位 */
        const char *category;                   /* code: printed by the call's name */
        int64_t total_investment;               /* hundredths of 万元; < 0 = not known */
        const char *expert_name;                /* printed only when given (the admin's copy); NULL = none */
        /* filled: one per criterion of campaign->evaluation.rubric, in its order, DOCS_NO_SCORE for
         * a criterion not scored yet; NULL = the blank sheet (then state, comment are ignored) */
        const int64_t *scores;
        const char *comment;                    /* 评审意见, up to 2,000 characters */
        const char *state;                      /* "draft" or "submitted" (small, top right) */
        int64_t state_at;                       /* UTC seconds: when saved or submitted; 0 = not said */
};

/* A4 portrait, on one page for the 2023 rubric with a long comment (the type is set a little
 * smaller first); a longer comment continues on a second page under "评审意见（续）". A draft
 * carries the 草稿 watermark. -EINVAL when the call has no evaluation settings. */
int docs_score_sheet_pdf(const struct docs_score_sheet *s, docs_write_fn write, void *closure);

/* One expert's score of one project, for the 评审结果 workbook. */
struct docs_result_score {
        const char *expert_name;
        const char *status;                     /* assigned, draft, submitted, conflict_declared */
        const int64_t *criteria;                /* per rubric criterion, in its order; NULL = none */
        int64_t total;                          /* DOCS_NO_SCORE = none */
        int64_t submitted_at;                   /* UTC seconds, 0 = not submitted */
        const char *comment;
};

/* One project's line of the ranking, with its experts' scores. Scores as computed by the caller
 * (the contract's trimmed mean, the calibration, the weights); DOCS_NO_SCORE where there is none. */
struct docs_result_project {
        int rank_overall, rank_in_category;     /* 0 = not ranked */
        bool tied;                              /* shares its rank (并列) */
        const char *submission_no, *project_name, *unit_name;
        const char *category;                   /* code */
        int n_submitted, n_expected;            /* 评审专家数: submitted / active assignments */
        int64_t expert_score;                   /* 专家评分: the trimmed mean */
        int64_t calibrated_score;               /* 校准分 */
        int64_t max_score, min_score;           /* of the submitted totals */
        int64_t stddev;                         /* of the submitted totals */
        int64_t defense_score;                  /* 答辩得分 */
        int64_t comprehensive_score;            /* 综合得分 */
        const char *stability;                  /* 排名稳定性: a short note, "" for none */
        const struct docs_result_score *scores;
        size_t n_scores;
};

/* One expert of the pool, for the 专家 sheet. */
struct docs_result_expert {
        const char *name, *unit;
        int n_assigned, n_submitted;
        int64_t offset;                         /* 偏差 found by the calibration (signed); DOCS_NO_SCORE = none */
        bool calibrated;                        /* the expert's scores were corrected by it */
};

struct docs_results {
        const struct campaign *campaign;        /* title, rubric (the criteria's columns), categories, weights */
        int64_t generated_at;                   /* UTC seconds */
        const struct docs_result_project *projects;     /* in ranking order */
        size_t n_projects;
        const struct docs_result_expert *experts;
        size_t n_experts;
};

/* The 评审结果 workbook for the province's office: sheets 排名, 专家评分明细 and 专家. A score that
 * is not there is written 未提交, never 0; numbers are numbers shown with two decimals. */
int docs_results_xlsx(const struct docs_results *r, const char *path);

/* The 专家导入模板 (what POST /api/v1/experts/import reads): a sheet 专家 with the header row only
 * (a dropdown of the call's categories under 专业领域) and a sheet 填写说明; the call gives the
 * category names and the conflict years. */
int docs_expert_template_xlsx(const struct campaign *c, const char *path);
/* The same columns as CSV: UTF-8 with a BOM, the header row only, CRLF. */
int docs_expert_template_csv(docs_write_fn write, void *closure);
