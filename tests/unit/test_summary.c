/* The 推荐项目汇总表 (附件2) generators and the list export's CSV, checked the way people will meet
 * them: the XLSX opened by LibreOffice (converted to CSV), the PDF read back with poppler's tools.
 * soffice, pdftotext, pdfinfo and pdffonts are required (make deps-test installs them): a missing
 * one fails the test, it is never skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "docs/docs.h"
#include "docs/export.h"
#include "docs/xlsx.h"
#include "util/buf.h"
#include "util/money.h"

#define LARGE_ROWS 2000

/* cairo 1.16 (Debian 12) loses 768 bytes per embedded CFF font per PDF inside
 * cairo_surface_finish (its CFF subsetter): not ours to fix, so the leak checker is told. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
        return "leak:libcairo.so\n";
}

static char dir[64];            /* this run's files */

static const char *natures[] = { "民营企业", "事业单位", "国有企业", "政府机关", "国有控股企业" };
static const char *categories[] = { "数字基础设施类", "数字经济类", "数字治理类", "智慧民生类" };

static struct docs_summary_row small_rows[] = {
        { "数字治理类", "玄武区城市运行“一网统管”平台", "南京智联信息科技有限公司", "民营企业", 120000, "2022-03",
          "2024-02" },
        { "数字经济类", "昆山市工业互联网标识解析二级节点及应用，含企业上云、设备联网、数据采集与分析的全流程服务平台",
          "昆山智造云科技股份有限公司", "国有控股企业", 320050, "2022-01", "2023-12" },
        { "智慧民生类", "省级“互联网+医疗健康”便民服务平台", "江苏省卫生健康委员会信息中心", "事业单位", 7, "2022-06",
          "2024-05" },
};
/* 1200.00 + 3200.50 + 0.07 */
#define SMALL_TOTAL "4400.57"

static struct docs_summary_row *large_rows;
static char (*large_names)[160];
static int64_t large_total;

static char *slurp(const char *path)
{
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        struct buf b = BUF_INIT(0);
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
                assert_int_equal(buf_append(&b, chunk, n), 0);
        fclose(f);
        return buf_detach(&b);
}

/* Runs a shell command; its standard output, or a failed test. */
static char *run(const char *fmt, ...)
{
        char cmd[1024], out[128];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(cmd, sizeof cmd, fmt, ap);
        va_end(ap);
        snprintf(out, sizeof out, "%s/out.txt", dir);
        char full[1200];
        snprintf(full, sizeof full, "%s > %s 2>/dev/null", cmd, out);
        int rc = system(full);
        if (rc != 0)
                fail_msg("command failed (%d): %s", rc, cmd);
        return slurp(out);
}

static int count_of(const char *hay, const char *needle)
{
        int n = 0;
        for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
                n++;
        return n;
}

/* pdftotext keeps or drops the spaces between CJK and digits as the glyph positions suggest:
 * compare without them. */
static void squeeze(char *s)
{
        char *o = s;
        for (char *p = s; *p; p++)
                if (*p != ' ')
                        *o++ = *p;
        *o = '\0';
}

static int to_file(void *closure, const unsigned char *data, size_t n)
{
        return fwrite(data, 1, n, closure) == n ? 0 : -1;
}

static void write_pdf(const struct docs_summary *s, const char *path)
{
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(docs_summary_pdf(s, to_file, f), 0);
        assert_int_equal(fclose(f), 0);
}

/* The CSV LibreOffice makes of an XLSX's sheet, as lines of fields (simple: these cells hold no
 * quotes or commas). */
static char *libreoffice_csv(const char *xlsx)
{
        char *out = run("cd %s && soffice -env:UserInstallation=file://%s/lo --headless "
                        "--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir %s/csv %s",
                        dir, dir, dir, xlsx);
        free(out);
        const char *base = strrchr(xlsx, '/') + 1;
        char path[256];
        snprintf(path, sizeof path, "%s/csv/%.*s.csv", dir, (int)(strlen(base) - 5), base);
        return slurp(path);
}

