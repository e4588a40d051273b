/* Reading XLSX uploads: real files written by libxlsxwriter (shared strings, inline strings, rich
 * text, numbers, booleans, dates, gaps), a hand-made zip of the forms other writers use (inline
 * strings, prefixed namespaces, cells without references, an absolute target), and every way a
 * file is refused: not a zip, corrupt, a zip bomb, too big, too many rows or columns, a DTD. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sheet_files.h"
#include "util/timeutil.h"
#include "util/xlsx_read.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"

#define WORKBOOK                                                                                   \
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"                            \
        "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"                          \
        "<sheet name=\"数据\" sheetId=\"3\" r:id=\"rId7\"/>"                                       \
        "<sheet name=\"说明\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define RELS                                                                                       \
        "<Relationships xmlns=\"" NS_PKG "\">"                                                     \
        "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>" \
        "<Relationship Id=\"rId7\" Type=\"" NS_REL "/worksheet\" Target=\"/xl/worksheets/data.xml\"/>" \
        "</Relationships>"
/* What the first sheet (rId7) is in most tests below. */
#define SHEET_PART "xl/worksheets/data.xml"

static struct sheet *read_ok(const unsigned char *data, size_t n)
{
        struct sheet *s = NULL;
        const char *err = NULL;

        if (xlsx_read(data, n, &s, &err) < 0)
                fail_msg("refused: %s", err);
        assert_non_null(s);
        return s;
}

/* Refused with a message containing `want`; *ret stays as it was. */
static void read_refused(const unsigned char *data, size_t n, const char *want)
{
        struct sheet *s = (struct sheet *) 0x1;
        const char *err = NULL;

        assert_true(xlsx_read(data, n, &s, &err) < 0);
        assert_ptr_equal(s, (struct sheet *) 0x1);
        assert_non_null(err);
        if (want && !strstr(err, want))
                fail_msg("message \"%s\" does not say \"%s\"", err, want);
}

static const struct sheet_row *row(const struct sheet *s, size_t i, uint32_t number)
{
        assert_true(i < s->n_rows);
        assert_int_equal(s->rows[i].number, number);
        return &s->rows[i];
}

static void assert_cell(const struct sheet_row *r, size_t col, const char *want)
{
        const char *got = sheet_cell(r, col);

        if (!want)
                assert_null(got);
        else {
                assert_non_null(got);
                assert_string_equal(got, want);
        }
}

static void test_libxlsxwriter_file(void **state)
{
        char *path = temp_path(".xlsx");
        lxw_workbook *wb = workbook_new(path);
        lxw_worksheet *ws = workbook_add_worksheet(wb, "专家名单");
        lxw_worksheet *second = workbook_add_worksheet(wb, "说明");
        lxw_format *bold = workbook_add_format(wb);
        lxw_format *date = workbook_add_format(wb);
        lxw_datetime march = { 2023, 3, 1, 0, 0, 0 };
        lxw_rich_string_tuple f1 = { .format = NULL, .string = "东南" };
        lxw_rich_string_tuple f2 = { .format = bold, .string = "大学" };
        lxw_rich_string_tuple *rich[] = { &f1, &f2, NULL };
        unsigned char *data;
        struct sheet *s;
        size_t n;

        (void) state;
        format_set_bold(bold);
        format_set_num_format(date, "yyyy-mm");
        worksheet_write_string(ws, 0, 0, "姓名", NULL);
        worksheet_write_string(ws, 0, 1, "工作单位", NULL);
        worksheet_write_string(ws, 0, 3, "手机号", NULL);          /* C1 left empty */
        worksheet_write_string(ws, 1, 0, "张伟", NULL);
        worksheet_write_rich_string(ws, 1, 1, rich, NULL);
        worksheet_write_number(ws, 1, 3, 13912345678.0, NULL);
        worksheet_write_boolean(ws, 1, 4, 1, NULL);
        worksheet_write_datetime(ws, 1, 5, &march, date);
        worksheet_write_formula_num(ws, 1, 6, "=1+1", NULL, 2);
        worksheet_write_blank(ws, 1, 7, bold);                     /* formatted, no value */
        worksheet_write_number(ws, 1, 8, 0.5, NULL);
        worksheet_write_string(ws, 1, 9, "  带空格  ", NULL);
        /* rows 3..9 empty; row 5 only formatted */
        worksheet_write_blank(ws, 4, 0, bold);
        worksheet_write_string(ws, 9, 2, "第十行", NULL);
        worksheet_write_string(ws, 9, 0, "张伟", NULL);            /* a shared string twice */
        worksheet_write_string(second, 0, 0, "不读这一页", NULL);
        assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
        data = slurp_and_remove(path, &n);
        assert_non_null(data);

        s = read_ok(data, n);
        assert_int_equal(s->n_rows, 3);
        assert_cell(row(s, 0, 1), 0, "姓名");
        assert_cell(row(s, 0, 1), 1, "工作单位");
        assert_cell(row(s, 0, 1), 2, NULL);
        assert_cell(row(s, 0, 1), 3, "手机号");
        assert_cell(row(s, 1, 2), 0, "张伟");
        assert_cell(row(s, 1, 2), 1, "东南大学");
        assert_cell(row(s, 1, 2), 3, "13912345678");
        assert_cell(row(s, 1, 2), 4, "TRUE");
        assert_cell(row(s, 1, 2), 5, "44986");                      /* 2023-03-01 */
        assert_cell(row(s, 1, 2), 6, "2");
        assert_cell(row(s, 1, 2), 7, NULL);
        assert_cell(row(s, 1, 2), 8, "0.5");
        assert_cell(row(s, 1, 2), 9, "  带空格  ");
        assert_cell(row(s, 1, 2), 10, NULL);
        assert_cell(row(s, 2, 10), 0, "张伟");
        assert_cell(row(s, 2, 10), 1, NULL);
        assert_cell(row(s, 2, 10), 2, "第十行");
        sheet_free(s);
        free(data);
}

