/* The 推荐项目汇总表 (附件2) as PDF: A4 landscape, the column header repeated on every page, rows
 * never split, the totals row and the seal block kept with the last project. Laid out in two
 * passes (row heights, then pages) so every footer knows the page count. Self-contained: landscape
 * pages and repeated headers are this table's alone (docs/pdf.h serves the portrait documents). */
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs/docs.h"
#include "docs/pdf.h"
#include "util/money.h"

/* A4 landscape, in points. */
#define PAGE_W 841.89
#define PAGE_H 595.28
#define MARGIN_X 42.52          /* 15 mm */
#define MARGIN_TOP 42.52
#define CONTENT_BOTTOM (PAGE_H - 51.0)
#define FOOTER_BASE (PAGE_H - 28.0)
#define TABLE_W (PAGE_W - 2 * MARGIN_X)
#define RULE 0.75
#define PAD_X 4.0
#define PAD_Y 5.0
#define ROW_MIN 26.0
#define SEAL_GAP 10.0
#define SEAL_H 104.0            /* "推荐单位（盖章）" and the date line: a 42 mm seal goes over them */

/* the same faces as the other documents (docs/pdf.c): TrueType stand-ins subset well in cairo */
#define FACE_HEI pdf_family(PDF_HEI)
#define FACE_FANGSONG pdf_family(PDF_FANGSONG)
#define PT_BODY 12.0            /* 小四 */
#define PT_TITLE 18.0           /* 小二 */
#define PT_LABEL 14.0           /* 四号 */
#define PT_FOOTER 10.5          /* 五号 */

enum { COL_NO, COL_CATEGORY, COL_PROJECT, COL_UNIT, COL_NATURE, COL_INVESTMENT, COL_PERIOD, N_COLS };

static const char *const headers[N_COLS] = {
        "序号", "申报类别", "项目名称", "申报单位", "单位性质", "项目总投资（万元）", "建设起止时间",
};
/* widths in points; the period gets one full "2022.03~2024.02" line, and the names share the rest
 * 55:45 */
static const double col_w[N_COLS] = { 34, 92, 0, 0, 84, 76, 0 };
#define PERIOD_SAMPLE "2022.03~2024.02"
static const PangoAlignment col_align[N_COLS] = {
        PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER, PANGO_ALIGN_LEFT, PANGO_ALIGN_LEFT,
        PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT, PANGO_ALIGN_CENTER,
};

struct summary_pdf {
        const struct docs_summary *s;
        cairo_t *cr;
        double x[N_COLS + 1];           /* column edges from the table's left */
        PangoLayout *cell[N_COLS];      /* one layout per column, text set per row */
        PangoLayout *head[N_COLS];
        PangoLayout *text;              /* titles, labels, footers */
        PangoFontDescription *body, *hei, *hei_label, *title, *label, *footer;
        double head_h, total_h, title_h;
        double *row_h;
        char total_text[32], count_text[64];
};

struct page {
        size_t first, end;              /* rows [first, end) */
        bool tail;                      /* the totals row and the seal block end this page */
};

static PangoFontDescription *font(const char *family, double size, PangoWeight weight)
{
        PangoFontDescription *f = pango_font_description_new();
        pango_font_description_set_family(f, family);
        /* absolute: cairo's PDF units are points, whatever pango thinks the resolution is */
        pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
        pango_font_description_set_weight(f, weight);
        return f;
}

static PangoLayout *layout(cairo_t *cr, const PangoFontDescription *f, double width, PangoAlignment align)
{
        PangoLayout *l = pango_cairo_create_layout(cr);
        pango_layout_set_font_description(l, f);
        if (width > 0) {
                pango_layout_set_width(l, (int)(width * PANGO_SCALE));
                pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        }
        pango_layout_set_alignment(l, align);
        return l;
}

static double height_of(PangoLayout *l)
{
        int w, h;
        pango_layout_get_size(l, &w, &h);
        return (double)h / PANGO_SCALE;
}

static double width_of(PangoLayout *l)
{
        int w, h;
        pango_layout_get_size(l, &w, &h);
        return (double)w / PANGO_SCALE;
}

/* "2022-03" → "2022.03" */
static void month_dot(const char *m, char *out, size_t size)
{
        snprintf(out, size, "%s", m ? m : "");
        if (strlen(out) == 7 && out[4] == '-')
                out[4] = '.';
}