static int setup(void **state)
{
        (void)state;
        snprintf(dir, sizeof dir, "/tmp/shenbao-summary-XXXXXX");
        if (!mkdtemp(dir))
                return -1;
        large_rows = calloc(LARGE_ROWS, sizeof *large_rows);
        large_names = calloc(LARGE_ROWS, sizeof *large_names);
        for (int i = 0; i < LARGE_ROWS; i++) {
                snprintf(large_names[i], sizeof large_names[i], "第%d号智慧城市项目%s", i + 1,
                         i % 7 == 0 ? "：城市运行管理服务平台建设与数据治理一体化工程" : "");
                /* amounts a double sum would round wrongly: many cents */
                int64_t v = 10001 + (int64_t)i * 3337 % 900000;
                large_rows[i] = (struct docs_summary_row){ categories[i % 4], large_names[i],
                                                           "江苏测试信息科技有限公司", natures[i % 5], v,
                                                           "2022-03", "2024-02" };
                large_total += v;
        }
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        free(large_rows);
        free(large_names);
        /* the font caches pango, cairo and fontconfig keep for the process, released so the leak
         * checker sees only what the generators forgot */
        pango_cairo_font_map_set_default(NULL);
        cairo_debug_reset_static_data();
        FcFini();
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        return system(cmd) == 0 ? 0 : -1;
}

static void test_text_width(void **state)
{
        (void)state;
        assert_int_equal(xlsx_text_width(""), 0);
        assert_int_equal(xlsx_text_width("2022.03~2024.02"), 15);
        assert_int_equal(xlsx_text_width("项目名称"), 8);
        assert_int_equal(xlsx_text_width("“一网统管”（万元）"), 20);
        assert_int_equal(xlsx_text_width(NULL), 0);
}

static void test_summary_xlsx(void **state)
{
        (void)state;
        char small[128], large[128];
        snprintf(small, sizeof small, "%s/small.xlsx", dir);
        snprintf(large, sizeof large, "%s/large.xlsx", dir);
        struct docs_summary s = { 2023, "玄武区信息化主管部门", small_rows, 3 };
        assert_int_equal(docs_summary_xlsx(&s, small), 0);
        struct docs_summary l = { 2023, "江苏省信息化领导小组办公室", large_rows, LARGE_ROWS };
        assert_int_equal(docs_summary_xlsx(&l, large), 0);

        char *csv = libreoffice_csv(small);
        const char *expect[] = {
                "\"2023年智慧江苏重点工程推荐项目汇总表\",,,,,,\n",
                "\"推荐单位：玄武区信息化主管部门（盖章）\",,,,,,\n",
                "\"序号\",\"申报类别\",\"项目名称\",\"申报单位\",\"单位性质\",\"项目总投资\n（万元）\",\"建设起止时间\"\n",
                "1,\"数字治理类\",\"玄武区城市运行“一网统管”平台\",\"南京智联信息科技有限公司\",\"民营企业\",1200.00,"
                "\"2022.03~2024.02\"\n",
                "3,\"智慧民生类\",\"省级“互联网+医疗健康”便民服务平台\",\"江苏省卫生健康委员会信息中心\",\"事业单位\",0.07,"
                "\"2022.06~2024.05\"\n",
                "\"合计\",\"共 3 个项目\",,,,4400.57,\n",
        };
        for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
                if (!strstr(csv, expect[i]))
                        fail_msg("missing %s in:\n%s", expect[i], csv);
        assert_non_null(strstr(csv, "3200.50,\"2022.01~2023.12\""));
        free(csv);

        csv = libreoffice_csv(large);
        assert_int_equal(count_of(csv, "\n"), 3 + LARGE_ROWS + 1 + 1);   /* + the amount header's own line break */
        char total[32], line[96];
        snprintf(line, sizeof line, "\"合计\",\"共 %d 个项目\",,,,%s,\n", LARGE_ROWS, money_format(large_total, total));
        assert_non_null(strstr(csv, line));
        assert_non_null(strstr(csv, "2000,\"智慧民生类\",\"第2000号智慧城市项目\""));
        free(csv);

        /* the print setup: A4 landscape, one page wide, the header row on every page, the footer;
         * the total a formula whose cached value is the exact sum */
        char *sheet = run("python3 -c 'import zipfile,sys; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1])"
                          ".read(\"xl/worksheets/sheet1.xml\"))' %s", large);
        assert_non_null(strstr(sheet, "paperSize=\"9\""));
        assert_non_null(strstr(sheet, "orientation=\"landscape\""));
        assert_non_null(strstr(sheet, "<pageSetUpPr fitToPage=\"1\"/>"));
        assert_null(strstr(sheet, "fitToWidth="));                 /* 1 wide is the default */
        assert_non_null(strstr(sheet, "fitToHeight=\"0\""));
        assert_non_null(strstr(sheet, "<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>"));
        snprintf(line, sizeof line, "<f>SUM(F4:F%d)</f><v>%s</v>", 3 + LARGE_ROWS, total);
        if (!strstr(sheet, line)) {
                /* the cached value is written in the shortest form ("4400.57", "12345.6") */
                char v[32];
                snprintf(v, sizeof v, "%.15g", (double)large_total / 100.0);
                snprintf(line, sizeof line, "<f>SUM(F4:F%d)</f><v>%s</v>", 3 + LARGE_ROWS, v);
                assert_non_null(strstr(sheet, line));
        }
        free(sheet);
        char *book = run("python3 -c 'import zipfile,sys; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1])"
                         ".read(\"xl/workbook.xml\"))' %s", large);
        assert_non_null(strstr(book, "_xlnm.Print_Titles"));
        assert_non_null(strstr(book, "$3:$3"));
        free(book);
}

