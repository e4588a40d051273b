/* The 专家评分表: what an expert fills by hand (the blank sheet) or has saved or submitted online,
 * printed, signed and filed with the review's papers — the project, the call's rubric with its
 * grades, the points, the 评审意见, the 回避声明 and the signature. */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "docs/docs.h"
#include "docs/pdf.h"
#include "docs/pdf_fmt.h"

#define W PDF_CONTENT_W
#define INNER(w) ((w) - 2 * PDF_PAD_X)
/* the rubric's columns; 评分要点 takes the rest. The first is also the label column of the
 * project's rows and of 评审意见, so one rule runs down the whole sheet. */
#define COL_NAME 86.0            /* six characters of 小四 */
#define COL_BANDS 88.0
#define COL_MAX 40.0
#define COL_SCORE 54.0
#define COL_DESC (W - COL_NAME - COL_BANDS - COL_MAX - COL_SCORE)
#define COMMENT_MIN_LINES 4             /* a short comment still gets a box */
#define BLANK_LINES_MIN 4               /* the blank sheet's room to write, at least; then what the page leaves */
#define MIN_SIZE 9.0                    /* 小五: the smallest type of the sheet */

struct row {
        struct pdf_cell cells[6];
        size_t n;
        double x;
};

static void put_cell(struct row *r, double w, struct pdf_content *c, struct pdf_content *cont, bool body)
{
        if (r->n < 6)
                r->cells[r->n++] = (struct pdf_cell){ .x = r->x, .w = w, .c = c, .cont = cont, .valign = PDF_MIDDLE,
                                                      .body = body };
        r->x += w;
}

static struct pdf_content *text(struct pdf_doc *d, double fs, const char *t, double w, PangoAlignment align)
{
        return pdf_text(d, PDF_FANGSONG, fs, t ? t : "", INNER(w), align);
}

static struct pdf_content *head(struct pdf_doc *d, double fs, const char *t, double w)
{
        return pdf_text(d, PDF_HEI, fs, t, INNER(w), PANGO_ALIGN_CENTER);
}

static size_t off_middle(size_t at, size_t len)
{
        return at > len / 2 ? at - len / 2 : len / 2 - at;
}

/* Where a label that does not fit on one line breaks best: after its 、 or ，, when both parts
 * then fit on a line ("核心技术、\n国产化与安全"); 0 for nowhere. */
static size_t phrase_break(struct pdf_doc *d, double fs, const char *t, double w)
{
        static const char *const marks[] = { "、", "，", "：" };
        PangoLayout *whole = pdf_layout(d, PDF_FANGSONG, fs, t, -1, PANGO_ALIGN_LEFT);
        size_t best = 0, len = strlen(t);

        if (!whole || pdf_layout_w(whole) <= w)
                return 0;
        for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++)
                for (const char *p = strstr(t, marks[m]); p; p = strstr(p + 1, marks[m])) {
                        size_t at = (size_t)(p - t) + strlen(marks[m]);
                        char *head = g_strndup(t, at);
                        PangoLayout *a = pdf_layout(d, PDF_FANGSONG, fs, head, -1, PANGO_ALIGN_LEFT);
                        PangoLayout *b = pdf_layout(d, PDF_FANGSONG, fs, t + at, -1, PANGO_ALIGN_LEFT);
                        g_free(head);
                        /* the break nearest the middle */
                        if (a && b && pdf_layout_w(a) <= w && pdf_layout_w(b) <= w && at < len &&
                            (!best || off_middle(at, len) < off_middle(best, len)))
                                best = at;
                }
        return best;
}

/* A short label centred in its cell, broken into lines of about equal length. */
static struct pdf_content *balanced(struct pdf_doc *d, double fs, const char *t, double w)
{
        struct pdf_content *c = pdf_content_new(d, INNER(w));
        size_t at;

        t = t ? t : "";
        at = phrase_break(d, fs, t, INNER(w));
        if (at) {
                char *two = g_strdup_printf("%.*s\n%s", (int)at, t, t + at);
                pdf_content_layout(d, c, pdf_layout(d, PDF_FANGSONG, fs, two, INNER(w), PANGO_ALIGN_CENTER), 0);
                g_free(two);
                return c;
        }
        PangoLayout *l = pdf_layout(d, PDF_FANGSONG, fs, t, INNER(w), PANGO_ALIGN_CENTER);
        if (!l)
                return c;
        pdf_layout_balance(l);
        double lw = pango_units_to_double(pango_layout_get_width(l));
        pdf_content_layout(d, c, l, lw > 0 ? (INNER(w) - lw) / 2 : 0);
        return c;
}