/* The texts of row i; bufs hold the formatted ones. */
static void row_texts(const struct docs_summary_row *r, size_t i, const char *t[N_COLS], char no[24],
                      char money[32], char period[48])
{
        snprintf(no, 24, "%zu", i + 1);
        char a[16], b[16];
        month_dot(r->start_month, a, sizeof a);
        month_dot(r->end_month, b, sizeof b);
        if (*a || *b)
                snprintf(period, 48, "%s~%s", a, b);
        else
                *period = '\0';
        t[COL_NO] = no;
        t[COL_CATEGORY] = r->category ? r->category : "";
        t[COL_PROJECT] = r->project_name ? r->project_name : "";
        t[COL_UNIT] = r->unit_name ? r->unit_name : "";
        t[COL_NATURE] = r->unit_nature ? r->unit_nature : "";
        t[COL_INVESTMENT] = r->total_investment >= 0 ? money_format(r->total_investment, money) : "";
        t[COL_PERIOD] = period;
}

static double measure_row(struct summary_pdf *p, size_t i)
{
        const char *t[N_COLS];
        char no[24], money[32], period[48];
        row_texts(&p->s->rows[i], i, t, no, money, period);
        double h = ROW_MIN;
        for (int c = 0; c < N_COLS; c++) {
                pango_layout_set_text(p->cell[c], t[c], -1);
                double ch = height_of(p->cell[c]) + 2 * PAD_Y;
                h = ch > h ? ch : h;
        }
        return h;
}

static void draw_text(cairo_t *cr, PangoLayout *l, double x, double y)
{
        cairo_move_to(cr, x, y);
        pango_cairo_show_layout(cr, l);
}

/* One row of cells at y, h high: fill (grey for the header), borders, texts centred vertically. */
static void draw_row(struct summary_pdf *p, double y, double h, PangoLayout *const *cells, const double *edges,
                     size_t n, bool grey)
{
        cairo_t *cr = p->cr;
        if (grey) {
                cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
                cairo_rectangle(cr, MARGIN_X, y, TABLE_W, h);
                cairo_fill(cr);
                cairo_set_source_rgb(cr, 0, 0, 0);
        }
        for (size_t c = 0; c < n; c++) {
                double x0 = MARGIN_X + edges[c], x1 = MARGIN_X + edges[c + 1];
                cairo_rectangle(cr, x0, y, x1 - x0, h);
                if (cells[c])
                        draw_text(cr, cells[c], x0 + PAD_X, y + (h - height_of(cells[c])) / 2);
        }
        cairo_set_line_width(cr, RULE);
        cairo_stroke(cr);
}

static void draw_header(struct summary_pdf *p, double y)
{
        draw_row(p, y, p->head_h, p->head, p->x, N_COLS, true);
}

static void draw_data_row(struct summary_pdf *p, size_t i, double y)
{
        const char *t[N_COLS];
        char no[24], money[32], period[48];
        row_texts(&p->s->rows[i], i, t, no, money, period);
        for (int c = 0; c < N_COLS; c++)
                pango_layout_set_text(p->cell[c], t[c], -1);
        draw_row(p, y, p->row_h[i], p->cell, p->x, N_COLS, false);
}

/* 合计 | 共 n 个项目 (over 申报类别..单位性质) | the sum | — */
static void draw_totals(struct summary_pdf *p, double y)
{
        double edges[5] = { p->x[COL_NO], p->x[COL_CATEGORY], p->x[COL_INVESTMENT], p->x[COL_PERIOD], p->x[N_COLS] };
        PangoLayout *l[4];
        for (int i = 0; i < 4; i++)
                l[i] = layout(p->cr, i == 2 ? p->body : p->hei, edges[i + 1] - edges[i] - 2 * PAD_X,
                              i == 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER);
        pango_layout_set_text(l[0], "合计", -1);
        pango_layout_set_text(l[1], p->count_text, -1);
        pango_layout_set_text(l[2], p->total_text, -1);
        pango_layout_set_text(l[3], "", -1);
        draw_row(p, y, p->total_h, l, edges, 4, false);
        for (int i = 0; i < 4; i++)
                g_object_unref(l[i]);
}