/* libxlsxwriter's constant_memory mode writes inline strings, as streaming writers do. */
static void test_libxlsxwriter_inline_strings(void **state)
{
        const char *cells[] = {
                "姓名", "工作单位", NULL,
                "李娜", NULL, "江苏省数据局",
        };
        size_t n;
        unsigned char *data = xlsx_of_cells(cells, 2, 3, true, &n);
        struct sheet *s;

        (void) state;
        assert_non_null(data);
        assert_non_null(memmem(data, n, "xl/worksheets/sheet1.xml", 24));
        s = read_ok(data, n);
        assert_int_equal(s->n_rows, 2);
        assert_cell(row(s, 0, 1), 1, "工作单位");
        assert_cell(row(s, 1, 2), 0, "李娜");
        assert_cell(row(s, 1, 2), 1, NULL);
        assert_cell(row(s, 1, 2), 2, "江苏省数据局");
        sheet_free(s);
        free(data);
}

/* What other writers do: a prefixed namespace, inline rich text with a phonetic run, cells without
 * a reference (the next column), a formula's cached string, an error value, a row that skips,
 * an empty <row/>, the first sheet not being sheet1.xml and its target absolute. */
static void test_hand_made_zip(void **state)
{
        static const char sheet[] =
                "<x:worksheet xmlns:x=\"" NS_MAIN "\"><x:sheetData>"
                "<x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>姓名</x:t></x:is></x:c>"
                "<x:c r=\"C1\" t=\"inlineStr\"><x:is><x:r><x:t>手机</x:t></x:r>"
                "<x:r><x:rPr><x:b/></x:rPr><x:t xml:space=\"preserve\">号 </x:t></x:r>"
                "<x:rPh sb=\"0\" eb=\"1\"><x:t>シュ</x:t></x:rPh></x:is></x:c></x:row>"
                "<x:row r=\"4\"><x:c t=\"inlineStr\"><x:is><x:t>张&amp;三</x:t></x:is></x:c>"
                "<x:c t=\"n\"><x:v>13912345678</x:v></x:c><x:c t=\"b\"><x:v>0</x:v></x:c>"
                "<x:c t=\"e\"><x:v>#N/A</x:v></x:c>"
                "<x:c t=\"str\"><x:f>A4&amp;\"x\"</x:f><x:v>张&amp;三x</x:v></x:c>"
                "<x:c r=\"H4\" s=\"1\"/></x:row>"
                "<x:row r=\"5\" spans=\"1:3\"/>"
                "<x:row r=\"7\"><x:c r=\"B7\"><x:v>44986</x:v></x:c></x:row>"
                "</x:sheetData></x:worksheet>";
        const char *parts[] = {
                "xl/workbook.xml", WORKBOOK,
                "xl/_rels/workbook.xml.rels", RELS,
                SHEET_PART, sheet,
                "xl/worksheets/sheet1.xml", "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
                        "<row r=\"1\"><c t=\"inlineStr\"><is><t>说明页</t></is></c></row>"
                        "</sheetData></worksheet>",
                NULL,
        };
        size_t n;
        unsigned char *data = zip_of_parts(parts, false, &n);
        struct sheet *s;

        (void) state;
        assert_non_null(data);
        s = read_ok(data, n);
        assert_int_equal(s->n_rows, 3);
        assert_cell(row(s, 0, 1), 0, "姓名");
        assert_cell(row(s, 0, 1), 1, NULL);
        assert_cell(row(s, 0, 1), 2, "手机号 ");
        assert_cell(row(s, 1, 4), 0, "张&三");
        assert_cell(row(s, 1, 4), 1, "13912345678");
        assert_cell(row(s, 1, 4), 2, "FALSE");
        assert_cell(row(s, 1, 4), 3, "#N/A");
        assert_cell(row(s, 1, 4), 4, "张&三x");
        assert_int_equal(row(s, 1, 4)->n_cells, 5);
        assert_cell(row(s, 2, 7), 0, NULL);
        assert_cell(row(s, 2, 7), 1, "44986");
        sheet_free(s);
        free(data);
}

