/* The 申报表 (附件1) as the applicant prints, stamps and uploads it: cover, 填报说明, 表一, 表二 with
 * the 真实性声明 and seal box, and the chosen 项目权属及授权情况说明. */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs/docs.h"
#include "docs/pdf.h"
#include "docs/pdf_fmt.h"
#include "domain/form.h"
#include "util/timeutil.h"

#define W PDF_CONTENT_W
#define LABEL_W 112.0                   /* the label column of 表一 and 表二 */
#define T_SIZE PT_XIAOSI                /* tables: 小四 (the notice exempts 表格一、二 from 四号) */
#define INNER(w) ((w) - 2 * PDF_PAD_X)
#define BLANK "　　　　"                /* an empty blank, underlined */

/* ---- table rows ------------------------------------------------------------------------- */

struct row {
        struct pdf_cell cells[8];
        size_t n;
        double x;
};

static void put_cell(struct row *r, double w, struct pdf_content *c, struct pdf_content *cont, enum pdf_valign v,
                     bool body)
{
        if (r->n < 8)
                r->cells[r->n++] = (struct pdf_cell){ .x = r->x, .w = w, .c = c, .cont = cont, .valign = v,
                                                      .body = body };
        r->x += w;
}

/* A label; a second line in parentheses ("主营业务\n（企业填报）") is set a size smaller. */
static struct pdf_content *label(struct pdf_doc *d, const char *text, double w)
{
        struct pdf_content *c = pdf_content_new(d, INNER(w));
        PangoLayout *l = pdf_layout(d, PDF_FANGSONG, T_SIZE, text, INNER(w), PANGO_ALIGN_CENTER);
        const char *note = strstr(text, "\n（");

        if (l && note)
                pdf_layout_size(l, (unsigned) (note - text + 1), (unsigned) strlen(text), PT_WUHAO);
        pdf_content_layout(d, c, l, 0);
        return c;
}

static struct pdf_content *label_cont(struct pdf_doc *d, const char *text, double w)
{
        char *t = g_strdup_printf("%s（续）", text);
        struct pdf_content *c = label(d, t, w);
        g_free(t);
        return c;
}

/* A value, wrapped. Not justified: pango stretches only spaces, which tears "2022 年" apart. */
static struct pdf_content *value(struct pdf_doc *d, const char *text, double w)
{
        return pdf_text(d, PDF_FANGSONG, T_SIZE, text, INNER(w), PANGO_ALIGN_LEFT);
}

static void heading_row(struct pdf_doc *d, const char *text)
{
        struct row r = { 0 };

        put_cell(&r, W, pdf_text(d, PDF_HEI, PT_SIHAO, text, INNER(W), PANGO_ALIGN_LEFT), NULL, PDF_MIDDLE, false);
        pdf_add_row(d, r.cells, r.n, true);
}

/* 申报单位名称 | value: the value may continue on the next page, the label then says （续）. An
 * empty long text keeps room to write in, as on the paper form. */
static void label_value_row(struct pdf_doc *d, const char *lab, const char *val, enum pdf_valign v, int min_lines)
{
        struct row r = { 0 };
        struct pdf_content *c = value(d, val, W - LABEL_W);

        if (!*val)
                for (int i = 1; i < min_lines; i++)
                        pdf_content_space(d, c, T_SIZE * 1.3);
        put_cell(&r, LABEL_W, label(d, lab, LABEL_W), label_cont(d, lab, LABEL_W), PDF_MIDDLE, false);
        put_cell(&r, W - LABEL_W, c, NULL, v, true);
        pdf_add_row(d, r.cells, r.n, false);
}

/* 法人代表 | value | 申报地区 | value */
static void two_pairs_row(struct pdf_doc *d, const char *l1, const char *v1, const char *l2, const char *v2)
{
        struct row r = { 0 };
        double vw = (W - 2 * LABEL_W) / 2;

        put_cell(&r, LABEL_W, label(d, l1, LABEL_W), NULL, PDF_MIDDLE, false);
        put_cell(&r, vw, value(d, v1, vw), NULL, PDF_MIDDLE, false);
        put_cell(&r, LABEL_W, label(d, l2, LABEL_W), NULL, PDF_MIDDLE, false);
        put_cell(&r, vw, value(d, v2, vw), NULL, PDF_MIDDLE, false);
        pdf_add_row(d, r.cells, r.n, false);
}

