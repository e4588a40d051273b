/* The 专家导入模板: the file the province's office fills with its expert pool and uploads to
 * POST /api/v1/experts/import — the columns the import reads, in its order, and how to fill them
 * (the call's categories, the former units' format, all rows or none). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "docs/docs.h"
#include "docs/export.h"
#include "docs/xlsx.h"
#include "domain/expert.h"
#include "util/buf.h"

/* the import's columns, in its order (domain/expert.h): what it reads is what the template asks */
#define N_COLUMNS EXPERT_COLUMNS
#define COL_SPECIALTIES 4

/* What 填写说明 says of each column, in the same order. Whether a column is required is the
 * import's rule (domain/expert.h): keep these words in step with it. */
static const struct {
        const char *required;
        const char *how;
        const char *example;
} guide[N_COLUMNS] = {
        { "必填", "专家本人姓名。", "王建国" },
        { "必填", "现工作单位全称，与营业执照或法人证书一致。", "东南大学" },
        { "选填（建议填写）", "现工作单位的18位统一社会信用代码，用于回避核查（本单位申报的项目不分配给该专家）；不填时按单位名称核查。",
          "12100000466006770Q" },
        { "选填", "如：教授、研究员、正高级工程师、高级工程师。", "正高级工程师" },
        { "必填", "能评审的申报类别，填类别名称（见下方“可填的专业领域”，可在单元格下拉选择）；多个用中文顿号“、”分隔。",
          "数字治理类、智慧民生类" },
        { "必填", "6位行政区划代码，或设区市、县（市、区）名称。", "320102 或 南京市玄武区" },
        { "必填", "11位手机号码。", "13912345678" },
        { "选填",
          "近年曾任职的单位，每个写成“单位名称|统一社会信用代码|离职年月”，离职年月写作YYYY-MM；多个用中文分号“；”分隔。"
          "离职不超过回避年限的单位，其申报项目不分配给该专家。",
          "南京智联信息科技有限公司|91320102MA1Y7C2D4T|2021-06；江苏省信息中心|12320000466000012B|2019-12" },
        { "选填", "为专家开通登录账号时填写：3～32位，以英文字母开头，可含英文字母、数字、下划线、点和连字符；与初始密码同时填写或同时不填。",
          "wangjianguo" },
        { "选填", "至少8位，含大写字母、小写字母、数字、其他符号中的至少三类，且不能与用户名相同；专家首次登录后应修改。",
          "Jsxx@2023" },
};

#define DATA_ROWS 5000                  /* rows the text format and the dropdown cover */

int docs_expert_template_csv(docs_write_fn write, void *closure)
{
        struct buf b = BUF_INIT(0);
        /* the BOM: Excel and WPS then read UTF-8, not the local code page */
        int err = buf_append(&b, "\xEF\xBB\xBF", 3);

        for (size_t i = 0; !err && i < N_COLUMNS; i++) {
                if (i)
                        err = buf_append(&b, ",", 1);
                if (!err)
                        err = export_csv_field(&b, expert_columns[i].header, false);
        }
        if (!err)
                err = buf_append(&b, "\r\n", 2);
        if (!err && write(closure, (const unsigned char *)b.data, b.len) < 0)
                err = -EIO;
        buf_free(&b);
        return err;
}

/* Under 专业领域: a dropdown of the call's categories. Several are allowed ("、"), so a value
 * not in the list is questioned (an information box), not refused. */
static lxw_error specialties_dropdown(lxw_worksheet *ws, const struct campaign *c, lxw_row_t list_first)
{
        char *list[CAMPAIGN_CATEGORIES_MAX + 1] = { 0 };
        size_t chars = 0;
        for (size_t i = 0; i < c->n_categories; i++) {
                list[i] = (char *)c->categories[i].name;
                for (const char *p = list[i]; *p; p++)
                        chars += ((unsigned char)*p & 0xC0) != 0x80;
                chars += 1;
        }
        char formula[96];
        lxw_data_validation v = {
                .validate = LXW_VALIDATION_TYPE_LIST,
                .ignore_blank = LXW_VALIDATION_ON,
                .show_input = LXW_VALIDATION_ON,
                .show_error = LXW_VALIDATION_ON,
                .error_type = LXW_VALIDATION_ERROR_TYPE_INFORMATION,
                .dropdown = LXW_VALIDATION_ON,
                .input_title = "专业领域",
                .input_message = "从下拉列表选择一个类别；多个类别用“、”分隔直接输入。",
                .error_title = "专业领域",
                .error_message = "多个类别请用“、”分隔，每个都应是“填写说明”中列出的类别名称。",
        };
        /* Excel keeps at most 255 characters of a literal list: beyond, the list on 填写说明 */
        if (chars <= 255) {
                v.value_list = list;
        } else {
                snprintf(formula, sizeof formula, "='填写说明'!$A$%u:$A$%u", (unsigned)list_first + 1,
                         (unsigned)(list_first + c->n_categories));
                v.value_formula = formula;
        }
        return worksheet_data_validation_range(ws, 1, COL_SPECIALTIES, DATA_ROWS, COL_SPECIALTIES, &v);
}

/* 填写说明: what the import does with the file, then each column, then the categories. Returns the
 * error, and in *list_first the row of the first category. */