/* Shared strings with rich runs and a phonetic run, and no relationship for them: the usual name. */
static void test_shared_strings(void **state)
{
        const char *parts[] = {
                "xl/workbook.xml", WORKBOOK,
                "xl/_rels/workbook.xml.rels", RELS,
                "xl/sharedStrings.xml",
                "<sst xmlns=\"" NS_MAIN "\" count=\"3\" uniqueCount=\"3\">"
                "<si><t>工作单位</t></si>"
                "<si><r><t>东南</t></r><r><rPr><i/></rPr><t>大学</t></r><rPh><t>トウナン</t></rPh></si>"
                "<si><t/></si></sst>",
                SHEET_PART,
                "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
                "<row r=\"1\"><c r=\"B1\" t=\"s\"><v>0</v></c></row>"
                "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>1</v></c><c r=\"C2\" t=\"s\"><v>2</v></c></row>"
                "</sheetData></worksheet>",
                NULL,
        };
        size_t n;
        unsigned char *data = zip_of_parts(parts, false, &n);
        struct sheet *s;

        (void) state;
        s = read_ok(data, n);
        assert_int_equal(s->n_rows, 2);
        assert_cell(row(s, 0, 1), 1, "工作单位");
        assert_cell(row(s, 1, 2), 1, "东南大学");
        assert_cell(row(s, 1, 2), 2, NULL);             /* the empty string is an empty cell */
        sheet_free(s);
        free(data);
}

static unsigned char *sheet_zip(const char *sheet_xml, bool store, size_t *n)
{
        const char *parts[] = {
                "xl/workbook.xml", WORKBOOK,
                "xl/_rels/workbook.xml.rels", RELS,
                SHEET_PART, sheet_xml,
                NULL,
        };

        return zip_of_parts(parts, store, n);
}

static void refused_sheet(const char *sheet_xml, const char *want)
{
        size_t n;
        unsigned char *data = sheet_zip(sheet_xml, false, &n);

        assert_non_null(data);
        read_refused(data, n, want);
        free(data);
}

static void test_not_a_zip(void **state)
{
        (void) state;
        read_refused((const unsigned char *) "姓名,手机号\n", strlen("姓名,手机号\n"), "不是有效的 XLSX");
        read_refused((const unsigned char *) "", 0, "不是有效的 XLSX");
        read_refused((const unsigned char *) "PK\x03\x04garbage", 11, "不是有效的 XLSX");
}