/* A row whose value cell the caller fills (checkbox options, honors). */
static void label_content_row(struct pdf_doc *d, const char *lab, struct pdf_content *c)
{
        struct row r = { 0 };

        put_cell(&r, LABEL_W, label(d, lab, LABEL_W), NULL, PDF_MIDDLE, false);
        put_cell(&r, W - LABEL_W, c, NULL, PDF_MIDDLE, false);
        pdf_add_row(d, r.cells, r.n, false);
}

static const char *box(bool ticked)
{
        return ticked ? "☑" : "☐";
}

/* A text with its blank filled: "授予年份：2021 年", or the blank underlined when empty. */
static PangoLayout *blank_text(struct pdf_doc *d, double size, const char *before, const char *val,
                               const char *after, double width)
{
        bool empty = !val || !*val;
        char *t = g_strdup_printf("%s%s%s", before, empty ? BLANK : val, after);
        PangoLayout *l = pdf_layout(d, PDF_FANGSONG, size, t, width, PANGO_ALIGN_LEFT);

        if (l && empty)
                pdf_layout_underline(l, (unsigned) strlen(before), (unsigned) (strlen(before) + strlen(BLANK)));
        g_free(t);
        return l;
}

/* ---- 表一 ------------------------------------------------------------------------------- */

static int cutoff_year(const struct docs_application *a)
{
        char iso[32];

        if (!a->campaign)
                return 0;
        date_format(a->campaign->statistics_cutoff, iso);
        return atoi(iso);
}

static void nature_row(struct pdf_doc *d, json_t *unit)
{
        const char *nature = fmt_str(unit, "nature");
        const char *items[FORM_NATURES - 1];
        char *owned[FORM_NATURES - 1];
        struct pdf_content *c = pdf_content_new(d, INNER(W - LABEL_W));

        for (size_t i = 0; i + 1 < FORM_NATURES; i++) {
                owned[i] = g_strdup_printf("%s%s", box(strcmp(nature, form_nature_code(i)) == 0),
                                           form_nature_label(form_nature_code(i)));
                items[i] = owned[i];
        }
        pdf_content_options(d, c, items, FORM_NATURES - 1, PDF_FANGSONG, T_SIZE);
        for (size_t i = 0; i + 1 < FORM_NATURES; i++)
                g_free(owned[i]);
        bool other = strcmp(nature, "other") == 0;
        char *before = g_strdup_printf("%s其他（请注明）：", box(other));
        pdf_content_layout(d, c, blank_text(d, T_SIZE, before, other ? fmt_str(unit, "nature_other") : "", "",
                                            INNER(W - LABEL_W)),
                           0);
        g_free(before);
        label_content_row(d, "单位性质", c);
}

static void revenue_row(struct pdf_doc *d, const struct docs_application *a, json_t *unit)
{
        json_t *rev = fmt_obj(unit, "revenue");
        int last = cutoff_year(a);
        double rest = W - LABEL_W, yw = 52, vw = (rest - 3 * yw) / 3;
        struct row r = { 0 };

        put_cell(&r, LABEL_W, label(d, "近三年业务收入\n（万元，企业填报）", LABEL_W), NULL, PDF_MIDDLE, false);
        for (int y = last - 2; y <= last; y++) {
                char key[16], ylab[32], money[48];
                snprintf(key, sizeof key, "%d", y);
                snprintf(ylab, sizeof ylab, "%d年", y);
                put_cell(&r, yw, label(d, ylab, yw), NULL, PDF_MIDDLE, false);
                put_cell(&r, vw, pdf_text(d, PDF_FANGSONG, T_SIZE, fmt_money(json_object_get(rev, key), money),
                                          INNER(vw), PANGO_ALIGN_CENTER),
                         NULL, PDF_MIDDLE, false);
        }
        pdf_add_row(d, r.cells, r.n, false);
}

