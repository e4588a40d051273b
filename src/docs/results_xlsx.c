/* The 评审结果 workbook for the province's office: the ranking (排名), every expert's points per
 * criterion (专家评分明细) and the experts with their calibration (专家). Numbers stay numbers (two
 * decimals shown) so the office can sort and sum; a score that is not there says 未提交, never 0. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "docs/docs.h"
#include "docs/export.h"
#include "docs/pdf_fmt.h"
#include "docs/xlsx.h"

#define MISSING "未提交"
#define NONE "—"                        /* a figure that is not a score and was not computed */
#define COLS_MAX (8 + RUBRIC_MAX)

struct column {
        const char *header;
        int min, max;                   /* width limits in units; the widest text within them */
};

struct sheet {
        lxw_worksheet *ws;
        size_t n;
        const char *headers[COLS_MAX];
        int width[COLS_MAX], max[COLS_MAX];
        lxw_row_t row;
        lxw_error e;
};

static void columns(struct sheet *sh, const struct column *cols, size_t n)
{
        sh->n = n;
        for (size_t c = 0; c < n; c++) {
                sh->headers[c] = cols[c].header;
                /* a header's longest line, not its whole text: headers break where they say */
                int w = 0;
                for (const char *p = cols[c].header;;) {
                        const char *nl = strchr(p, '\n');
                        int lw = xlsx_text_width_n(p, nl ? (size_t)(nl - p) : strlen(p));
                        w = lw > w ? lw : w;
                        if (!nl)
                                break;
                        p = nl + 1;
                }
                sh->width[c] = w + 2 > cols[c].min ? w + 2 : cols[c].min;
                sh->max[c] = cols[c].max;
        }
}

/* Widens column c for a text, within its limit. */
static void fit(struct sheet *sh, size_t c, const char *text)
{
        int w = xlsx_text_width(text) + 2;
        if (w > sh->width[c])
                sh->width[c] = w < sh->max[c] ? w : sh->max[c];
}

static int header_lines(const struct sheet *sh)
{
        int lines = 1;
        for (size_t c = 0; c < sh->n; c++) {
                int l = 1;
                for (const char *p = sh->headers[c]; (p = strchr(p, '\n')); p++)
                        l++;
                lines = l > lines ? l : lines;
        }
        return lines;
}

static void text(struct xlsx_book *b, struct sheet *sh, lxw_col_t col, const char *s, lxw_format *f)
{
        if (!sh->e)
                sh->e = xlsx_write_text(b, sh->ws, sh->row, col, s ? s : "", f);
}

/* A score as a number with two decimals, or the word for its absence (grey). */
static void score(struct xlsx_book *b, struct sheet *sh, lxw_col_t col, int64_t v, const char *absent)
{
        if (sh->e)
                return;
        if (v == DOCS_NO_SCORE)
                sh->e = worksheet_write_string(sh->ws, sh->row, col, absent, b->look.missing);
        else
                sh->e = worksheet_write_number(sh->ws, sh->row, col, (double)v / 100.0, b->look.number);
}

static void integer(struct xlsx_book *b, struct sheet *sh, lxw_col_t col, int v)
{
        if (sh->e)
                return;
        if (v > 0)
                sh->e = worksheet_write_number(sh->ws, sh->row, col, v, b->look.integer);
        else
                sh->e = worksheet_write_blank(sh->ws, sh->row, col, b->look.integer);
}

/* The height of a data row: its tallest wrapped text, up to what a spreadsheet keeps. */
static void row_height(struct sheet *sh, int lines)
{
        double h = lines * XLSX_LINE_HEIGHT + 6;
        worksheet_set_row(sh->ws, sh->row, h < XLSX_ROW_MAX ? h : XLSX_ROW_MAX, NULL);
}

static int lines_of(const struct sheet *sh, size_t c, const char *s)
{
        return xlsx_lines_in(s, sh->width[c]);
}

static void sheet_finish(struct sheet *sh)
{
        /* filters on the header once there is a row to filter */
        if (!sh->e && sh->row > XLSX_ROW_FIRST)
                sh->e = worksheet_autofilter(sh->ws, XLSX_ROW_HEADER, 0, sh->row - 1, (lxw_col_t)(sh->n - 1));
}

/* ---- 排名 ---------------------------------------------------------------------------------- */