static void test_corrupt(void **state)
{
        const char *cells[] = { "姓名", "手机号", "张伟", "13912345678" };
        size_t n;
        unsigned char *data = xlsx_of_cells(cells, 2, 2, false, &n);

        (void) state;
        /* cut in half: no central directory */
        read_refused(data, n / 2, "XLSX");
        /* every byte of the middle third flipped in turn would be slow; flip a run of them */
        for (size_t i = n / 3; i < n / 3 + 64; i++)
                data[i] ^= 0x5A;
        read_refused(data, n, NULL);
        free(data);

        /* no workbook */
        {
                const char *parts[] = { "xl/worksheets/sheet1.xml", "<worksheet/>", NULL };

                data = zip_of_parts(parts, false, &n);
                read_refused(data, n, "xl/workbook.xml");
                free(data);
        }
        /* a workbook without sheets */
        {
                const char *parts[] = { "xl/workbook.xml", "<workbook><sheets/></workbook>", NULL };

                data = zip_of_parts(parts, false, &n);
                read_refused(data, n, "工作表");
                free(data);
        }
        /* broken XML, a shared string that is not there, rows going back, a bad reference */
        refused_sheet("<worksheet><sheetData><row r=\"1\"><c><v>1</v></row>", "XML");
        refused_sheet("<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c></row>"
                      "</sheetData></worksheet>", "已损坏");
        refused_sheet("<worksheet><sheetData><row r=\"2\"><c><v>1</v></c></row>"
                      "<row r=\"2\"><c><v>1</v></c></row></sheetData></worksheet>", "已损坏");
        refused_sheet("<worksheet><sheetData><row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"
                      "</sheetData></worksheet>", "已损坏");
        refused_sheet("<worksheet><sheetData><row r=\"1048577\"><c><v>1</v></c></row>"
                      "</sheetData></worksheet>", "已损坏");
}

static void test_dtd_refused(void **state)
{
        (void) state;
        refused_sheet("<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                      "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&b;</t></is></c>"
                      "</row></sheetData></worksheet>", "DTD");
}

/* A sheet part of `size` bytes: valid XML whose bulk is white space between elements. */
static char *big_sheet(size_t size)
{
        static const char head[] = "<worksheet><sheetData>", tail[] = "</sheetData></worksheet>";
        char *s = malloc(size + 1);

        memset(s, ' ', size);
        memcpy(s, head, sizeof head - 1);
        memcpy(s + size - (sizeof tail - 1), tail, sizeof tail - 1);
        s[size] = '\0';
        return s;
}

static void test_zip_bomb(void **state)
{
        char *xml = big_sheet(10u << 20);       /* 10 MB of spaces pack to about 10 KB */
        size_t n;
        unsigned char *data = sheet_zip(xml, false, &n);

        (void) state;
        assert_true(n < 100000);
        read_refused(data, n, "压缩炸弹");

        /* the same with the directory lying about the unpacked size (100 bytes): refused while
         * reading, whatever the header says */
        for (size_t i = 0; i + 46 < n; i++) {
                bool central = memcmp(data + i, "PK\x01\x02", 4) == 0;
                bool local = memcmp(data + i, "PK\x03\x04", 4) == 0;
                size_t name_at = i + (central ? 46 : 30);
                size_t len_at = i + (central ? 28 : 26), size_at = i + (central ? 24 : 22);
                size_t name_len;

                if (!central && !local)
                        continue;
                name_len = data[len_at] | (size_t) data[len_at + 1] << 8;
                if (name_len == strlen(SHEET_PART) && name_at + name_len <= n &&
                    memcmp(data + name_at, SHEET_PART, name_len) == 0) {
                        data[size_at] = 100;
                        data[size_at + 1] = data[size_at + 2] = data[size_at + 3] = 0;
                }
        }
        read_refused(data, n, "压缩炸弹");
        free(data);
        free(xml);
}

static void test_too_big(void **state)
{
        /* stored, not packed: no bomb, only too big */
        char *xml = big_sheet(SHEET_MAX_BYTES + 1);
        size_t n;
        unsigned char *data = sheet_zip(xml, true, &n);

        (void) state;
        assert_true(n > SHEET_MAX_BYTES);
        read_refused(data, n, "16 MB");
        free(data);
        free(xml);

        /* just under the limit with the small parts: read */
        xml = big_sheet(SHEET_MAX_BYTES - 4096);
        data = sheet_zip(xml, true, &n);
        {
                struct sheet *s = read_ok(data, n);

                assert_int_equal(s->n_rows, 0);
                sheet_free(s);
        }
        free(data);
        free(xml);
}

static unsigned char *rows_xlsx(size_t rows, size_t *n)
{
        char *path = temp_path(".xlsx");
        lxw_workbook_options opt = { .constant_memory = true };
        lxw_workbook *wb = workbook_new_opt(path, &opt);
        lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);

        for (size_t r = 0; r < rows; r++)
                worksheet_write_number(ws, (lxw_row_t) r, 0, (double) r, NULL);
        assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
        return slurp_and_remove(path, n);
}