/* Right-aligned under the table: the authority's seal goes over "（盖章）", the date below. */
static void draw_seal_block(struct summary_pdf *p, double y)
{
        double x = PAGE_W - MARGIN_X - 240;
        pango_layout_set_font_description(p->text, p->label);
        pango_layout_set_width(p->text, 240 * PANGO_SCALE);
        pango_layout_set_alignment(p->text, PANGO_ALIGN_CENTER);
        pango_layout_set_text(p->text, "推荐单位（盖章）", -1);
        draw_text(p->cr, p->text, x, y + 28);
        pango_layout_set_text(p->text, "年　　月　　日", -1);
        draw_text(p->cr, p->text, x, y + 28 + 44);
        pango_layout_set_width(p->text, -1);
        pango_layout_set_alignment(p->text, PANGO_ALIGN_LEFT);
}

/* 附件2, the title, and 推荐单位：…（盖章） on the first page; returns where the table starts. */
static double draw_title(struct summary_pdf *p)
{
        cairo_t *cr = p->cr;
        double y = MARGIN_TOP;
        pango_layout_set_font_description(p->text, p->hei_label);
        pango_layout_set_text(p->text, "附件2", -1);
        draw_text(cr, p->text, MARGIN_X, y);
        y += height_of(p->text) + 6;
        char title[160];
        snprintf(title, sizeof title, "%d年智慧江苏重点工程推荐项目汇总表", p->s->year);
        pango_layout_set_font_description(p->text, p->title);
        pango_layout_set_text(p->text, title, -1);
        draw_text(cr, p->text, (PAGE_W - width_of(p->text)) / 2, y);
        y += height_of(p->text) + 10;
        char *authority = g_strdup_printf("推荐单位：%s（盖章）", p->s->authority ? p->s->authority : "");
        pango_layout_set_font_description(p->text, p->label);
        pango_layout_set_text(p->text, authority, -1);
        g_free(authority);
        draw_text(cr, p->text, MARGIN_X, y);
        y += height_of(p->text) + 8;
        return y;
}

static void draw_footer(struct summary_pdf *p, int page, int pages)
{
        char text[64];
        snprintf(text, sizeof text, "第 %d 页 共 %d 页", page, pages);
        pango_layout_set_font_description(p->text, p->footer);
        pango_layout_set_text(p->text, text, -1);
        draw_text(p->cr, p->text, (PAGE_W - width_of(p->text)) / 2, FOOTER_BASE - height_of(p->text));
}

/* Pages: rows while they fit under the header; the totals row and seal block go with the last
 * row, taking it to a new page when they do not fit beside it. */
static int paginate(struct summary_pdf *p, struct page **ret, size_t *ret_n)
{
        size_t n = p->s->n_rows, cap = 8, np = 0;
        struct page *pages = malloc(cap * sizeof *pages);
        if (!pages)
                return -ENOMEM;
        double tail = p->total_h + SEAL_GAP + SEAL_H;
        size_t i = 0;
        for (bool first = true;; first = false) {
                if (np == cap) {
                        struct page *np2 = realloc(pages, 2 * cap * sizeof *pages);
                        if (!np2) {
                                free(pages);
                                return -ENOMEM;
                        }
                        pages = np2;
                        cap *= 2;
                }
                double y = (first ? p->title_h : MARGIN_TOP) + p->head_h;
                size_t start = i;
                while (i < n && (y + p->row_h[i] <= CONTENT_BOTTOM || i == start)) {
                        y += p->row_h[i];
                        i++;
                }
                if (i < n) {
                        pages[np++] = (struct page){ start, i, false };
                        continue;
                }
                if (y + tail <= CONTENT_BOTTOM || i == start) {
                        pages[np++] = (struct page){ start, i, true };
                        break;
                }
                if (i - start > 1)
                        i--;    /* the last row goes over with the totals */
                pages[np++] = (struct page){ start, i, false };
        }
        *ret = pages;
        *ret_n = np;
        return 0;
}

struct writer {
        docs_write_fn write;
        void *closure;
};