enum {
        R_RANK, R_RANK_CAT, R_NO, R_PROJECT, R_UNIT, R_CATEGORY, R_EXPERTS, R_EXPERT_SCORE, R_CALIBRATED, R_MAX,
        R_MIN, R_STDDEV, R_DEFENSE, R_COMPREHENSIVE, R_STABILITY, R_TIED, R_N
};

static const struct column ranking_cols[R_N] = {
        [R_RANK] = { "总排名", 6, 6 },
        [R_RANK_CAT] = { "类别内\n排名", 6, 6 },
        [R_NO] = { "申报编号", 14, 18 },
        [R_PROJECT] = { "项目名称", 24, 44 },
        [R_UNIT] = { "申报单位", 20, 36 },
        [R_CATEGORY] = { "申报类别", 14, 16 },
        [R_EXPERTS] = { "评审专家数\n（已提交/应提交）", 12, 12 },
        [R_EXPERT_SCORE] = { "专家评分", 9, 9 },
        [R_CALIBRATED] = { "校准分", 9, 9 },
        [R_MAX] = { "最高分", 9, 9 },
        [R_MIN] = { "最低分", 9, 9 },
        [R_STDDEV] = { "标准差", 9, 9 },
        [R_DEFENSE] = { "答辩得分", 9, 9 },
        [R_COMPREHENSIVE] = { "综合得分", 9, 9 },
        [R_STABILITY] = { "排名稳定性", 16, 30 },
        [R_TIED] = { "并列", 6, 6 },
};

/* How the scores were reached, from the call's settings, under the title. */
static void ranking_note(const struct docs_results *r, char *buf, size_t size)
{
        const struct campaign_evaluation *ev = &r->campaign->evaluation;
        char when[64];

        fmt_beijing_time(r->generated_at, when);
        snprintf(buf, size,
                 "生成时间：%s（北京时间）。专家评分：提交的评分不少于%d份时去掉一个最高分和一个最低分后取平均，"
                 "少于%d份时取平均；综合得分＝专家评分×%d%%＋答辩得分×%d%%。",
                 when, ev->trim_from, ev->trim_from, ev->weight_expert, ev->weight_defense);
}

static lxw_error ranking_sheet(struct xlsx_book *b, const struct docs_results *r, const char *title)
{
        struct sheet sh = { .ws = workbook_add_worksheet(b->wb, "排名"), .row = XLSX_ROW_FIRST };
        const struct xlsx_look *f = &b->look;
        char note[512];

        columns(&sh, ranking_cols, R_N);
        for (size_t i = 0; i < r->n_projects; i++) {
                const struct docs_result_project *p = &r->projects[i];
                fit(&sh, R_NO, p->submission_no);
                fit(&sh, R_PROJECT, p->project_name);
                fit(&sh, R_UNIT, p->unit_name);
                fit(&sh, R_CATEGORY, fmt_category(r->campaign, p->category));
                fit(&sh, R_STABILITY, p->stability);
        }
        ranking_note(r, note, sizeof note);
        /* the ranks, the number and the name stay in sight while scrolling right */
        sh.e = xlsx_table_head(b, sh.ws, title, note, sh.headers, sh.width, sh.n, header_lines(&sh), R_UNIT);

        for (size_t i = 0; !sh.e && i < r->n_projects; i++, sh.row++) {
                const struct docs_result_project *p = &r->projects[i];
                const char *category = fmt_category(r->campaign, p->category);
                int lines = 1;
                const size_t wrapped[] = { R_PROJECT, R_UNIT, R_CATEGORY, R_STABILITY };
                const char *texts[] = { p->project_name, p->unit_name, category, p->stability };
                for (size_t k = 0; k < sizeof wrapped / sizeof wrapped[0]; k++) {
                        int l = lines_of(&sh, wrapped[k], texts[k]);
                        lines = l > lines ? l : lines;
                }
                row_height(&sh, lines);
                char experts[32];
                snprintf(experts, sizeof experts, "%d/%d", p->n_submitted, p->n_expected);
                integer(b, &sh, R_RANK, p->rank_overall);
                integer(b, &sh, R_RANK_CAT, p->rank_in_category);
                text(b, &sh, R_NO, p->submission_no, f->center);
                text(b, &sh, R_PROJECT, p->project_name, f->left);
                text(b, &sh, R_UNIT, p->unit_name, f->left);
                text(b, &sh, R_CATEGORY, category, f->center);
                text(b, &sh, R_EXPERTS, experts, f->center);
                score(b, &sh, R_EXPERT_SCORE, p->expert_score, MISSING);
                score(b, &sh, R_CALIBRATED, p->calibrated_score, MISSING);
                score(b, &sh, R_MAX, p->max_score, MISSING);
                score(b, &sh, R_MIN, p->min_score, MISSING);
                score(b, &sh, R_STDDEV, p->stddev, NONE);
                score(b, &sh, R_DEFENSE, p->defense_score, MISSING);
                score(b, &sh, R_COMPREHENSIVE, p->comprehensive_score, MISSING);
                text(b, &sh, R_STABILITY, p->stability, f->left);
                text(b, &sh, R_TIED, p->tied ? "是" : "", f->center);
        }
        sheet_finish(&sh);
        return sh.e;
}