static void test_row_limit(void **state)
{
        size_t n;
        unsigned char *data = rows_xlsx(SHEET_MAX_ROWS, &n);
        struct sheet *s = read_ok(data, n);

        (void) state;
        assert_int_equal(s->n_rows, SHEET_MAX_ROWS);
        assert_int_equal(s->rows[SHEET_MAX_ROWS - 1].number, SHEET_MAX_ROWS);
        sheet_free(s);
        free(data);

        data = rows_xlsx(SHEET_MAX_ROWS + 1, &n);
        read_refused(data, n, "5000 行");
        free(data);

        /* empty rows do not count, and a row far down is just a row */
        data = sheet_zip("<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"
                         "<row r=\"2\"/><row r=\"1048576\"><c r=\"A1048576\"><v>2</v></c></row>"
                         "</sheetData></worksheet>", false, &n);
        s = read_ok(data, n);
        assert_int_equal(s->n_rows, 2);
        assert_cell(row(s, 1, 1048576), 0, "2");
        sheet_free(s);
        free(data);
}

static void test_column_limit(void **state)
{
        size_t n;
        unsigned char *data;
        struct sheet *s;
        char col[8];

        (void) state;
        assert_string_equal(sheet_column_name(0, col), "A");
        assert_string_equal(sheet_column_name(25, col), "Z");
        assert_string_equal(sheet_column_name(26, col), "AA");
        assert_string_equal(sheet_column_name(SHEET_MAX_COLUMNS - 1, col), "CV");
        assert_string_equal(sheet_column_name(16383, col), "XFD");

        data = sheet_zip("<worksheet><sheetData><row r=\"1\"><c r=\"CV1\"><v>1</v></c>"
                         "<c r=\"XFD1\"/></row></sheetData></worksheet>", false, &n);
        s = read_ok(data, n);
        assert_int_equal(s->rows[0].n_cells, SHEET_MAX_COLUMNS);
        assert_cell(&s->rows[0], SHEET_MAX_COLUMNS - 1, "1");
        sheet_free(s);
        free(data);
        refused_sheet("<worksheet><sheetData><row r=\"1\"><c r=\"CW1\"><v>1</v></c></row>"
                      "</sheetData></worksheet>", "100 列");
        refused_sheet("<worksheet><sheetData><row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"
                      "</sheetData></worksheet>", "已损坏");
}

static void test_serial_days(void **state)
{
        int32_t d;
        char buf[32];

        (void) state;
        assert_int_equal(xlsx_serial_days(1, &d), 0);
        assert_string_equal(date_format(d, buf), "1900-01-01");
        assert_int_equal(xlsx_serial_days(59, &d), 0);
        assert_string_equal(date_format(d, buf), "1900-02-28");
        assert_true(xlsx_serial_days(60, &d) < 0);      /* Lotus's 1900-02-29 */
        assert_int_equal(xlsx_serial_days(61, &d), 0);
        assert_string_equal(date_format(d, buf), "1900-03-01");
        assert_int_equal(xlsx_serial_days(25569, &d), 0);
        assert_int_equal(d, 0);
        assert_int_equal(xlsx_serial_days(44986, &d), 0);
        assert_string_equal(date_format(d, buf), "2023-03-01");
        assert_int_equal(xlsx_serial_days(2958465, &d), 0);
        assert_string_equal(date_format(d, buf), "9999-12-31");
        assert_true(xlsx_serial_days(0, &d) < 0);
        assert_true(xlsx_serial_days(-1, &d) < 0);
        assert_true(xlsx_serial_days(2958466, &d) < 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_libxlsxwriter_file),
                cmocka_unit_test(test_libxlsxwriter_inline_strings),
                cmocka_unit_test(test_hand_made_zip),
                cmocka_unit_test(test_shared_strings),
                cmocka_unit_test(test_not_a_zip),
                cmocka_unit_test(test_corrupt),
                cmocka_unit_test(test_dtd_refused),
                cmocka_unit_test(test_zip_bomb),
                cmocka_unit_test(test_too_big),
                cmocka_unit_test(test_row_limit),
                cmocka_unit_test(test_column_limit),
                cmocka_unit_test(test_serial_days),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
