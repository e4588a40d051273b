#include "docs/export.h"
#include "docs/xlsx.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "domain/application.h"
#include "domain/workflow.h"
#include "domain/form.h"
#include "util/buf.h"
#include "util/money.h"
#include "util/timeutil.h"

enum kind {
        /* the record */
        K_ID, K_CAMPAIGN, K_STATUS, K_SUBMISSION_NO, K_SUBMITTED_AT, K_REVIEW_AUTHORITY, K_ATTACHMENTS,
        K_UPDATED_AT,
        /* the form, by dotted key */
        K_TEXT, K_BOOL, K_MONEY, K_YEAR, K_REGION, K_DEPARTMENT, K_NATURE, K_AFFILIATION, K_CATEGORY,
        K_HONOR_LEVEL, K_FUNDING, K_VARIANT, K_ACCEPTED,
};

struct column {
        enum kind kind;
        const char *key;        /* dotted key of the form (NULL for the record's own) */
        const char *label;
        int width;              /* XLSX column width; 0 = from the label */
};

/* Labels are 附件1's wording (domain/form.c's field table), made unambiguous out of context. */
static const struct column head[] = {
        { K_ID, NULL, "记录号", 8 },
        { K_CAMPAIGN, NULL, "申报年度", 0 },
        { K_STATUS, NULL, "状态", 24 },
        { K_SUBMISSION_NO, NULL, "申报编号", 15 },
        { K_SUBMITTED_AT, NULL, "提交时间", 20 },
        { K_REVIEW_AUTHORITY, NULL, "受理部门", 26 },
        { K_ATTACHMENTS, NULL, "附件数", 0 },
        { K_UPDATED_AT, NULL, "最后修改时间", 20 },
};

static const struct column before_revenue[] = {
        { K_TEXT, "cover.project_name", "项目名称（封面）", 36 },
        { K_TEXT, "cover.applicant_unit", "申报单位（封面）", 30 },
        { K_TEXT, "cover.address", "地址（封面）", 30 },
        { K_TEXT, "cover.postcode", "邮编（封面）", 0 },
        { K_TEXT, "cover.project_leader", "项目负责人", 0 },
        { K_TEXT, "cover.contact_name", "联系人", 0 },
        { K_TEXT, "cover.contact_mobile", "联系人手机号", 0 },
        { K_BOOL, "cover.joint", "是否联合申报", 0 },
        { K_TEXT, "cover.partner_unit", "合作单位", 30 },
        { K_TEXT, "cover.partner_address", "合作单位地址", 30 },
        { K_TEXT, "cover.partner_postcode", "合作单位邮编", 0 },
        { K_TEXT, "cover.partner_contact_name", "合作单位联系人", 0 },
        { K_TEXT, "cover.partner_contact_mobile", "合作单位联系人手机号", 0 },
        { K_TEXT, "cover.fill_date", "填报日期", 0 },
        { K_TEXT, "unit.name", "申报单位名称", 30 },
        { K_TEXT, "unit.credit_code", "统一社会信用代码", 0 },
        { K_TEXT, "unit.legal_representative", "法人代表", 0 },
        { K_REGION, "unit.region_code", "申报地区", 0 },
        { K_TEXT, "unit.region_code", "申报地区代码", 0 },
        { K_AFFILIATION, "unit.affiliation", "单位隶属", 0 },
        { K_DEPARTMENT, "unit.department_code", "主管的省有关部门", 24 },
        { K_TEXT, "unit.contact_name", "申报联系人", 0 },
        { K_TEXT, "unit.contact_phone", "联系电话", 0 },
        { K_TEXT, "unit.address", "单位地址", 30 },
        { K_NATURE, "unit.nature", "单位性质", 0 },
        { K_TEXT, "unit.nature_other", "单位性质（其他，请注明）", 0 },
};