/* label | value, or label | value | label | value when l2 is given */
static void info_row(struct pdf_doc *d, double fs, const char *l1, const char *v1, const char *l2, const char *v2)
{
        struct row r = { 0 };

        put_cell(&r, COL_NAME, text(d, fs, l1, COL_NAME, PANGO_ALIGN_CENTER), NULL, false);
        if (!l2) {
                put_cell(&r, W - COL_NAME, text(d, fs, v1, W - COL_NAME, PANGO_ALIGN_LEFT), NULL, false);
        } else {
                /* the second label sits over 评分档次, its value over 满分 and 得分 */
                double v1w = COL_DESC, l2w = COL_BANDS, v2w = W - COL_NAME - v1w - l2w;
                put_cell(&r, v1w, text(d, fs, v1, v1w, PANGO_ALIGN_LEFT), NULL, false);
                put_cell(&r, l2w, text(d, fs, l2, l2w, PANGO_ALIGN_CENTER), NULL, false);
                put_cell(&r, v2w, text(d, fs, v2, v2w, PANGO_ALIGN_LEFT), NULL, false);
        }
        pdf_add_row(d, r.cells, r.n, false);
}

/* Whether every criterion has the same grades with the same words: then the words are said once
 * under the table, and the cells hold only the ranges. */
static bool bands_shared(const struct campaign_evaluation *ev)
{
        for (size_t i = 1; i < ev->n_rubric; i++) {
                const struct rubric_criterion *a = &ev->rubric[0], *b = &ev->rubric[i];
                if (a->n_bands != b->n_bands)
                        return false;
                for (size_t k = 0; k < a->n_bands; k++)
                        if (strcmp(a->bands[k].grade, b->bands[k].grade) != 0 ||
                            strcmp(a->bands[k].description, b->bands[k].description) != 0)
                                return false;
        }
        return ev->n_rubric > 0;
}

/* "优 26–30", one grade a line; with the grade's words when they are not said under the table. */
static char *bands_text(const struct rubric_criterion *c, bool words)
{
        GString *g = g_string_new(NULL);

        for (size_t k = 0; k < c->n_bands; k++) {
                const struct rubric_band *b = &c->bands[k];
                char lo[32], hi[32];
                g_string_append_printf(g, "%s%s %s–%s", k ? "\n" : "", b->grade, fmt_points_short(b->min, lo),
                                       fmt_points_short(b->max, hi));
                if (words && *b->description)
                        g_string_append_printf(g, "：%s", b->description);
        }
        return g_string_free(g, FALSE);
}