/* ---- 专家评分明细 ---------------------------------------------------------------------------- */

static const char *status_label(const char *status)
{
        static const char *const labels[][2] = {
                { "assigned", "待评分" },
                { "draft", "草稿" },
                { "submitted", "已提交" },
                { "conflict_declared", "已申明回避" },
        };
        for (size_t i = 0; status && i < sizeof labels / sizeof labels[0]; i++)
                if (strcmp(status, labels[i][0]) == 0)
                        return labels[i][1];
        return status ? status : "";
}

static lxw_error details(struct xlsx_book *b, const struct docs_results *r, const char *title)
{
        const struct campaign_evaluation *ev = &r->campaign->evaluation;
        struct sheet sh = { .ws = workbook_add_worksheet(b->wb, "专家评分明细"), .row = XLSX_ROW_FIRST };
        const struct xlsx_look *f = &b->look;
        struct column cols[COLS_MAX];
        char names[RUBRIC_MAX][128], when[64], note[256];
        size_t n = 0;

        cols[n++] = (struct column){ "申报编号", 14, 18 };
        cols[n++] = (struct column){ "项目名称", 24, 40 };
        cols[n++] = (struct column){ "专家姓名", 10, 16 };
        const size_t first_criterion = n;
        for (size_t k = 0; k < ev->n_rubric; k++) {
                char max[32];
                snprintf(names[k], sizeof names[k], "%s\n（%s分）", ev->rubric[k].name,
                         fmt_points_short(ev->rubric[k].max, max));
                cols[n++] = (struct column){ names[k], 10, 16 };
        }
        const size_t c_total = n, c_status = n + 1, c_time = n + 2, c_comment = n + 3;
        cols[n++] = (struct column){ "合计", 9, 9 };
        cols[n++] = (struct column){ "状态", 10, 12 };
        cols[n++] = (struct column){ "提交时间", 20, 20 };
        cols[n++] = (struct column){ "评审意见", 40, 60 };
        columns(&sh, cols, n);
        for (size_t i = 0; i < r->n_projects; i++) {
                const struct docs_result_project *p = &r->projects[i];
                fit(&sh, 0, p->submission_no);
                fit(&sh, 1, p->project_name);
                for (size_t j = 0; j < p->n_scores; j++) {
                        fit(&sh, 2, p->scores[j].expert_name);
                        fit(&sh, c_comment, p->scores[j].comment);
                }
        }
        fmt_beijing_time(r->generated_at, when);
        snprintf(note, sizeof note, "生成时间：%s（北京时间）。以专家提交的评分为准：草稿和尚未评分的显示为“未提交”。", when);
        sh.e = xlsx_table_head(b, sh.ws, title, note, sh.headers, sh.width, sh.n, header_lines(&sh), 3);

        for (size_t i = 0; !sh.e && i < r->n_projects; i++) {
                const struct docs_result_project *p = &r->projects[i];
                for (size_t j = 0; !sh.e && j < p->n_scores; j++, sh.row++) {
                        const struct docs_result_score *sc = &p->scores[j];
                        /* a draft may still change: only a submitted score is one */
                        bool submitted = sc->status && strcmp(sc->status, "submitted") == 0;
                        int lines = lines_of(&sh, 1, p->project_name), lc = lines_of(&sh, c_comment, sc->comment);
                        row_height(&sh, lc > lines ? lc : lines);
                        text(b, &sh, 0, p->submission_no, f->center);
                        text(b, &sh, 1, p->project_name, f->left);
                        text(b, &sh, 2, sc->expert_name, f->center);
                        for (size_t k = 0; k < ev->n_rubric; k++)
                                score(b, &sh, (lxw_col_t)(first_criterion + k),
                                      submitted && sc->criteria ? sc->criteria[k] : DOCS_NO_SCORE, MISSING);
                        score(b, &sh, (lxw_col_t)c_total, submitted ? sc->total : DOCS_NO_SCORE, MISSING);
                        text(b, &sh, (lxw_col_t)c_status, status_label(sc->status), f->center);
                        if (!sh.e && submitted && sc->submitted_at > 0) {
                                lxw_datetime dt = xlsx_beijing(sc->submitted_at);
                                sh.e = worksheet_write_datetime(sh.ws, sh.row, (lxw_col_t)c_time, &dt, f->time);
                        } else if (!sh.e) {
                                sh.e = worksheet_write_blank(sh.ws, sh.row, (lxw_col_t)c_time, f->time);
                        }
                        text(b, &sh, (lxw_col_t)c_comment, submitted ? sc->comment : "", f->left);
                }
        }
        sheet_finish(&sh);
        return sh.e;
}