static lxw_error instructions(struct xlsx_book *b, lxw_worksheet *ws, const struct campaign *c,
                              lxw_row_t *list_first)
{
        const struct xlsx_look *f = &b->look;
        char years[512];
        int conflict_years = c->has_evaluation ? c->evaluation.conflict_years : 0;
        if (conflict_years > 0)
                snprintf(years, sizeof years,
                         "4. 回避：专家的现工作单位、离职不超过%d年的曾任职单位申报（含作为合作单位）的项目，不分配给该专家评审。",
                         conflict_years);
        else
                snprintf(years, sizeof years, "4. 回避：专家的现工作单位、曾任职单位申报（含作为合作单位）的项目，不分配给该专家评审。");
        const char *notes[] = {
                "1. 在“专家”工作表中从第2行起每行填写一位专家；不要改动第1行的表头，也不要增删、调换列。"
                "也可以填写同样表头的CSV文件（UTF-8编码）导入。",
                "2. 整批导入：任何一行有误，整个文件都不导入，系统会列出出错的行号和列名；改正后重新导入整个文件。",
                "3. “专家”工作表的单元格已设为文本格式，统一社会信用代码、手机号、行政区划代码请原样填写，"
                "不要改为数字格式（否则开头的0和长数字会被改写）。",
                years,
        };
        static const char *const heads[] = { "列名", "是否必填", "填写要求", "示例" };
        static const int widths[] = { 44, 10, 60, 44 };
        lxw_error e = LXW_NO_ERROR;
        lxw_row_t row = 0;
        int total = 0;

        for (lxw_col_t col = 0; col < 4; col++) {
                worksheet_set_column(ws, col, col, widths[col], NULL);
                total += widths[col];
        }
        worksheet_set_landscape(ws);
        worksheet_set_paper(ws, 9);     /* A4 */
        worksheet_fit_to_pages(ws, 1, 0);
        worksheet_set_row(ws, row, 36, NULL);
        e = worksheet_merge_range(ws, row, 0, row, 3, "专家导入模板填写说明", f->title);
        row++;
        for (size_t i = 0; !e && i < sizeof notes / sizeof notes[0]; i++, row++) {
                /* 12 pt text over the merged columns */
                worksheet_set_row(ws, row, xlsx_lines_in(notes[i], total * 11 / 12) * 16.0 + 8, NULL);
                e = worksheet_merge_range(ws, row, 0, row, 3, notes[i], f->subtitle);
        }
        row++;
        worksheet_set_row(ws, row, XLSX_LINE_HEIGHT + 10, NULL);
        for (lxw_col_t col = 0; !e && col < 4; col++)
                e = worksheet_write_string(ws, row, col, heads[col], f->header);
        row++;
        for (size_t i = 0; !e && i < N_COLUMNS; i++, row++) {
                int l = xlsx_lines_in(expert_columns[i].header, widths[0]), lh = xlsx_lines_in(guide[i].how, widths[2]),
                    le = xlsx_lines_in(guide[i].example, widths[3]);
                l = lh > l ? lh : l;
                l = le > l ? le : l;
                worksheet_set_row(ws, row, l * XLSX_LINE_HEIGHT + 6, NULL);
                e = worksheet_write_string(ws, row, 0, expert_columns[i].header, f->left);
                if (!e)
                        e = worksheet_write_string(ws, row, 1, guide[i].required, f->center);
                if (!e)
                        e = worksheet_write_string(ws, row, 2, guide[i].how, f->left);
                if (!e)
                        e = worksheet_write_string(ws, row, 3, guide[i].example, f->left);
        }
        row++;
        worksheet_set_row(ws, row, XLSX_LINE_HEIGHT + 10, NULL);
        if (!e)
                e = worksheet_write_string(ws, row, 0, "可填的专业领域（申报类别）", f->header);
        row++;
        *list_first = row;
        for (size_t i = 0; !e && i < c->n_categories; i++, row++)
                e = xlsx_write_text(b, ws, row, 0, c->categories[i].name, f->left);
        return e;
}

int docs_expert_template_xlsx(const struct campaign *c, const char *path)
{
        struct xlsx_book book;
        int err = xlsx_book_open(&book, path, "专家导入模板", "评审专家批量导入");
        if (err)
                return err;
        lxw_worksheet *data = workbook_add_worksheet(book.wb, "专家");
        lxw_worksheet *help = workbook_add_worksheet(book.wb, "填写说明");

        /* every cell text: a credit code or a phone number typed in stays as typed */
        lxw_format *as_text = workbook_add_format(book.wb);
        format_set_num_format(as_text, "@");
        /* most headers on one line; the former units' on two (their values are long anyway) */
        static const int widths[N_COLUMNS] = { 10, 30, 22, 14, 42, 32, 14, 50, 14, 14 };
        int lines = 1;
        for (size_t i = 0; i < N_COLUMNS; i++) {
                worksheet_set_column(data, (lxw_col_t)i, (lxw_col_t)i, widths[i], as_text);
                int l = xlsx_lines_in(expert_columns[i].header, widths[i]);
                lines = l > lines ? l : lines;
        }
        worksheet_freeze_panes(data, 1, 0);
        worksheet_set_landscape(data);
        worksheet_set_paper(data, 9);
        worksheet_fit_to_pages(data, 1, 0);
        worksheet_set_row(data, 0, lines * XLSX_LINE_HEIGHT + 6, NULL);
        lxw_error e = LXW_NO_ERROR;
        for (size_t i = 0; !e && i < N_COLUMNS; i++)
                e = worksheet_write_string(data, 0, (lxw_col_t)i, expert_columns[i].header, book.look.header);

        lxw_row_t list_first = 0;
        if (!e)
                e = instructions(&book, help, c, &list_first);
        if (!e && c->n_categories)
                e = specialties_dropdown(data, c, list_first);
        worksheet_activate(data);
        return xlsx_book_close(&book, e);
}