static void honors_row(struct pdf_doc *d, json_t *unit)
{
        static const char *const kinds[][2] = {
                { "high_tech", "高新技术企业" },
                { "tech_center", "企业技术中心" },
                { "key_lab", "重点实验室" },
        };
        json_t *honors = fmt_obj(unit, "honors");
        double cw = INNER(W - LABEL_W);
        struct pdf_content *c = pdf_content_new(d, cw);
        PangoLayout *ls[3][3];
        double col[3] = { 0, 0, 0 };

        for (size_t i = 0; i < 3; i++) {
                json_t *h = fmt_obj(honors, kinds[i][0]);
                const char *level = fmt_str(h, "level");
                json_t *yv = json_object_get(h, "year");
                char year[16] = "", *lv;
                if (json_is_integer(yv))
                        snprintf(year, sizeof year, "%d", (int) json_integer_value(yv));
                lv = g_strdup_printf("%s国家级／%s省市级", box(strcmp(level, "national") == 0),
                                     box(strcmp(level, "provincial_municipal") == 0));
                ls[i][0] = pdf_layout(d, PDF_FANGSONG, T_SIZE, kinds[i][1], -1, PANGO_ALIGN_LEFT);
                ls[i][1] = pdf_layout(d, PDF_FANGSONG, T_SIZE, lv, -1, PANGO_ALIGN_LEFT);
                ls[i][2] = blank_text(d, T_SIZE, "授予年份：", year, "年", -1);
                g_free(lv);
                for (size_t j = 0; j < 3; j++)
                        if (ls[i][j])
                                col[j] = col[j] > pdf_layout_w(ls[i][j]) ? col[j] : pdf_layout_w(ls[i][j]);
        }
        double gap = (cw - col[0] - col[1] - col[2]) / 2;
        if (gap > 2 * T_SIZE)
                gap = 2 * T_SIZE;
        if (gap < T_SIZE / 2)
                gap = T_SIZE / 2;
        double xs[3] = { 0, col[0] + gap, col[0] + col[1] + 2 * gap };
        for (size_t i = 0; i < 3; i++)
                pdf_content_band(d, c, ls[i], xs, 3);
        char *other = g_strdup_printf("其他市级以上荣誉：%s", fmt_str(honors, "other"));
        pdf_content_layout(d, c, pdf_layout(d, PDF_FANGSONG, T_SIZE, other, cw, PANGO_ALIGN_LEFT), 0);
        g_free(other);
        label_content_row(d, "相关荣誉", c);
}

static void table_one(struct pdf_doc *d, const struct docs_application *a, json_t *form)
{
        json_t *unit = fmt_obj(form, "unit");
        bool joint = json_is_true(json_object_get(fmt_obj(form, "cover"), "joint"));
        const char *aff = fmt_str(unit, "affiliation");
        char region[160], *affl;

        if (strcmp(aff, "province_direct") == 0 && *fmt_str(unit, "department_code"))
                affl = g_strdup_printf("%s（%s）", fmt_affiliation(aff),
                                       fmt_department(a, fmt_str(unit, "department_code")));
        else
                affl = g_strdup(fmt_affiliation(aff));

        heading_row(d, "一、申报单位信息");
        label_value_row(d, "申报单位名称", fmt_str(unit, "name"), PDF_MIDDLE, 1);
        label_value_row(d, "统一社会信用代码", fmt_str(unit, "credit_code"), PDF_MIDDLE, 1);
        label_value_row(d, "单位隶属", affl, PDF_MIDDLE, 1);
        two_pairs_row(d, "法人代表", fmt_str(unit, "legal_representative"), "申报地区",
                      fmt_region(a, fmt_str(unit, "region_code"), region));
        two_pairs_row(d, "申报联系人", fmt_str(unit, "contact_name"), "联系电话", fmt_str(unit, "contact_phone"));
        label_value_row(d, "单位地址", fmt_str(unit, "address"), PDF_MIDDLE, 1);
        nature_row(d, unit);
        revenue_row(d, a, unit);
        label_value_row(d, "主营业务\n（企业填报）", fmt_str(unit, "main_business"), PDF_MIDDLE, 1);
        honors_row(d, unit);
        label_value_row(d, "联合申报单位", joint ? fmt_str(unit, "joint_units") : "", PDF_MIDDLE, 1);
        label_value_row(d, "申报单位概况", fmt_str(unit, "overview"), PDF_TOP, 6);
        g_free(affl);
}

/* ---- 表二 ------------------------------------------------------------------------------- */