/* ---- 专家 ----------------------------------------------------------------------------------- */

enum { E_NAME, E_UNIT, E_ASSIGNED, E_SUBMITTED, E_OFFSET, E_CALIBRATED, E_N };

static const struct column expert_cols[E_N] = {
        [E_NAME] = { "姓名", 10, 16 },
        [E_UNIT] = { "工作单位", 24, 44 },
        [E_ASSIGNED] = { "评审数", 8, 8 },
        [E_SUBMITTED] = { "已提交", 8, 8 },
        [E_OFFSET] = { "偏差\n（校准）", 10, 10 },
        [E_CALIBRATED] = { "是否校准", 10, 10 },
};

static lxw_error experts(struct xlsx_book *b, const struct docs_results *r, const char *title)
{
        struct sheet sh = { .ws = workbook_add_worksheet(b->wb, "专家"), .row = XLSX_ROW_FIRST };
        const struct xlsx_look *f = &b->look;
        char when[64], note[256];

        columns(&sh, expert_cols, E_N);
        for (size_t i = 0; i < r->n_experts; i++) {
                fit(&sh, E_NAME, r->experts[i].name);
                fit(&sh, E_UNIT, r->experts[i].unit);
        }
        fmt_beijing_time(r->generated_at, when);
        snprintf(note, sizeof note, "生成时间：%s（北京时间）。偏差：校准估计的该专家打分的系统性偏高（正）或偏低（负），单位：分。", when);
        sh.e = xlsx_table_head(b, sh.ws, title, note, sh.headers, sh.width, sh.n, header_lines(&sh), 1);
        for (size_t i = 0; !sh.e && i < r->n_experts; i++, sh.row++) {
                const struct docs_result_expert *x = &r->experts[i];
                int lu = lines_of(&sh, E_UNIT, x->unit), ln = lines_of(&sh, E_NAME, x->name);
                row_height(&sh, lu > ln ? lu : ln);
                text(b, &sh, E_NAME, x->name, f->center);
                text(b, &sh, E_UNIT, x->unit, f->left);
                if (!sh.e)
                        sh.e = worksheet_write_number(sh.ws, sh.row, E_ASSIGNED, x->n_assigned, f->integer);
                if (!sh.e)
                        sh.e = worksheet_write_number(sh.ws, sh.row, E_SUBMITTED, x->n_submitted, f->integer);
                score(b, &sh, E_OFFSET, x->offset, NONE);
                text(b, &sh, E_CALIBRATED, x->calibrated ? "是" : "否", f->center);
        }
        sheet_finish(&sh);
        return sh.e;
}

int docs_results_xlsx(const struct docs_results *r, const char *path)
{
        if (!r->campaign || !r->campaign->has_evaluation)
                return -EINVAL;
        char title[320];
        snprintf(title, sizeof title, "%s评审结果", r->campaign->title);
        struct xlsx_book book;
        int err = xlsx_book_open(&book, path, title, "评审结果：排名、专家评分明细、专家");
        if (err)
                return err;
        /* constant-memory mode: each sheet is written whole, one after the other */
        lxw_error e = ranking_sheet(&book, r, title);
        if (!e)
                e = details(&book, r, title);
        if (!e)
                e = experts(&book, r, title);
        return xlsx_book_close(&book, e);
}