static void rubric(struct pdf_doc *d, const struct docs_score_sheet *s, double fs)
{
        const struct campaign_evaluation *ev = &s->campaign->evaluation;
        bool shared = bands_shared(ev), complete = s->scores != NULL;
        double small = pdf_max(fs - 1, MIN_SIZE);
        int64_t total = 0, max_total = 0;
        char buf[32];
        struct row h = { 0 };

        put_cell(&h, COL_NAME, head(d, fs, "评分指标", COL_NAME), NULL, false);
        put_cell(&h, COL_DESC, head(d, fs, "评分要点", COL_DESC), NULL, false);
        put_cell(&h, COL_BANDS, head(d, fs, "评分档次", COL_BANDS), NULL, false);
        put_cell(&h, COL_MAX, head(d, fs, "满分", COL_MAX), NULL, false);
        put_cell(&h, COL_SCORE, head(d, fs, "得分", COL_SCORE), NULL, false);
        pdf_add_row(d, h.cells, h.n, true);

        for (size_t i = 0; i < ev->n_rubric; i++) {
                const struct rubric_criterion *c = &ev->rubric[i];
                int64_t score = s->scores ? s->scores[i] : DOCS_NO_SCORE;
                char *bands = bands_text(c, !shared);
                struct row r = { 0 };
                put_cell(&r, COL_NAME, balanced(d, fs, c->name, COL_NAME), NULL, false);
                /* the guidance a size smaller than what the expert writes and reads first */
                put_cell(&r, COL_DESC, text(d, small, c->description, COL_DESC, PANGO_ALIGN_LEFT), NULL, false);
                put_cell(&r, COL_BANDS, text(d, small, bands, COL_BANDS, PANGO_ALIGN_LEFT), NULL, false);
                put_cell(&r, COL_MAX, text(d, fs, fmt_points_short(c->max, buf), COL_MAX, PANGO_ALIGN_CENTER), NULL,
                         false);
                put_cell(&r, COL_SCORE,
                         text(d, fs, score == DOCS_NO_SCORE ? "" : fmt_points(score, buf), COL_SCORE, PANGO_ALIGN_CENTER),
                         NULL, false);
                /* a criterion is never split: the table's header goes with the first one */
                pdf_add_row(d, r.cells, r.n, i + 1 < ev->n_rubric);
                g_free(bands);
                max_total += c->max;
                if (score == DOCS_NO_SCORE)
                        complete = false;
                else
                        total += score;
        }

        /* 合计 only when every criterion is scored: a part would read as the whole */
        struct row t = { 0 };
        put_cell(&t, COL_NAME + COL_DESC + COL_BANDS, head(d, fs, "合计", COL_NAME + COL_DESC + COL_BANDS), NULL,
                 false);
        put_cell(&t, COL_MAX, text(d, fs, fmt_points_short(max_total, buf), COL_MAX, PANGO_ALIGN_CENTER), NULL, false);
        put_cell(&t, COL_SCORE, text(d, fs, complete ? fmt_points(total, buf) : "", COL_SCORE, PANGO_ALIGN_CENTER),
                 NULL, false);
        pdf_add_row(d, t.cells, t.n, false);

        if (shared) {
                GString *g = g_string_new("评分档次：");
                const struct rubric_criterion *c = &ev->rubric[0];
                for (size_t k = 0; k < c->n_bands; k++)
                        g_string_append_printf(g, "%s%s——%s", k ? "；" : "", c->bands[k].grade, c->bands[k].description);
                g_string_append(g, "。各项得分保留两位小数。");
                pdf_add_para(d, pdf_text(d, PDF_FANGSONG, small, g->str, W, PANGO_ALIGN_LEFT), 0, fs * 0.4,
                             fs * 0.6, false);
                g_string_free(g, TRUE);
        } else {
                pdf_add_space(d, fs * 0.6);
        }
}

/* 评审意见 | the comment (continuing on the next page under "评审意见（续）"), or room to write. */
static void comment(struct pdf_doc *d, const struct docs_score_sheet *s, double fs, double blank_h)
{
        const double cw = W - COL_NAME;
        struct pdf_content *c;
        struct row r = { 0 };

        if (s->scores) {
                c = text(d, fs, s->comment, cw, PANGO_ALIGN_LEFT);
                for (size_t n = c ? c->n_bands : 0; c && n < COMMENT_MIN_LINES; n++)
                        pdf_content_space(d, c, fs * 1.3);
        } else {
                c = pdf_content_new(d, INNER(cw));
                pdf_content_space(d, c, blank_h);
        }
        put_cell(&r, COL_NAME, text(d, fs, "评审意见", COL_NAME, PANGO_ALIGN_CENTER),
                 text(d, fs, "评审意见\n（续）", COL_NAME, PANGO_ALIGN_CENTER), false);
        put_cell(&r, cw, c, NULL, true);
        if (r.n == 2)
                r.cells[1].valign = PDF_TOP;
        /* the signature goes with the comment's last lines, never alone on a page */
        pdf_add_row(d, r.cells, r.n, true);
}

/* 回避声明, then 专家签名 and 日期 with underlined blanks to write on, from y = top. */
static double signature(struct pdf_doc *d, struct pdf_figure *f, double fs, double top)
{
        static const char *const sign = "专家签名：", *const date = "日期：";
        static const char *const blank = "　　　　　　　　";
        PangoLayout *decl = pdf_layout(d, PDF_FANGSONG, fs,
                                       "回避声明：本人与该项目申报单位及合作单位无利害关系，如有应主动申明回避。", W,
                                       PANGO_ALIGN_LEFT);
        char *line = g_strdup_printf("%s%s　　　　%s　　　　年　　月　　日", sign, blank, date);
        PangoLayout *sl = pdf_layout(d, PDF_FANGSONG, fs + 1, line, -1, PANGO_ALIGN_LEFT);

        if (!decl || !sl) {
                g_free(line);
                return 0;
        }
        /* the blanks: after 专家签名：, and before 年, 月 and 日 */
        unsigned at = (unsigned)strlen(sign);
        pdf_layout_underline(sl, at, at + (unsigned)strlen(blank));
        const char *p = strstr(line, date) + strlen(date);
        for (int k = 0; k < 3; k++) {
                const char *unit = strstr(p, k == 0 ? "年" : k == 1 ? "月" : "日");
                pdf_layout_underline(sl, (unsigned)(p - line), (unsigned)(unit - line));
                p = unit + strlen("年");
        }
        g_free(line);
        double y = top;
        pdf_figure_text(d, f, decl, 0, y);
        y += pdf_layout_h(decl) + 2.2 * fs;
        pdf_figure_text(d, f, sl, W - pdf_layout_w(sl), y);
        return y + pdf_layout_h(sl);
}