static void funding_row(struct pdf_doc *d, json_t *project)
{
        json_t *pf = fmt_obj(project, "provincial_funding");
        double cw = INNER(W - LABEL_W);
        struct pdf_content *c = pdf_content_new(d, cw);
        char *t;

        if (pf) {
                char month[64], money[48];
                const char *amount = fmt_money(json_object_get(pf, "amount"), money);
                t = g_strdup_printf("☐无　　☑有　　%s获%s支持 %s 万元", fmt_month(fmt_str(pf, "month"), month),
                                    fmt_str(pf, "fund_name"), *amount ? amount : BLANK);
        } else
                t = g_strdup("☑无　　☐有");
        PangoLayout *l = pdf_layout(d, PDF_FANGSONG, T_SIZE, t, cw, PANGO_ALIGN_LEFT);
        g_free(t);
        pdf_content_layout(d, c, l, 0);
        label_content_row(d, "获省级以上\n资金支持情况", c);
}

static void category_row(struct pdf_doc *d, const struct docs_application *a, json_t *project)
{
        const char *cat = fmt_str(project, "category");
        const char *items[CAMPAIGN_CATEGORIES_MAX];
        char *owned[CAMPAIGN_CATEGORIES_MAX];
        size_t n = a->campaign ? a->campaign->n_categories : 0;
        struct pdf_content *c = pdf_content_new(d, INNER(W - LABEL_W));

        for (size_t i = 0; i < n; i++) {
                const struct campaign_category *k = &a->campaign->categories[i];
                owned[i] = g_strdup_printf("%s%s", box(strcmp(cat, k->code) == 0), k->name);
                items[i] = owned[i];
        }
        pdf_content_options(d, c, items, n, PDF_FANGSONG, T_SIZE);
        for (size_t i = 0; i < n; i++)
                g_free(owned[i]);
        label_content_row(d, "申报类别", c);
}

static void investment_row(struct pdf_doc *d, json_t *project)
{
        char m1[48], m2[48], *v1, *v2;

        fmt_money(json_object_get(project, "total_investment"), m1);
        fmt_money(json_object_get(project, "non_construction_investment"), m2);
        v1 = g_strdup_printf("%s 万元", *m1 ? m1 : BLANK);
        v2 = g_strdup_printf("%s 万元", *m2 ? m2 : BLANK);
        two_pairs_row(d, "项目总投资", v1, "其中非土建类投资", v2);
        g_free(v1);
        g_free(v2);
}

/* 申报单位盖章 | 真实性声明 | 特此承诺…, and below the room for the seal and 年 月 日（签章）. */
static void declaration(struct pdf_doc *d)
{
        const double c1 = 44, c2 = LABEL_W - c1, seal_h = 150;
        struct pdf_figure *f = pdf_figure_new(d);
        PangoLayout *stamp = pdf_layout(d, PDF_FANGSONG, T_SIZE, "申\n报\n单\n位\n盖\n章", INNER(c1),
                                        PANGO_ALIGN_CENTER);
        PangoLayout *lab = pdf_layout(d, PDF_FANGSONG, T_SIZE, "真实性\n声明", INNER(c2), PANGO_ALIGN_CENTER);
        PangoLayout *text = pdf_layout(d, PDF_FANGSONG, T_SIZE,
                                       "特此承诺：申报表中所填内容及附件均属实。若有虚假，本单位愿意承担由此"
                                       "产生的一切后果。",
                                       INNER(W - LABEL_W), PANGO_ALIGN_LEFT);
        PangoLayout *date = pdf_layout(d, PDF_FANGSONG, T_SIZE, "年　　月　　日（签章）", -1, PANGO_ALIGN_LEFT);

        if (!f || !stamp || !lab || !text || !date) {
                pdf_add_figure(d, NULL, 0, false);
                return;
        }
        double ha = pdf_max(pdf_layout_h(lab), pdf_layout_h(text)) + 2 * PDF_PAD_Y + 8;
        double h = ha + seal_h;
        pdf_figure_rect(d, f, 0, 0, W, h);
        pdf_figure_line(d, f, c1, 0, c1, h);
        pdf_figure_line(d, f, LABEL_W, 0, LABEL_W, ha);
        pdf_figure_line(d, f, c1, ha, W, ha);
        pdf_figure_text(d, f, stamp, PDF_PAD_X, (h - pdf_layout_h(stamp)) / 2);
        pdf_figure_text(d, f, lab, c1 + PDF_PAD_X, (ha - pdf_layout_h(lab)) / 2);
        pdf_figure_text(d, f, text, LABEL_W + PDF_PAD_X, (ha - pdf_layout_h(text)) / 2);
        pdf_figure_text(d, f, date, W - 3 * T_SIZE - pdf_layout_w(date), h - 2 * T_SIZE - pdf_layout_h(date) / 2);
        pdf_add_figure(d, f, h, false);
}