static void check_pdf(const char *path, int rows, const char *authority, const char *total)
{
        char *info = run("pdfinfo %s", path);
        assert_non_null(strstr(info, "841.89 x 595.28 pts (A4)"));
        const char *p = strstr(info, "Pages:");
        assert_non_null(p);
        int pages = atoi(p + 6);
        assert_true(pages >= 1);
        free(info);

        char *fonts = run("pdffonts %s", path);
        /* every font embedded (a subset), none missing: the "emb" column says yes on each line */
        assert_int_equal(count_of(fonts, " no "), 0);
        assert_true(count_of(fonts, "CID") >= 1);
        free(fonts);

        char *text = run("pdftotext -layout %s -", path);
        squeeze(text);
        assert_int_equal(count_of(text, "建设起止时间"), pages);          /* the header on every page */
        assert_int_equal(count_of(text, "\f"), pages);
        char footer[64];
        for (int i = 1; i <= pages; i++) {
                snprintf(footer, sizeof footer, "第%d页共%d页", i, pages);
                assert_int_equal(count_of(text, footer), 1);
        }
        char line[160];
        snprintf(line, sizeof line, "推荐单位：%s（盖章）", authority);
        assert_int_equal(count_of(text, line), 1);
        assert_int_equal(count_of(text, "2023年智慧江苏重点工程推荐项目汇总表"), 1);
        assert_int_equal(count_of(text, "附件2"), 1);
        snprintf(line, sizeof line, "共%d个项目", rows);
        assert_int_equal(count_of(text, line), 1);
        assert_int_equal(count_of(text, total), 1);
        assert_int_equal(count_of(text, "推荐单位（盖章）"), 1);         /* the seal block, once, at the end */
        assert_int_equal(count_of(text, "年　　月　　日") + count_of(text, "年月日"), 1);
        assert_true(count_of(text, "2022.03~2024.02") >= (rows ? 1 : 0));
        free(text);
}