static const struct column after_revenue[] = {
        { K_TEXT, "unit.main_business", "主营业务", 40 },
        { K_HONOR_LEVEL, "unit.honors.high_tech.level", "高新技术企业（级别）", 0 },
        { K_YEAR, "unit.honors.high_tech.year", "高新技术企业（授予年份）", 0 },
        { K_HONOR_LEVEL, "unit.honors.tech_center.level", "企业技术中心（级别）", 0 },
        { K_YEAR, "unit.honors.tech_center.year", "企业技术中心（授予年份）", 0 },
        { K_HONOR_LEVEL, "unit.honors.key_lab.level", "重点实验室（级别）", 0 },
        { K_YEAR, "unit.honors.key_lab.year", "重点实验室（授予年份）", 0 },
        { K_TEXT, "unit.honors.other", "其他市级以上荣誉", 30 },
        { K_TEXT, "unit.joint_units", "联合申报单位", 30 },
        { K_TEXT, "unit.overview", "申报单位概况", 50 },
        { K_TEXT, "project.name", "申报项目名称", 36 },
        { K_TEXT, "project.start_month", "起止时间（开始月份）", 0 },
        { K_TEXT, "project.end_month", "起止时间（结束月份）", 0 },
        { K_MONEY, "project.total_investment", "项目总投资（万元）", 0 },
        { K_MONEY, "project.non_construction_investment", "其中非土建类投资（万元）", 0 },
        { K_REGION, "project.region_code", "项目建设地区", 0 },
        { K_TEXT, "project.region_code", "项目建设地区代码", 0 },
        { K_FUNDING, "project.provincial_funding", "获省级以上资金支持情况", 0 },
        { K_TEXT, "project.provincial_funding.month", "资金支持时间", 0 },
        { K_TEXT, "project.provincial_funding.fund_name", "支持资金名称", 30 },
        { K_MONEY, "project.provincial_funding.amount", "资金支持金额（万元）", 0 },
        { K_CATEGORY, "project.category", "申报类别", 0 },
        { K_TEXT, "project.basic_info", "申报项目基本情况", 50 },
        { K_TEXT, "project.achievements", "项目成效", 50 },
        { K_BOOL, "project.main_part_completed", "是否已完成主体部分建设", 0 },
        { K_BOOL, "project.is_continuation", "是否为续期建设项目", 0 },
        { K_BOOL, "project.phased", "是否分期建设", 0 },
        { K_BOOL, "project.phased_declared_whole", "是否已按项目整体申报", 0 },
        { K_VARIANT, "ownership.variant", "项目权属及授权情况", 40 },
        { K_TEXT, "ownership.partner_unit", "合作单位或项目权属单位（权属说明）", 30 },
        { K_ACCEPTED, "declaration_accepted", "真实性声明", 0 },
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define REVENUE_YEARS_MAX 10
#define CELL_SCRATCH 320        /* a formatted value: two region names, a department's name */

struct code_label {
        const char *code, *label;
};

static const struct code_label variants[] = {
        { "1", "1. 本单位建设实施，所有权为本单位所有" },
        { "2", "2. 与合作单位共同实施，所有权为本单位所有" },
        { "3", "3. 与合作单位共同实施，所有权为双方共同所有" },
        { "4", "4. 委托其他单位实施，所有权为本单位所有，授权对方申报" },
};

enum cell_kind { CELL_TEXT, CELL_MONEY, CELL_INT, CELL_TIME };

struct cell {
        enum cell_kind kind;
        const char *text;       /* always set; "" when empty */
        int64_t num;            /* money in hundredths, an integer, or UTC seconds; < 0 = empty */
};

struct export {
        struct export_context ctx;
        size_t n;
        struct column *cols;
        char (*revenue_labels)[48];
        char (*revenue_keys)[32];
        struct cell *cells;
        char (*scratch)[CELL_SCRATCH];
};

struct export *export_new(const struct export_context *ctx)
{
        struct export *e = calloc(1, sizeof *e);
        if (!e)
                return NULL;
        e->ctx = *ctx;
        int years = ctx->revenue_last - ctx->revenue_first + 1;
        if (years < 0)
                years = 0;
        if (years > REVENUE_YEARS_MAX) {
                e->ctx.revenue_first = ctx->revenue_last - REVENUE_YEARS_MAX + 1;
                years = REVENUE_YEARS_MAX;
        }
        size_t n = N_OF(head) + N_OF(before_revenue) + (size_t)years + N_OF(after_revenue);
        e->n = n;
        e->cols = calloc(n, sizeof *e->cols);
        e->revenue_labels = calloc((size_t)years + 1, sizeof *e->revenue_labels);
        e->revenue_keys = calloc((size_t)years + 1, sizeof *e->revenue_keys);
        e->cells = calloc(n, sizeof *e->cells);
        e->scratch = calloc(n, sizeof *e->scratch);
        if (!e->cols || !e->revenue_labels || !e->revenue_keys || !e->cells || !e->scratch) {
                export_free(e);
                return NULL;
        }
        size_t k = 0;
        for (size_t i = 0; i < N_OF(head); i++)
                e->cols[k++] = head[i];
        for (size_t i = 0; i < N_OF(before_revenue); i++)
                e->cols[k++] = before_revenue[i];
        for (int i = 0; i < years; i++) {
                int y = e->ctx.revenue_first + i;
                snprintf(e->revenue_labels[i], sizeof e->revenue_labels[i], "%d年业务收入（万元）", y);
                snprintf(e->revenue_keys[i], sizeof e->revenue_keys[i], "unit.revenue.%d", y);
                e->cols[k++] = (struct column){ K_MONEY, e->revenue_keys[i], e->revenue_labels[i], 0 };
        }
        for (size_t i = 0; i < N_OF(after_revenue); i++)
                e->cols[k++] = after_revenue[i];
        return e;
}

void export_free(struct export *e)
{
        if (!e)
                return;
        free(e->cols);
        free(e->revenue_labels);
        free(e->revenue_keys);
        free(e->cells);
        free(e->scratch);
        free(e);
}

size_t export_n_columns(const struct export *e)
{
        return e->n;
}

const char *export_column_label(const struct export *e, size_t i)
{
        return i < e->n ? e->cols[i].label : NULL;
}

/* ---- one row's values ---- */

/* The value at a dotted key, or NULL. */
static json_t *at_key(json_t *form, const char *key)
{
        json_t *v = form;
        while (v && *key) {
                const char *dot = strchr(key, '.');
                size_t len = dot ? (size_t)(dot - key) : strlen(key);
                v = json_is_object(v) ? json_object_getn(v, key, len) : NULL;
                key += len + (dot ? 1 : 0);
        }
        return v;
}

static const char *lookup(const char *code, const struct code_label *t, size_t n)
{
        for (size_t i = 0; code && i < n; i++)
                if (strcmp(t[i].code, code) == 0)
                        return t[i].label;
        return code ? code : "";
}

#define LOOKUP(code, table) lookup(code, table, N_OF(table))

/* A label, or the stored code itself when it has none (so nothing stored is hidden). */
static const char *or_code(const char *label, const char *code)
{
        return *label ? label : code;
}

/* "2023-07-15 10:00:00", Beijing time. */
static const char *beijing(int64_t t, char *buf)
{
        if (t <= 0)
                return "";
        time_format_beijing(t, buf);
        buf[10] = ' ';
        buf[19] = '\0';
        return buf;
}

static const char *region_name(const struct export_context *c, const char *code, char *buf)
{
        const struct region *r = region_find(c->regions, c->n_regions, code);
        if (!r)
                return code;
        const struct region *city = region_city_of(c->regions, c->n_regions, r);
        if (city && city != r)
                snprintf(buf, CELL_SCRATCH, "%s%s", city->name, r->name);
        else
                snprintf(buf, CELL_SCRATCH, "%s", r->name);
        return buf;
}

static const char *department_name(const struct export_context *c, const char *code)
{
        for (size_t i = 0; code && i < c->n_departments; i++)
                if (strcmp(c->departments[i].code, code) == 0)
                        return c->departments[i].name;
        return code;
}

static const char *category_name(const struct export_context *c, int year, const char *code)
{
        for (size_t i = 0; code && i < c->n_campaigns; i++) {
                if (c->campaigns[i].year != year)
                        continue;
                for (size_t j = 0; j < c->campaigns[i].n_categories; j++)
                        if (strcmp(c->campaigns[i].categories[j].code, code) == 0)
                                return c->campaigns[i].categories[j].name;
        }
        return code;
}

static void cell_money(struct cell *cell, json_t *v, char *buf)
{
        int64_t h;
        if (json_is_number(v) && money_from_double(json_number_value(v), &h) == 0) {
                cell->num = h;
                cell->text = money_format(h, buf);
        }
}

static void fill_cells(struct export *e, const struct export_app *a)
{
        for (size_t i = 0; i < e->n; i++) {
                const struct column *col = &e->cols[i];
                struct cell *cell = &e->cells[i];
                char *buf = e->scratch[i];
                *cell = (struct cell){ CELL_TEXT, "", -1 };
                json_t *v = col->key ? at_key(a->form, col->key) : NULL;
                const char *s = json_is_string(v) ? json_string_value(v) : NULL;
                switch (col->kind) {
                case K_ID:
                case K_CAMPAIGN:
                case K_ATTACHMENTS:
                        cell->kind = CELL_INT;
                        cell->num = col->kind == K_ID ? a->id : col->kind == K_CAMPAIGN ? a->campaign : a->n_attachments;
                        snprintf(buf, CELL_SCRATCH, "%lld", (long long)cell->num);
                        cell->text = buf;
                        break;
                case K_STATUS:
                        cell->text = status_label(status_parse(a->status), a->review_level);
                        break;
                case K_SUBMISSION_NO:
                        cell->text = a->submission_no ? a->submission_no : "";
                        break;
                case K_SUBMITTED_AT:
                case K_UPDATED_AT:
                        cell->kind = CELL_TIME;
                        cell->num = col->kind == K_SUBMITTED_AT ? a->submitted_at : a->updated_at;
                        cell->text = beijing(cell->num, buf);
                        if (cell->num <= 0)
                                cell->num = -1;
                        break;
                case K_REVIEW_AUTHORITY:
                        cell->text = a->review_authority ? a->review_authority : "";
                        break;
                case K_TEXT:
                        if (s)
                                cell->text = s;
                        break;
                case K_BOOL:
                        cell->text = json_is_true(v) ? "是" : json_is_false(v) ? "否" : "";
                        break;
                case K_MONEY:
                        cell->kind = CELL_MONEY;
                        cell_money(cell, v, buf);
                        break;
                case K_YEAR:
                        if (json_is_integer(v)) {
                                cell->kind = CELL_INT;
                                cell->num = json_integer_value(v);
                                snprintf(buf, CELL_SCRATCH, "%lld", (long long)cell->num);
                                cell->text = buf;
                        }
                        break;
                case K_REGION:
                        if (s && *s)
                                cell->text = region_name(&e->ctx, s, buf);
                        break;
                case K_DEPARTMENT:
                        if (s && *s)
                                cell->text = department_name(&e->ctx, s);
                        break;
                case K_NATURE:
                        if (s && *s)
                                cell->text = or_code(form_nature_label(s), s);
                        break;
                case K_AFFILIATION:
                        if (s && *s)
                                cell->text = or_code(form_affiliation_label(s), s);
                        break;
                case K_CATEGORY:
                        if (s && *s)
                                cell->text = category_name(&e->ctx, a->campaign, s);
                        break;
                case K_HONOR_LEVEL:
                        if (s && *s)
                                cell->text = or_code(form_honor_level_label(s), s);
                        break;
                case K_FUNDING:
                        cell->text = json_is_object(v) ? "有" : "无";
                        break;
                case K_VARIANT:
                        if (json_is_integer(v)) {
                                snprintf(buf, CELL_SCRATCH, "%lld", (long long)json_integer_value(v));
                                cell->text = LOOKUP(buf, variants);
                        }
                        break;
                case K_ACCEPTED:
                        cell->text = json_is_true(v) ? "已承诺" : "未承诺";
                        break;
                }
        }
}

/* ---- CSV ---- */

int export_csv_field(struct buf *out, const char *s, bool guard)
{
        bool quote = strpbrk(s, ",\"\r\n") != NULL;
        /* a spreadsheet would run "=HYPERLINK(...)" typed into a form field as a formula */
        bool formula = guard && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
        int err = 0;
        if (quote)
                err = buf_append(out, "\"", 1);
        if (!err && formula)
                err = buf_append(out, "'", 1);
        for (const char *p = s; !err && *p;) {
                const char *q = quote ? strchr(p, '"') : NULL;
                size_t n = q ? (size_t)(q - p) + 1 : strlen(p);
                err = buf_append(out, p, n);
                if (!err && q)
                        err = buf_append(out, "\"", 1);     /* "" inside quotes */
                p += n;
        }
        if (!err && quote)
                err = buf_append(out, "\"", 1);
        return err;
}

int export_csv_header(struct export *e, struct buf *out)
{
        int err = buf_append(out, "\xEF\xBB\xBF", 3);
        for (size_t i = 0; !err && i < e->n; i++) {
                if (i)
                        err = buf_append(out, ",", 1);
                if (!err)
                        err = export_csv_field(out, e->cols[i].label, false);
        }
        return err ? err : buf_append(out, "\r\n", 2);
}

int export_csv_row(struct export *e, const struct export_app *a, struct buf *out)
{
        fill_cells(e, a);
        int err = 0;
        for (size_t i = 0; !err && i < e->n; i++) {
                if (i)
                        err = buf_append(out, ",", 1);
                if (!err)
                        err = export_csv_field(out, e->cells[i].text, e->cells[i].kind == CELL_TEXT);
        }
        return err ? err : buf_append(out, "\r\n", 2);
}

/* ---- XLSX ---- */

struct export_xlsx {
        struct export *e;
        lxw_workbook *wb;
        lxw_worksheet *ws;
        lxw_format *f_text, *f_money, *f_int, *f_time;
        lxw_row_t row;
        lxw_error error;
        char *clean;            /* xlsx_clean's scratch */
        size_t clean_size;
};

int export_xlsx_open(struct export *e, const char *path, const char *tmpdir, struct export_xlsx **ret)
{
        struct export_xlsx *x = calloc(1, sizeof *x);
        if (!x)
                return -ENOMEM;
        x->e = e;
        lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = (char *)tmpdir };
        x->wb = workbook_new_opt(path, &opt);
        if (!x->wb) {
                free(x);
                return -EIO;
        }
        x->ws = workbook_add_worksheet(x->wb, "申报列表");
        lxw_format *f_head = workbook_add_format(x->wb);
        format_set_bold(f_head);
        format_set_text_wrap(f_head);
        format_set_align(f_head, LXW_ALIGN_CENTER);
        format_set_align(f_head, LXW_ALIGN_VERTICAL_CENTER);
        format_set_bg_color(f_head, 0xD9D9D9);
        format_set_pattern(f_head, LXW_PATTERN_SOLID);
        format_set_border(f_head, LXW_BORDER_THIN);
        x->f_text = workbook_add_format(x->wb);
        format_set_num_format(x->f_text, "@");
        x->f_money = workbook_add_format(x->wb);
        format_set_num_format(x->f_money, "0.00");
        x->f_int = workbook_add_format(x->wb);
        format_set_num_format(x->f_int, "0");
        x->f_time = workbook_add_format(x->wb);
        format_set_num_format(x->f_time, "yyyy-mm-dd hh:mm:ss");
        for (size_t i = 0; i < e->n; i++) {
                int w = e->cols[i].width ? e->cols[i].width : xlsx_text_width(e->cols[i].label) + 2;
                if (w < 8)
                        w = 8;
                if (w > 24 && !e->cols[i].width)
                        w = 24;
                worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL);
        }
        worksheet_freeze_panes(x->ws, 1, 0);
        worksheet_set_row(x->ws, 0, 33, NULL);
        for (size_t i = 0; !x->error && i < e->n; i++)
                x->error = worksheet_write_string(x->ws, 0, (lxw_col_t)i, e->cols[i].label, f_head);
        x->row = 1;
        if (x->error) {
                int err = xlsx_errno(x->error);
                export_xlsx_close(x);
                return err;
        }
        *ret = x;
        return 0;
}