static void table_two(struct pdf_doc *d, const struct docs_application *a, json_t *form)
{
        json_t *project = fmt_obj(form, "project");
        char region[160], m1[64], m2[64], *months;
        const char *s = fmt_str(project, "start_month"), *e = fmt_str(project, "end_month");

        fmt_month(s, m1);
        fmt_month(e, m2);
        if (*s || *e)
                months = g_strdup_printf("%s至%s", *s ? m1 : BLANK, *e ? m2 : BLANK);
        else
                months = g_strdup("");

        heading_row(d, "二、申报项目信息");
        label_value_row(d, "申报项目名称", fmt_str(project, "name"), PDF_MIDDLE, 1);
        label_value_row(d, "起止时间", months, PDF_MIDDLE, 1);
        investment_row(d, project);
        label_value_row(d, "项目建设地区", fmt_region(a, fmt_str(project, "region_code"), region), PDF_MIDDLE, 1);
        funding_row(d, project);
        category_row(d, a, project);
        label_value_row(d, "申报项目\n基本情况", fmt_str(project, "basic_info"), PDF_TOP, 6);
        label_value_row(d, "项目成效", fmt_str(project, "achievements"), PDF_TOP, 6);
        declaration(d);
        g_free(months);
}

/* ---- cover ------------------------------------------------------------------------------ */

struct cover_field {
        const char *label;
        char *value;
        bool underline;
};

/* Lays out the fields at size fs from y; adds them to f when f is given. Returns where they end. */
static double cover_fields(struct pdf_doc *d, struct pdf_figure *f, const struct cover_field *fields, size_t n,
                           double fs, double y)
{
        const double indent = 20, lw = 7 * fs, vx = indent + lw + fs, vw = W - indent - vx;

        for (size_t i = 0; i < n; i++) {
                const char *lab = fields[i].label;
                long nc = g_utf8_strlen(lab, -1);
                PangoLayout *v = pdf_layout(d, PDF_FANGSONG, fs, fields[i].value, vw - 8, PANGO_ALIGN_LEFT);
                if (!v)
                        return y;
                if (f) {
                        /* the label spread over seven characters' width, as on the paper form */
                        const char *p = lab;
                        for (long k = 0; k < nc; k++) {
                                const char *q = g_utf8_next_char(p);
                                char ch[8];
                                snprintf(ch, sizeof ch, "%.*s", (int) (q - p), p);
                                double x = nc > 1 ? indent + (double) k * (lw - fs) / (double) (nc - 1)
                                                  : indent + (lw - fs) / 2;
                                pdf_figure_text(d, f, pdf_layout(d, PDF_HEI, fs, ch, -1, PANGO_ALIGN_LEFT), x, y);
                                p = q;
                        }
                        pdf_figure_text(d, f, pdf_layout(d, PDF_HEI, fs, "：", -1, PANGO_ALIGN_LEFT), indent + lw, y);
                        pdf_figure_text(d, f, v, vx + 4, y);
                        if (fields[i].underline) {
                                PangoLayoutIter *it = pango_layout_get_iter(v);
                                do {
                                        double base = pango_units_to_double(pango_layout_iter_get_baseline(it));
                                        pdf_figure_line(d, f, vx, y + base + fs * 0.3, vx + vw, y + base + fs * 0.3);
                                } while (pango_layout_iter_next_line(it));
                                pango_layout_iter_free(it);
                        }
                }
                y += pdf_layout_h(v) + fs * 0.75;
        }
        return y;
}