static cairo_status_t to_writer(void *closure, const unsigned char *data, unsigned int length)
{
        struct writer *w = closure;
        return w->write(w->closure, data, length) < 0 ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

int docs_summary_pdf(const struct docs_summary *s, docs_write_fn write, void *closure)
{
        struct writer writer = { write, closure };
        cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(to_writer, &writer, PAGE_W, PAGE_H);
        char title[160];
        snprintf(title, sizeof title, "%d年智慧江苏重点工程推荐项目汇总表", s->year);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "shenbao");
        struct summary_pdf p = { .s = s, .cr = cairo_create(surface) };
        p.body = font(FACE_FANGSONG, PT_BODY, PANGO_WEIGHT_NORMAL);
        p.hei = font(FACE_HEI, PT_BODY, PANGO_WEIGHT_NORMAL);
        p.hei_label = font(FACE_HEI, PT_LABEL, PANGO_WEIGHT_NORMAL);
        p.title = font(FACE_HEI, PT_TITLE, PANGO_WEIGHT_BOLD);
        p.label = font(FACE_FANGSONG, PT_LABEL, PANGO_WEIGHT_NORMAL);
        p.footer = font(FACE_FANGSONG, PT_FOOTER, PANGO_WEIGHT_NORMAL);
        p.text = layout(p.cr, p.body, -1, PANGO_ALIGN_LEFT);
        double w[N_COLS], fixed = 0;
        pango_layout_set_text(p.text, PERIOD_SAMPLE, -1);
        for (int c = 0; c < N_COLS; c++) {
                w[c] = c == COL_PERIOD ? width_of(p.text) + 2 * PAD_X + 4 : col_w[c];
                fixed += w[c];
        }
        w[COL_PROJECT] = (TABLE_W - fixed) * 0.55;
        w[COL_UNIT] = TABLE_W - fixed - w[COL_PROJECT];
        double used = 0;
        for (int c = 0; c < N_COLS; c++) {
                p.x[c] = used;
                used += w[c];
        }
        p.x[N_COLS] = TABLE_W;
        for (int c = 0; c < N_COLS; c++) {
                double inner = p.x[c + 1] - p.x[c] - 2 * PAD_X;
                p.cell[c] = layout(p.cr, p.body, inner, col_align[c]);
                p.head[c] = layout(p.cr, p.hei, inner, PANGO_ALIGN_CENTER);
                pango_layout_set_text(p.head[c], headers[c], -1);
                double h = height_of(p.head[c]) + 2 * PAD_Y;
                p.head_h = h > p.head_h ? h : p.head_h;
        }
        p.total_h = ROW_MIN + 4;

        int err = 0;
        int64_t total = 0;
        p.row_h = malloc((s->n_rows ? s->n_rows : 1) * sizeof *p.row_h);
        if (!p.row_h)
                err = -ENOMEM;
        for (size_t i = 0; !err && i < s->n_rows; i++) {
                p.row_h[i] = measure_row(&p, i);
                if (s->rows[i].total_investment > 0)
                        total += s->rows[i].total_investment;
        }
        money_format(total, p.total_text);
        snprintf(p.count_text, sizeof p.count_text, "共 %zu 个项目", s->n_rows);

        /* the title block's height, measured by drawing it nowhere */
        cairo_push_group(p.cr);
        p.title_h = draw_title(&p);
        cairo_pattern_destroy(cairo_pop_group(p.cr));

        struct page *pages = NULL;
        size_t np = 0;
        if (!err)
                err = paginate(&p, &pages, &np);
        for (size_t k = 0; !err && k < np; k++) {
                double y = k == 0 ? draw_title(&p) : MARGIN_TOP;
                cairo_set_source_rgb(p.cr, 0, 0, 0);
                draw_header(&p, y);
                y += p.head_h;
                for (size_t i = pages[k].first; i < pages[k].end; i++) {
                        draw_data_row(&p, i, y);
                        y += p.row_h[i];
                }
                if (pages[k].tail) {
                        draw_totals(&p, y);
                        draw_seal_block(&p, y + p.total_h + SEAL_GAP);
                }
                draw_footer(&p, (int)k + 1, (int)np);
                cairo_show_page(p.cr);
        }
        free(pages);
        free(p.row_h);
        for (int c = 0; c < N_COLS; c++) {
                g_object_unref(p.cell[c]);
                g_object_unref(p.head[c]);
        }
        g_object_unref(p.text);
        pango_font_description_free(p.body);
        pango_font_description_free(p.hei);
        pango_font_description_free(p.hei_label);
        pango_font_description_free(p.title);
        pango_font_description_free(p.label);
        pango_font_description_free(p.footer);
        cairo_destroy(p.cr);
        cairo_surface_finish(surface);
        cairo_status_t st = cairo_surface_status(surface);
        cairo_surface_destroy(surface);
        if (!err && st != CAIRO_STATUS_SUCCESS)
                err = st == CAIRO_STATUS_NO_MEMORY ? -ENOMEM : -EIO;
        return err;
}