int export_xlsx_row(struct export_xlsx *x, const struct export_app *a)
{
        if (x->error)
                return xlsx_errno(x->error);
        struct export *e = x->e;
        fill_cells(e, a);
        lxw_error err = LXW_NO_ERROR;
        for (size_t i = 0; !err && i < e->n; i++) {
                const struct cell *c = &e->cells[i];
                lxw_col_t col = (lxw_col_t)i;
                if (c->kind != CELL_TEXT && c->num < 0)
                        continue;       /* empty */
                switch (c->kind) {
                case CELL_TEXT:
                        if (*c->text)
                                err = worksheet_write_string(x->ws, x->row, col, xlsx_clean(c->text, &x->clean, &x->clean_size), x->f_text);
                        break;
                case CELL_MONEY:
                        /* a display value; sums over the sheet are the reader's */
                        err = worksheet_write_number(x->ws, x->row, col, (double)c->num / 100.0, x->f_money);
                        break;
                case CELL_INT:
                        err = worksheet_write_number(x->ws, x->row, col, (double)c->num, x->f_int);
                        break;
                case CELL_TIME: {
                        lxw_datetime dt = xlsx_beijing(c->num);
                        err = worksheet_write_datetime(x->ws, x->row, col, &dt, x->f_time);
                        break;
                }
                }
        }
        x->row++;
        x->error = err;
        return xlsx_errno(err);
}

int export_xlsx_close(struct export_xlsx *x)
{
        if (!x)
                return 0;
        if (!x->error && x->row > 1)
                worksheet_autofilter(x->ws, 0, 0, x->row - 1, (lxw_col_t)(x->e->n - 1));
        lxw_error ce = workbook_close(x->wb);
        int err = xlsx_errno(x->error ? x->error : ce);
        free(x->clean);
        free(x);
        return err;
}