static void cover(struct pdf_doc *d, const struct docs_application *a, json_t *form)
{
        json_t *cv = fmt_obj(form, "cover");
        bool joint = json_is_true(json_object_get(cv, "joint"));
        const double ch = PDF_BOTTOM - PDF_MARGIN_TOP;
        char date[64];
        const char *s;
#define PAIR(a, b) (*(a) && *(b) ? g_strdup_printf("%s　%s", (a), (b)) : g_strdup_printf("%s%s", (a), (b)))
        struct cover_field fields[] = {
                { "项目名称", g_strdup(fmt_str(cv, "project_name")), true },
                { "申报单位", g_strdup(fmt_str(cv, "applicant_unit")), true },
                { "地址及邮编", PAIR(fmt_str(cv, "address"), fmt_str(cv, "postcode")), true },
                { "项目负责人", g_strdup(fmt_str(cv, "project_leader")), true },
                { "联系人及手机号", PAIR(fmt_str(cv, "contact_name"), fmt_str(cv, "contact_mobile")), true },
                /* unanswered (null) ticks neither */
                { "是否联合申报",
                  g_strdup_printf("%s是　　%s否", box(joint), box(json_is_false(json_object_get(cv, "joint")))), false },
                { "合作单位", g_strdup(joint ? fmt_str(cv, "partner_unit") : ""), true },
                { "地址及邮编", joint ? PAIR(fmt_str(cv, "partner_address"), fmt_str(cv, "partner_postcode")) : g_strdup(""),
                  true },
                { "联系人及手机", joint ? PAIR(fmt_str(cv, "partner_contact_name"), fmt_str(cv, "partner_contact_mobile"))
                                         : g_strdup(""),
                  true },
        };
#undef PAIR
        const size_t n = sizeof fields / sizeof fields[0];
        struct pdf_figure *f = pdf_figure_new(d);
        char *title = g_strdup_printf("%s申报表", a->campaign ? a->campaign->title : "");
        PangoLayout *tl = pdf_layout(d, PDF_HEI, PT_YIHAO, title, W, PANGO_ALIGN_CENTER);
        PangoLayout *by = pdf_layout(d, PDF_FANGSONG, PT_SANHAO, "江苏省信息化领导小组办公室编制", W, PANGO_ALIGN_CENTER);
        g_free(title);

        if (f && tl && by) {
                const double title_y = 60, title_end = title_y + pdf_layout_h(tl);
                const double by_y = ch - 40 - pdf_layout_h(by);
                /* long names and addresses: a smaller size and less air rather than a second cover */
                static const double sizes[] = { PT_SANHAO, 15, PT_SIHAO, 13, PT_XIAOSI, 11, PT_WUHAO, 10, 9, 8.5, 8 };
                /* the fields, then the date line 1.5 sizes below, then air above 编制; the first size
                 * that fits with 100 pt under the title, else with 40 pt (the need falls with the size:
                 * a binary search, each try lays out every field) */
                const size_t n_sizes = sizeof sizes / sizeof sizes[0];
                size_t lo = 0, hi = n_sizes - 1;
                double top = title_end + 40;
                if (cover_fields(d, NULL, fields, n, sizes[0], 0) + 4 * sizes[0] + 30 <= by_y - title_end - 100) {
                        hi = 0;
                        top = title_end + 100;
                }
                while (lo < hi) {
                        size_t mid = (lo + hi) / 2;
                        if (cover_fields(d, NULL, fields, n, sizes[mid], 0) + 4 * sizes[mid] + 30 <= by_y - top)
                                hi = mid;
                        else
                                lo = mid + 1;
                }
                double fs = sizes[lo];
                pdf_figure_text(d, f, tl, 0, title_y);
                double y = cover_fields(d, f, fields, n, fs, top);
                s = fmt_str(cv, "fill_date");
                char *dl = g_strdup_printf("填报日期：%s", fmt_cover_date(s, date));
                PangoLayout *dt = pdf_layout(d, PDF_HEI, fs, dl, W, PANGO_ALIGN_CENTER);
                g_free(dl);
                pdf_figure_text(d, f, dt, 0, y + 1.5 * fs);
                pdf_figure_text(d, f, by, 0, by_y);
        }
        for (size_t i = 0; i < n; i++)
                g_free(fields[i].value);
        pdf_add_figure(d, f, ch, false);
        pdf_add_page_break(d);
}

/* ---- 填报说明 ----------------------------------------------------------------------------- */

static void title(struct pdf_doc *d, const char *text)
{
        pdf_add_para(d, pdf_text(d, PDF_HEI, PT_XIAOER, text, W, PANGO_ALIGN_CENTER), 0, 0, PT_XIAOER, true);
}