static void test_summary_pdf(void **state)
{
        (void)state;
        char path[128], total[32];
        snprintf(path, sizeof path, "%s/small.pdf", dir);
        struct docs_summary s = { 2023, "玄武区信息化主管部门", small_rows, 3 };
        write_pdf(&s, path);
        check_pdf(path, 3, "玄武区信息化主管部门", SMALL_TOTAL);
        char *text = run("pdftotext %s -", path);
        /* every row whole, wrapped names included */
        assert_non_null(strstr(text, "玄武区城市运行“一网统管”平台"));
        assert_non_null(strstr(text, "南京智联信息科技有限公司"));
        assert_non_null(strstr(text, "3200.50"));
        assert_non_null(strstr(text, "0.07"));
        free(text);

        snprintf(path, sizeof path, "%s/large.pdf", dir);
        struct docs_summary l = { 2023, "江苏省信息化领导小组办公室", large_rows, LARGE_ROWS };
        write_pdf(&l, path);
        check_pdf(path, LARGE_ROWS, "江苏省信息化领导小组办公室", money_format(large_total, total));
        text = run("pdftotext -layout %s -", path);
        assert_non_null(strstr(text, "第2000号智慧城市项目"));
        free(text);

        /* no projects: still a table, a zero total and the seal block */
        snprintf(path, sizeof path, "%s/empty.pdf", dir);
        struct docs_summary e = { 2023, "泰兴市信息化主管部门", NULL, 0 };
        write_pdf(&e, path);
        check_pdf(path, 0, "泰兴市信息化主管部门", "0.00");
}

/* The export's CSV: BOM, CRLF, RFC 4180 quoting, and formulas defused. */
static void test_export_csv(void **state)
{
        (void)state;
        struct export_context ctx = { .revenue_first = 2020, .revenue_last = 2022 };
        struct export *e = export_new(&ctx);
        assert_non_null(e);
        struct buf b = BUF_INIT(0);
        assert_int_equal(export_csv_header(e, &b), 0);
        assert_memory_equal(b.data, "\xEF\xBB\xBF记录号,", 3 + strlen("记录号,"));
        assert_non_null(strstr(b.data, ",2021年业务收入（万元）,"));
        assert_string_equal(b.data + b.len - 2, "\r\n");
        buf_reset(&b);
        json_t *form = json_pack("{s:{s:s, s:s, s:b}, s:{s:{s:f, s:n}}, s:{s:f}}", "cover", "project_name",
                                 "a,\"b\"\nc", "address", "=HYPERLINK(\"x\")", "joint", 0, "unit", "revenue",
                                 "2021", 4120.8, "2022", "project", "total_investment", 1200.0);
        struct export_app a = { .id = 7, .campaign = 2023, .status = "submitted", .review_level = "county",
                                .submission_no = "ZHJS2023-0007", .submitted_at = 1688954400, .updated_at = 1688954400,
                                .review_authority = "玄武区信息化主管部门", .n_attachments = 5, .form = form };
        assert_int_equal(export_csv_row(e, &a, &b), 0);
        assert_non_null(strstr(b.data, "7,2023,已提交，待县（市、区）审核,ZHJS2023-0007,2023-07-10 10:00:00,"
                                       "玄武区信息化主管部门,5,"));
        assert_non_null(strstr(b.data, ",\"a,\"\"b\"\"\nc\",,\"'=HYPERLINK(\"\"x\"\")\","));
        assert_non_null(strstr(b.data, ",否,"));
        assert_non_null(strstr(b.data, ",,4120.80,,"));       /* 2020 not given, 2022 null */
        assert_non_null(strstr(b.data, ",1200.00,"));
        assert_string_equal(b.data + b.len - 2, "\r\n");
        assert_int_equal(count_of(b.data, "\r\n"), 1);
        json_decref(form);
        buf_free(&b);
        export_free(e);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_text_width),
                cmocka_unit_test(test_export_csv),
                cmocka_unit_test(test_summary_xlsx),
                cmocka_unit_test(test_summary_pdf),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