static void build_sheet(struct pdf_doc *d, const struct docs_score_sheet *s, double fs, double blank_h)
{
        char *title = g_strdup_printf("%s专家评分表", s->campaign->title);
        char money[48], *investment;

        if (s->scores && s->state && *s->state) {
                char when[64] = "";
                bool submitted = strcmp(s->state, "submitted") == 0;
                if (s->state_at)
                        fmt_beijing_time(s->state_at, when);
                char *note = g_strdup_printf("%s%s%s", submitted ? "已提交" : "草稿",
                                             *when ? (submitted ? "　" : "　保存于 ") : "", when);
                pdf_doc_set_note(d, note);
                g_free(note);
        }
        pdf_add_para(d, pdf_text(d, PDF_HEI, PT_XIAOER, title, W, PANGO_ALIGN_CENTER), 0, 0, PT_XIAOER * 0.8, true);
        g_free(title);

        investment = s->total_investment >= 0 ? g_strdup_printf("%s 万元", fmt_money_h(s->total_investment, money))
                                              : g_strdup("");
        info_row(d, fs, "申报编号", s->submission_no, "申报类别", fmt_category(s->campaign, s->category));
        info_row(d, fs, "项目名称", s->project_name, NULL, NULL);
        info_row(d, fs, "申报单位", s->unit_name, NULL, NULL);
        if (s->expert_name && *s->expert_name)
                info_row(d, fs, "项目总投资", investment, "评审专家", s->expert_name);
        else
                info_row(d, fs, "项目总投资", investment, NULL, NULL);
        g_free(investment);
        pdf_add_space(d, fs * 0.8);

        rubric(d, s, fs);
        comment(d, s, fs, blank_h);

        struct pdf_figure *f = pdf_figure_new(d);
        double h = f ? signature(d, f, fs, fs) : 0;
        pdf_add_figure(d, h > 0 ? f : NULL, h, false);
}

/* The blank sheet's room to write fills what the page leaves under the table. */
static void build(struct pdf_doc *d, double fs, const void *data)
{
        const struct docs_score_sheet *s = data;
        double blank_h = BLANK_LINES_MIN * fs * 1.3;

        if (!s->scores) {
                struct pdf_doc *probe = pdf_doc_new("", false);
                if (probe) {
                        build_sheet(probe, s, fs, blank_h);
                        if (pdf_paginate(probe) == 1)
                                blank_h += pdf_max(0, PDF_BOTTOM - pdf_doc_end_y(probe) - 1);
                        pdf_doc_free(probe);
                }
        }
        build_sheet(d, s, fs, blank_h);
}

int docs_score_sheet_pdf(const struct docs_score_sheet *s, docs_write_fn write, void *closure)
{
        /* 小四 when it fits, down to 小五 before a long comment goes on to a second page */
        static const double sizes[] = { PT_XIAOSI, 11.5, 11, PT_WUHAO, 10, 9.5, MIN_SIZE };
        char footer[160];

        if (!s->campaign || !s->campaign->has_evaluation)
                return -EINVAL;
        snprintf(footer, sizeof footer, "申报编号：%s", s->submission_no ? s->submission_no : "");
        char *t = g_strdup_printf("%s专家评分表 %s", s->campaign->title, s->submission_no ? s->submission_no : "");
        /* a draft's points may still change: the 申报表's 草稿 across the page, so that a printed
         * draft is never filed as the score */
        bool draft = s->scores && s->state && strcmp(s->state, "draft") == 0;
        int err = pdf_render_fitted(footer, draft, sizes, sizeof sizes / sizeof sizes[0], build, s, t, write, closure);
        g_free(t);
        return err;
}