/* A body paragraph: 四号仿宋, first line indented two characters, both edges flush. */
static PangoLayout *body_layout(struct pdf_doc *d, const char *text, bool indent)
{
        PangoLayout *l = pdf_layout(d, PDF_FANGSONG, PT_SIHAO, text, W, PANGO_ALIGN_LEFT);

        if (l && indent)
                pango_layout_set_indent(l, pango_units_from_double(2 * PT_SIHAO));
        return l;
}

static void body_para(struct pdf_doc *d, PangoLayout *l)
{
        struct pdf_content *c = pdf_content_new(d, W);

        pdf_content_layout(d, c, l, 0);
        pdf_add_para(d, c, 0, 0, 0, false);
}

static void instructions(struct pdf_doc *d, const struct docs_application *a)
{
        char cutoff[64] = "", iso[32];

        if (a->campaign) {
                int y = 0, m = 0, dd = 0;
                date_format(a->campaign->statistics_cutoff, iso);
                sscanf(iso, "%d-%d-%d", &y, &m, &dd);
                snprintf(cutoff, sizeof cutoff, "%d年%d月%d日", y, m, dd);
        }
        char *two = g_strdup_printf("二、申报单位应仔细阅读申报工作有关说明，如实、准确、完整填写本表，并按提纲模板编制上传"
                                    "项目详细材料。所填数据的统计截止日期为%s。",
                                    cutoff);
        const char *items[] = {
                "一、申报单位为省内各级行政部门、企事业单位或社会团体。",
                two,
                "三、申报单位需将申报表封面、表一、表二、权属及授权情况说明线下打印盖章并上传。",
                "四、申报单位应按要求上传营业执照、项目总投入证明、项目获奖及获认定证明、各类资质及科研成果证明等材料。",
                "五、申报表及详细材料统一使用 A4 纸幅，除表格一、二以外，其他填报格式要求：正文字体 4 号仿宋，单倍行距；"
                "一级标题 4 号黑体；二级标题 4 号楷体。",
                "六、申报单位对提交的全部资料的真实性负责。",
        };
        title(d, "填 报 说 明");
        for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
                body_para(d, body_layout(d, items[i], true));
        g_free(two);
        pdf_add_page_break(d);
}

/* ---- 项目权属及授权情况说明 ------------------------------------------------------------------ */

/* Appends s to g; underlined (a filled blank) when fill, an underlined empty blank when s is "". */
static void put_text(GString *g, GArray *marks, const char *s, bool fill)
{
        if (!fill) {
                g_string_append(g, s);
                return;
        }
        unsigned start = (unsigned) g->len;
        g_string_append(g, *s ? s : BLANK "　　");
        unsigned range[2] = { start, (unsigned) g->len };
        g_array_append_val(marks, range);
}

/* One of the notice's four sentences with its blanks filled. */
static void variant_sentence(GString *g, GArray *marks, int variant, const char *other_unit, const char *project,
                             const char *call)
{
        switch (variant) {
        case 1:
                put_text(g, marks, "兹有我单位建设实施的", false);
                break;
        case 2:
        case 3:
                put_text(g, marks, "兹有我单位与", false);
                put_text(g, marks, other_unit, true);
                put_text(g, marks, "（单位）合作共同实施的", false);
                break;
        case 4:
                put_text(g, marks, "兹有我单位委托", false);
                put_text(g, marks, other_unit, true);
                put_text(g, marks, "（单位）实施的", false);
                break;
        }
        put_text(g, marks, project, true);
        put_text(g, marks, "（项目），", false);
        if (variant == 3)
                put_text(g, marks, "该项目所有权为双方共同所有，经双方议定由我单位将该项目申报", false);
        else if (variant == 4)
                put_text(g, marks, "该项目所有权为我单位所有，现同意授权对方单位将该项目申报", false);
        else
                put_text(g, marks, "该项目所有权为我单位所有，现将该项目申报", false);
        put_text(g, marks, call, false);
        put_text(g, marks, "。", false);
}

