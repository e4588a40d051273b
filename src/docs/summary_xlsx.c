/* The 推荐项目汇总表 (附件2) as XLSX: what an authority prints, stamps and uploads. Written in
 * libxlsxwriter's constant_memory mode, so a province-wide table does not sit in memory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "docs/docs.h"
#include "docs/export.h"
#include "docs/xlsx.h"

enum { COL_NO, COL_CATEGORY, COL_PROJECT, COL_UNIT, COL_NATURE, COL_INVESTMENT, COL_PERIOD, N_COLS };

/* the amount's header breaks where a person would break it, whatever the font */
static const char *const headers[N_COLS] = {
        "序号", "申报类别", "项目名称", "申报单位", "单位性质", "项目总投资\n（万元）", "建设起止时间",
};

/* Rows of the sheet: title, authority, header (xlsx.h), then the projects and the totals. */
#define ROW_FIRST XLSX_ROW_FIRST

/* Width limits in column units (about one Latin digit): long names wrap inside these. */
static const int min_width[N_COLS] = { 6, 10, 20, 16, 10, 12, 17 };
static const int max_width[N_COLS] = { 6, 16, 44, 36, 16, 12, 17 };

/* "2022-03" → "2022.03"; anything else as it is. */
static void month_dot(const char *m, char *out, size_t size)
{
        snprintf(out, size, "%s", m ? m : "");
        if (strlen(out) == 7 && out[4] == '-')
                out[4] = '.';
}

static void period_text(const struct docs_summary_row *r, char *out, size_t size)
{
        char a[16], b[16];
        month_dot(r->start_month, a, sizeof a);
        month_dot(r->end_month, b, sizeof b);
        if (*a || *b)
                snprintf(out, size, "%s~%s", a, b);
        else
                *out = '\0';
}

int docs_summary_xlsx(const struct docs_summary *s, const char *path)
{
        char title[160];
        snprintf(title, sizeof title, "%d年智慧江苏重点工程推荐项目汇总表", s->year);
        struct xlsx_book book;
        int err = xlsx_book_open(&book, path, title, "推荐项目汇总表（附件2）");
        if (err)
                return err;
        const struct xlsx_look *f = &book.look;
        lxw_worksheet *ws = workbook_add_worksheet(book.wb, "推荐项目汇总表");

        /* Widths first (they go in the sheet's head, before any row): the widest text of each
         * column within its limits; a CJK character counts two units. */
        int width[N_COLS];
        for (int c = 0; c < N_COLS; c++) {
                width[c] = xlsx_text_width(headers[c]) + 2;
                if (c == COL_INVESTMENT)
                        width[c] = 0;   /* its header wraps onto two lines */
        }
        for (size_t i = 0; i < s->n_rows; i++) {
                const struct docs_summary_row *r = &s->rows[i];
                const char *texts[N_COLS] = { NULL, r->category, r->project_name, r->unit_name, r->unit_nature };
                for (int c = COL_CATEGORY; c <= COL_NATURE; c++) {
                        int w = xlsx_text_width(texts[c]) + 2;
                        if (w > width[c])
                                width[c] = w;
                }
        }
        for (int c = 0; c < N_COLS; c++) {
                if (width[c] < min_width[c])
                        width[c] = min_width[c];
                if (width[c] > max_width[c])
                        width[c] = max_width[c];
        }
        char authority[640];
        snprintf(authority, sizeof authority, "推荐单位：%s（盖章）", s->authority ? s->authority : "");
        lxw_error e = xlsx_table_head(&book, ws, title, authority, headers, width, N_COLS, 2, 0);

        /* the total is exact: integers of hundredths, never a sum of doubles */
        int64_t total = 0;
        lxw_row_t row = ROW_FIRST;
        for (size_t i = 0; !e && i < s->n_rows; i++, row++) {
                const struct docs_summary_row *r = &s->rows[i];
                const char *text[N_COLS] = { NULL, r->category, r->project_name, r->unit_name, r->unit_nature };
                int lines = 1;
                for (int c = COL_CATEGORY; c <= COL_NATURE; c++) {
                        int l = xlsx_lines_in(text[c], width[c]);
                        lines = l > lines ? l : lines;
                }
                char period[48];
                period_text(r, period, sizeof period);
                /* rows get their height here: no spreadsheet recomputes it for wrapped text */
                worksheet_set_row(ws, row, lines * XLSX_LINE_HEIGHT + 6, NULL);
                e = worksheet_write_number(ws, row, COL_NO, (double)(i + 1), f->center);
                if (!e)
                        e = xlsx_write_text(&book, ws, row, COL_CATEGORY, text[COL_CATEGORY], f->center);
                if (!e)
                        e = xlsx_write_text(&book, ws, row, COL_PROJECT, text[COL_PROJECT], f->left);
                if (!e)
                        e = xlsx_write_text(&book, ws, row, COL_UNIT, text[COL_UNIT], f->left);
                if (!e)
                        e = xlsx_write_text(&book, ws, row, COL_NATURE, text[COL_NATURE], f->center);
                if (!e && r->total_investment >= 0) {
                        e = worksheet_write_number(ws, row, COL_INVESTMENT, (double)r->total_investment / 100.0, f->number);
                        total += r->total_investment;
                } else if (!e) {
                        e = worksheet_write_blank(ws, row, COL_INVESTMENT, f->number);
                }
                if (!e)
                        e = worksheet_write_string(ws, row, COL_PERIOD, period, f->center);
        }

        if (!e) {
                char count[64], formula[64];
                snprintf(count, sizeof count, "共 %zu 个项目", s->n_rows);
                worksheet_set_row(ws, row, XLSX_LINE_HEIGHT + 10, NULL);
                e = worksheet_write_string(ws, row, COL_NO, "合计", f->total_label);
                if (!e)
                        e = worksheet_merge_range(ws, row, COL_CATEGORY, row, COL_NATURE, count, f->total_label);
                if (!e && s->n_rows) {
                        snprintf(formula, sizeof formula, "=SUM(F%u:F%u)", ROW_FIRST + 1, (unsigned)row);
                        e = worksheet_write_formula_num(ws, row, COL_INVESTMENT, formula, f->total_number,
                                                        (double)total / 100.0);
                } else if (!e) {
                        e = worksheet_write_number(ws, row, COL_INVESTMENT, 0, f->total_number);
                }
                if (!e)
                        e = worksheet_write_blank(ws, row, COL_PERIOD, f->total_label);
        }
        return xlsx_book_close(&book, e);
}