static void ownership(struct pdf_doc *d, const struct docs_application *a, json_t *form)
{
        json_t *own = fmt_obj(form, "ownership");
        json_t *vv = json_object_get(own, "variant");
        int variant = json_is_integer(vv) ? (int) json_integer_value(vv) : 0;
        const char *partner = fmt_str(own, "partner_unit");
        const char *project = fmt_str(fmt_obj(form, "project"), "name");
        const char *applicant = fmt_str(fmt_obj(form, "unit"), "name");
        const char *call = a->campaign ? a->campaign->title : "";

        if (!*project)
                project = fmt_str(fmt_obj(form, "cover"), "project_name");
        if (!*applicant)
                applicant = fmt_str(fmt_obj(form, "cover"), "applicant_unit");

        title(d, "项目权属及授权情况说明");
        body_para(d, body_layout(d, "江苏省信息化领导小组办公室：", false));
        for (int v = 1; v <= 4; v++) {
                if (variant >= 1 && variant <= 4 && v != variant)
                        continue;
                GString *g = g_string_new(NULL);
                GArray *marks = g_array_new(FALSE, FALSE, sizeof(unsigned[2]));
                if (variant < 1 || variant > 4)
                        g_string_append_printf(g, "%d、", v);
                /* variant 4 is written by the owner: "the other unit" is the applicant */
                variant_sentence(g, marks, v, variant < 1 ? "" : v == 4 ? applicant : partner,
                                 variant < 1 ? "" : project, call);
                PangoLayout *l = body_layout(d, g->str, true);
                for (guint i = 0; l && i < marks->len; i++) {
                        unsigned *r = &g_array_index(marks, unsigned, 2 * i);
                        pdf_layout_underline(l, r[0], r[1]);
                }
                body_para(d, l);
                g_array_free(marks, TRUE);
                g_string_free(g, TRUE);
        }
        body_para(d, body_layout(d, "特此说明。", true));

        /* who stamps it: the applicant, or for variant 4 the owner who authorises it */
        const char *stamper = variant == 4 ? partner : variant >= 1 && variant <= 4 ? applicant : "";
        struct pdf_figure *f = pdf_figure_new(d);
        char *unit = *stamper ? g_strdup_printf("%s（盖章）", stamper) : g_strdup("（盖章）");
        PangoLayout *ul = pdf_layout(d, PDF_FANGSONG, PT_SIHAO, unit, W * 0.6, PANGO_ALIGN_CENTER);
        PangoLayout *dl = pdf_layout(d, PDF_FANGSONG, PT_SIHAO, "年　　月　　日", -1, PANGO_ALIGN_LEFT);
        g_free(unit);
        if (f && ul && dl) {
                double uw = pdf_layout_w(ul), x = W - 2 * PT_SIHAO - uw, gap = 4 * PT_SIHAO;
                /* ul is centred in its own width: place its box so the text ends 2 characters in */
                PangoRectangle log;
                pango_layout_get_extents(ul, NULL, &log);
                x -= pango_units_to_double(log.x);
                pdf_figure_text(d, f, ul, x, gap);
                double dy = gap + pdf_layout_h(ul) + PT_SIHAO / 2;
                double dw = pdf_layout_w(dl), centre = W - 2 * PT_SIHAO - pdf_max(uw, dw + 2 * PT_SIHAO) / 2;
                pdf_figure_text(d, f, dl, centre - dw / 2, dy);
                pdf_add_figure(d, f, dy + pdf_layout_h(dl), false);
        } else
                pdf_add_figure(d, NULL, 0, false);
}

/* ---- the document ----------------------------------------------------------------------- */

int docs_form_pdf(const struct docs_application *a, docs_write_fn write, void *closure)
{
        if (pdf_init() < 0)
                return -EIO;
        bool draft = a->watermark;
        const char *no = a->submission_no && *a->submission_no ? a->submission_no : NULL;
        char footer[128];
        snprintf(footer, sizeof footer, "申报编号：%s%s", no ? no : "未提交", draft ? "（草稿）" : "");

        pdf_lock();
        int err = -ENOMEM;
        struct pdf_doc *d = pdf_doc_new(footer, draft);
        if (d) {
                char *t = g_strdup_printf("%s申报表", a->campaign ? a->campaign->title : "");
                cover(d, a, a->form);
                instructions(d, a);
                table_one(d, a, a->form);
                pdf_add_page_break(d);
                table_two(d, a, a->form);
                pdf_add_page_break(d);
                ownership(d, a, a->form);
                err = pdf_render(d, t, write, closure);
                g_free(t);
                pdf_doc_free(d);
        }
        pdf_unlock();
        return err;
}
