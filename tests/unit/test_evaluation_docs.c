/* The expert review's documents read back the way people meet them: the 专家评分表 through
 * poppler (pdftotext, pdfinfo), the 评审结果 and the import template through LibreOffice (each
 * sheet converted to CSV), the CSV template byte by byte. Inputs are realistic: the real 2023 call
 * (data/campaigns/2023.json) with its rubric. soffice, pdftotext and pdfinfo are required (make
 * deps-test installs them): a missing one fails the test, it is never skipped.
 * SHENBAO_KEEP_DOCS=1 keeps the generated files (their directory is printed) to look at. */
#include <errno.h>
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
#include <jansson.h>
#include <pango/pangocairo.h>

#include "docs/docs.h"
#include "domain/campaign.h"
#include "util/buf.h"

/* cairo 1.16 (Debian 12) loses 768 bytes per embedded CFF font per PDF inside
 * cairo_surface_finish (its CFF subsetter): not ours to fix, so the leak checker is told. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
        return "leak:libcairo.so\n";
}

static char dir[64];            /* this run's files */
static struct campaign call;    /* the 2023 call, as parsed from its data file */

static char *slurp(const char *path)
{
        FILE *f = fopen(path, "rb");
        if (!f)
                fail_msg("cannot read %s", path);
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

/* pdftotext keeps or drops the spaces between CJK and digits as the glyph positions suggest, and
 * breaks lines where the layout does: compare without spaces (and, where said, line breaks). */
static void squeeze(char *s, bool newlines)
{
        char *o = s;
        for (char *p = s; *p; p++)
                if (*p != ' ' && !(newlines && *p == '\n'))
                        *o++ = *p;
        *o = '\0';
}

#define HAS(text, s)                                                                          \
        do {                                                                                  \
                if (!strstr((text), (s)))                                                     \
                        fail_msg("missing \"%s\" in:\n%s", (s), (text));                      \
        } while (0)
#define HASNT(text, s)                                                                        \
        do {                                                                                  \
                if (strstr((text), (s)))                                                      \
                        fail_msg("unexpected \"%s\" in:\n%s", (s), (text));                   \
        } while (0)

/* Removes every occurrence of what from s (a value that would match a check too widely). */
static void cut(char *s, const char *what)
{
        size_t n = strlen(what);
        for (char *p; (p = strstr(s, what));)
                memmove(p, p + n, strlen(p + n) + 1);
}

static int to_file(void *closure, const unsigned char *data, size_t n)
{
        return fwrite(data, 1, n, closure) == n ? 0 : -1;
}

static int pages_of(const char *pdf)
{
        char *info = run("pdfinfo %s", pdf);
        HAS(info, "595.28 x 841.89 pts (A4)");
        const char *p = strstr(info, "Pages:");
        assert_non_null(p);
        int pages = atoi(p + 6);
        free(info);
        return pages;
}

/* ---- the 专家评分表 -------------------------------------------------------------------------- */

/* A comment of about n characters made of numbered pieces ("（7）…；"), each shorter than a line,
 * so that a lost line loses a number; it ends with "意见完". */
static char *numbered_comment(int n, int *ret_pieces)
{
        static const char *const says[] = {
                "契合数字中国建设目标", "应用场景清晰", "国产化软硬件占比较高", "安全防护措施基本到位",
                "建议量化经济社会效益", "补充第三方测评材料",
        };
        struct buf b = BUF_INIT(0);
        int k = 0, chars = 0;
        while (chars < n - 3) {
                char piece[128];
                k++;
                int len = snprintf(piece, sizeof piece, "（%d）%s；", k, says[k % 6]);
                assert_int_equal(buf_append(&b, piece, (size_t)len), 0);
                chars += (int)g_utf8_strlen(piece, -1);
        }
        assert_int_equal(buf_puts(&b, "意见完"), 0);
        *ret_pieces = k;
        return buf_detach(&b);
}

static int64_t sheet_scores[4] = { 2650, 2100, 1980, 1725 };   /* 84.55 */

static struct docs_score_sheet filled_sheet(const char *comment)
{
        return (struct docs_score_sheet){
                .campaign = &call,
                .submission_no = "ZHJS2023-0001",
                .project_name = "玄武区城市运行“一网统管”平台建设项目（一期）",
                .unit_name = "南京智联信息科技有限公司",
                .category = "governance",
                .total_investment = 120000,
                .expert_name = "王建国",
                .scores = sheet_scores,
                .comment = comment,
                .state = "submitted",
                .state_at = 1695175200,         /* 2023-09-20 10:00:00 Beijing */
        };
}

static void write_sheet(const struct docs_score_sheet *s, const char *name, char *path, size_t size)
{
        snprintf(path, size, "%s/%s.pdf", dir, name);
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(docs_score_sheet_pdf(s, to_file, f), 0);
        assert_int_equal(fclose(f), 0);
}

/* What every sheet shows: the title, the project, the rubric with its grades and maxima, the
 * declaration and the signature; squeezed text. */
static void check_sheet_common(const char *t)
{
        HAS(t, "2023年智慧江苏重点工程专家评分表");
        HAS(t, "申报编号");
        HAS(t, "ZHJS2023-0001");
        HAS(t, "玄武区城市运行“一网统管”平台建设项目（一期）");
        HAS(t, "南京智联信息科技有限公司");
        HAS(t, "数字治理类");
        HAS(t, "1,200.00万元");
        HAS(t, "评分指标");
        HAS(t, "评分要点");
        HAS(t, "评分档次");
        HAS(t, "满分");
        HAS(t, "得分");
        HAS(t, "契合度与效益");
        /* every criterion's grades, from the call's file */
        HAS(t, "优26–30");
        HAS(t, "良21–25.99");
        HAS(t, "中18–20.99");
        HAS(t, "差0–17.99");
        HAS(t, "优17–20");
        HAS(t, "差0–11.99");
        HAS(t, "充分体现，优势突出");
        HAS(t, "合计");
        HAS(t, "评审意见");
        HAS(t, "回避声明：本人与该项目申报单位及合作单位无利害关系，如有应主动申明回避。");
        HAS(t, "专家签名：");
        HAS(t, "日期：");
        assert_int_equal(count_of(t, "专家签名："), 1);
}

static void test_score_sheet_filled(void **state)
{
        (void)state;
        char path[128];
        struct docs_score_sheet s = filled_sheet("项目定位清晰，建议补充数据安全防护方案，量化经济社会效益指标。");
        write_sheet(&s, "sheet-filled", path, sizeof path);
        assert_int_equal(pages_of(path), 1);
        char *t = run("pdftotext -layout %s -", path);
        squeeze(t, false);
        check_sheet_common(t);
        HAS(t, "26.50");
        HAS(t, "21.00");
        HAS(t, "19.80");
        HAS(t, "17.25");
        HAS(t, "84.55");                                /* the sum of the four */
        HAS(t, "评审专家");
        HAS(t, "王建国");
        HAS(t, "已提交");
        HAS(t, "2023年9月20日10:00:00");
        HAS(t, "第1页共1页");
        free(t);

        /* the comment whole, in reading order (it wraps beside its label); no draft mark */
        t = run("pdftotext -raw %s -", path);
        squeeze(t, true);
        HASNT(t, "草");
        HAS(t, "项目定位清晰，建议补充数据安全防护方案，量化经济社会效益指标。");
        free(t);

        /* the state is in the top corner, above the title */
        t = run("pdftotext -layout %s -", path);
        const char *corner = strstr(t, "已提交"), *title = strstr(t, "2023年智慧江苏重点工程专家评分表");
        assert_non_null(corner);
        assert_non_null(title);
        assert_true(corner < title);
        free(t);
}

static void test_score_sheet_blank(void **state)
{
        (void)state;
        char path[128];
        struct docs_score_sheet s = filled_sheet(NULL);
        s.scores = NULL;
        s.expert_name = NULL;
        s.state = NULL;
        s.state_at = 0;
        write_sheet(&s, "sheet-blank", path, sizeof path);
        assert_int_equal(pages_of(path), 1);
        char *t = run("pdftotext -layout %s -", path);
        squeeze(t, false);
        check_sheet_common(t);
        HAS(t, "100");                                  /* the maxima's sum */
        /* nothing filled in: no name, no state, no points */
        HASNT(t, "王建国");
        HASNT(t, "评审专家");
        HASNT(t, "已提交");
        HASNT(t, "草稿");
        HASNT(t, "26.50");
        HASNT(t, "84.55");
        cut(t, "1,200.00万元");
        HASNT(t, ".00");                                /* no points anywhere */
        free(t);

        /* the room to write the comment in takes what the page leaves: the signature sits low */
        t = run("pdftotext -bbox %s -", path);
        const char *sig = strstr(t, ">专家签名：<");
        assert_non_null(sig);
        const char *y = sig;
        while (y > t && strncmp(y, "yMin=\"", 6) != 0)
                y--;
        assert_true(atof(y + 6) > 700);                 /* of 841.89; the content ends at 771 */
        free(t);
}

/* A draft with a criterion not scored yet: that cell and the total stay empty, never 0. */
static void test_score_sheet_draft(void **state)
{
        (void)state;
        char path[128];
        int64_t partial[4] = { 2650, DOCS_NO_SCORE, 1980, 1725 };
        struct docs_score_sheet s = filled_sheet("初步意见：待补充材料后再评。");
        s.scores = partial;
        s.state = "draft";
        s.state_at = 1695002400;                        /* 2023-09-18 10:00:00 */
        write_sheet(&s, "sheet-draft", path, sizeof path);
        assert_int_equal(pages_of(path), 1);
        char *t = run("pdftotext -layout %s -", path);
        squeeze(t, false);
        check_sheet_common(t);
        HAS(t, "草稿保存于2023年9月18日10:00:00");
        HASNT(t, "已提交");
        HAS(t, "26.50");
        HAS(t, "19.80");
        HAS(t, "17.25");
        HASNT(t, "21.00");
        cut(t, "1,200.00万元");
        HASNT(t, "0.00");
        HASNT(t, "63.55");                              /* a part of the total is not a total */
        free(t);
        /* the watermark, drawn diagonally, reads as a 草 and a 稿 besides the corner's */
        t = run("pdftotext -raw %s -", path);
        assert_true(count_of(t, "草") >= 2 && count_of(t, "稿") >= 2);
        free(t);
}

/* Every numbered piece of the comment is somewhere in the text, and its end. */
static void check_comment_whole(const char *pdf, int pieces)
{
        char *t = run("pdftotext -raw %s -", pdf);
        squeeze(t, true);
        for (int k = 1; k <= pieces; k++) {
                char piece[32];
                snprintf(piece, sizeof piece, "（%d）", k);
                if (!strstr(t, piece))
                        fail_msg("comment piece %d lost in %s", k, pdf);
        }
        HAS(t, "意见完");
        free(t);
}

static void test_score_sheet_long_comment(void **state)
{
        (void)state;
        char path[128];
        int pieces;

        /* a long comment still keeps the sheet on one page (the type a little smaller) */
        char *comment = numbered_comment(550, &pieces);
        struct docs_score_sheet s = filled_sheet(comment);
        write_sheet(&s, "sheet-550", path, sizeof path);
        assert_int_equal(pages_of(path), 1);
        check_comment_whole(path, pieces);
        free(comment);

        /* the longest a comment may be: it continues on a second page, the signature after it */
        comment = numbered_comment(2000, &pieces);
        s = filled_sheet(comment);
        write_sheet(&s, "sheet-2000", path, sizeof path);
        assert_int_equal(pages_of(path), 2);
        check_comment_whole(path, pieces);
        char *t = run("pdftotext -layout %s -", path);
        squeeze(t, false);
        check_sheet_common(t);
        HAS(t, "（续）");                               /* under 评审意见, on its own line */
        HAS(t, "第1页共2页");
        HAS(t, "第2页共2页");
        /* the signature on the last page, below the comment's end; the state on both pages */
        char *page2 = strchr(t, '\f');
        assert_non_null(page2);
        assert_true(strstr(t, "第1页共2页") < page2);
        *page2 = '\0';
        HASNT(t, "专家签名：");
        *page2 = '\f';
        HAS(page2, "专家签名：");
        assert_true(strstr(page2, "意见完") < strstr(page2, "专家签名："));
        assert_int_equal(count_of(t, "已提交"), 2);
        free(t);
        free(comment);

        /* where the comment just spills over, its last lines go with the signature: never the
         * signature alone on a page */
        int spilled = 0;
        for (int n = 600; n <= 900; n += 20) {
                comment = numbered_comment(n, &pieces);
                s = filled_sheet(comment);
                write_sheet(&s, "sheet-spill", path, sizeof path);
                free(comment);
                if (pages_of(path) == 1)
                        continue;
                spilled++;
                t = run("pdftotext -layout %s -", path);
                squeeze(t, false);
                page2 = strchr(t, '\f');
                assert_non_null(page2);
                HAS(page2, "（续）");
                HAS(page2, "意见完");
                free(t);
        }
        assert_true(spilled > 0);

        /* past the limit: more pages, still nothing lost */
        comment = numbered_comment(4000, &pieces);
        s = filled_sheet(comment);
        write_sheet(&s, "sheet-4000", path, sizeof path);
        assert_true(pages_of(path) >= 2);
        check_comment_whole(path, pieces);
        free(comment);
}

/* ---- the 评审结果 workbook ------------------------------------------------------------------- */

/* Every sheet of an XLSX as CSV (LibreOffice's sheet option -1 writes <name>-<sheet>.csv); the
 * text of the sheet asked for. Numbers are written as shown (0.00). */
static char *sheet_csv(const char *xlsx, const char *sheet)
{
        const char *base = strrchr(xlsx, '/') + 1;
        char path[256];
        snprintf(path, sizeof path, "%s/csv/%.*s-%s.csv", dir, (int)(strlen(base) - 5), base, sheet);
        if (access(path, R_OK) != 0) {
                char *out = run("cd %s && soffice -env:UserInstallation=file://%s/lo --headless --convert-to "
                                "'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,false,true,false,false,-1' "
                                "--outdir %s/csv %s",
                                dir, dir, dir, xlsx);
                free(out);
        }
        return slurp(path);
}

/* The XML of a part of an XLSX. */
static char *xlsx_part(const char *xlsx, const char *part)
{
        return run("python3 -c 'import zipfile,sys; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1])"
                   ".read(sys.argv[2]))' %s %s",
                   xlsx, part);
}

static const int64_t c1[][4] = {
        { 2650, 2100, 1980, 1725 },     /* 84.55 */
        { 2800, 2200, 2000, 1800 },     /* 88.00 */
        { 2400, 1900, 1800, 1500 },     /* 76.00 */
        { 2700, 2300, 2150, 1750 },     /* 89.00 */
        { 2500, 2000, 1900, 1600 },     /* a draft: 80.00 saved, not submitted */
};

static void results_input(struct docs_results *r, struct docs_result_project *p, struct docs_result_score *sc,
                          struct docs_result_expert *x)
{
        static const char *const names[] = { "王建国", "李明", "张晓燕", "陈志强", "刘芳" };
        for (int i = 0; i < 5; i++) {
                bool submitted = i < 4;
                sc[i] = (struct docs_result_score){
                        .expert_name = names[i],
                        .status = submitted ? "submitted" : "draft",
                        .criteria = c1[i],
                        .total = c1[i][0] + c1[i][1] + c1[i][2] + c1[i][3],
                        .submitted_at = submitted ? 1695175200 + i * 60 : 0,
                        .comment = i == 0 ? "项目定位清晰，建议补充数据安全防护方案，\n量化经济社会效益指标。" : "同意推荐。",
                };
        }
        /* the second project: one expert assigned, nothing scored */
        sc[5] = (struct docs_result_score){ .expert_name = "王建国", .status = "assigned", .total = DOCS_NO_SCORE };
        p[0] = (struct docs_result_project){
                .rank_overall = 1, .rank_in_category = 1, .tied = true,
                .submission_no = "ZHJS2023-0001", .project_name = "玄武区城市运行“一网统管”平台建设项目（一期）",
                .unit_name = "南京智联信息科技有限公司", .category = "governance",
                .n_submitted = 4, .n_expected = 5,
                .expert_score = 8589, .calibrated_score = 8612, .max_score = 8900, .min_score = 7600,
                .stddev = 573, .defense_score = 9050, .comprehensive_score = 8773,
                .stability = "前5名中稳定（重抽样100%）", .scores = sc, .n_scores = 5,
        };
        p[1] = (struct docs_result_project){
                .rank_overall = 0, .rank_in_category = 0,
                .submission_no = "ZHJS2023-0002", .project_name = "昆山市工业互联网标识解析二级节点及应用",
                .unit_name = "昆山智造云科技股份有限公司", .category = "economy",
                .n_submitted = 0, .n_expected = 1,
                .expert_score = DOCS_NO_SCORE, .calibrated_score = DOCS_NO_SCORE, .max_score = DOCS_NO_SCORE,
                .min_score = DOCS_NO_SCORE, .stddev = DOCS_NO_SCORE, .defense_score = DOCS_NO_SCORE,
                .comprehensive_score = DOCS_NO_SCORE, .stability = "", .scores = sc + 5, .n_scores = 1,
        };
        x[0] = (struct docs_result_expert){ "王建国", "东南大学", 2, 1, 125, true };
        x[1] = (struct docs_result_expert){ "李明", "江苏省信息中心", 1, 1, -210, true };
        x[2] = (struct docs_result_expert){ "刘芳", "南京邮电大学", 1, 0, DOCS_NO_SCORE, false };
        *r = (struct docs_results){
                .campaign = &call, .generated_at = 1697767200,  /* 2023-10-20 10:00:00 */
                .projects = p, .n_projects = 2, .experts = x, .n_experts = 3,
        };
}

static void test_results_xlsx(void **state)
{
        (void)state;
        struct docs_results r;
        struct docs_result_project p[2];
        struct docs_result_score sc[6];
        struct docs_result_expert x[3];
        results_input(&r, p, sc, x);
        char path[128];
        snprintf(path, sizeof path, "%s/results.xlsx", dir);
        assert_int_equal(docs_results_xlsx(&r, path), 0);

        char *csv = sheet_csv(path, "排名");
        HAS(csv, "\"2023年智慧江苏重点工程评审结果\"");
        HAS(csv, "\"生成时间：2023年10月20日 10:00:00（北京时间）。专家评分：提交的评分不少于5份时去掉一个最高分和一个最低分");
        HAS(csv, "综合得分＝专家评分×60%＋答辩得分×40%");
        HAS(csv, "\"总排名\",\"类别内\n排名\",\"申报编号\",\"项目名称\",\"申报单位\",\"申报类别\","
                 "\"评审专家数\n（已提交/应提交）\",\"专家评分\",\"校准分\",\"最高分\",\"最低分\",\"标准差\","
                 "\"答辩得分\",\"综合得分\",\"排名稳定性\",\"并列\"\n");
        HAS(csv, "1,1,\"ZHJS2023-0001\",\"玄武区城市运行“一网统管”平台建设项目（一期）\",\"南京智联信息科技有限公司\","
                 "\"数字治理类\",\"4/5\",85.89,86.12,89.00,76.00,5.73,90.50,87.73,\"前5名中稳定（重抽样100%）\",\"是\"\n");
        /* nothing scored: 未提交, never 0; no rank */
        HAS(csv, ",,\"ZHJS2023-0002\",\"昆山市工业互联网标识解析二级节点及应用\",\"昆山智造云科技股份有限公司\","
                 "\"数字经济类\",\"0/1\",\"未提交\",\"未提交\",\"未提交\",\"未提交\",\"—\",\"未提交\",\"未提交\",,\n");
        free(csv);

        csv = sheet_csv(path, "专家评分明细");
        HAS(csv, "\"申报编号\",\"项目名称\",\"专家姓名\",\"契合度与效益\n（30分）\",\"创新性与先进性\n（25分）\","
                 "\"核心技术、国产化与安全\n（25分）\",\"示范带动与推广价值\n（20分）\",\"合计\",\"状态\",\"提交时间\",\"评审意见\"\n");
        HAS(csv, "\"ZHJS2023-0001\",\"玄武区城市运行“一网统管”平台建设项目（一期）\",\"王建国\",26.50,21.00,19.80,17.25,"
                 "84.55,\"已提交\",2023-09-20 10:00:00,\"项目定位清晰，建议补充数据安全防护方案，\n量化经济社会效益指标。\"\n");
        HAS(csv, "\"张晓燕\",24.00,19.00,18.00,15.00,76.00,\"已提交\",2023-09-20 10:02:00,\"同意推荐。\"\n");
        /* the draft's saved points are not a score yet */
        HAS(csv, "\"刘芳\",\"未提交\",\"未提交\",\"未提交\",\"未提交\",\"未提交\",\"草稿\",,\n");
        HASNT(csv, "80.00");
        HAS(csv, "\"ZHJS2023-0002\",\"昆山市工业互联网标识解析二级节点及应用\",\"王建国\",\"未提交\",\"未提交\",\"未提交\","
                 "\"未提交\",\"未提交\",\"待评分\",,\n");
        assert_int_equal(count_of(csv, "\"已提交\""), 4);
        free(csv);

        csv = sheet_csv(path, "专家");
        HAS(csv, "\"姓名\",\"工作单位\",\"评审数\",\"已提交\",\"偏差\n（校准）\",\"是否校准\"\n");
        HAS(csv, "\"王建国\",\"东南大学\",2,1,1.25,\"是\"\n");
        HAS(csv, "\"李明\",\"江苏省信息中心\",1,1,-2.10,\"是\"\n");
        HAS(csv, "\"刘芳\",\"南京邮电大学\",1,0,\"—\",\"否\"\n");
        free(csv);

        /* numbers are numbers, shown with two decimals; headers frozen; printed A4 landscape */
        char *styles = xlsx_part(path, "xl/styles.xml");
        HAS(styles, "formatCode=\"0.00\"");
        free(styles);
        char *sheet1 = xlsx_part(path, "xl/worksheets/sheet1.xml");
        HAS(sheet1, "<v>85.89</v>");
        HAS(sheet1, "<pane xSplit=\"4\" ySplit=\"3\"");
        HAS(sheet1, "orientation=\"landscape\"");
        HAS(sheet1, "<autoFilter ref=\"A3:P5\"/>");
        free(sheet1);
        char *sheet2 = xlsx_part(path, "xl/worksheets/sheet2.xml");
        HAS(sheet2, "<v>26.5</v>");
        HAS(sheet2, "ySplit=\"3\"");
        free(sheet2);
        char *book = xlsx_part(path, "xl/workbook.xml");
        HAS(book, "name=\"排名\"");
        HAS(book, "name=\"专家评分明细\"");
        HAS(book, "name=\"专家\"");
        free(book);
}

/* ---- the 专家导入模板 ------------------------------------------------------------------------ */

static const char *const template_header =
        "姓名,工作单位,单位统一社会信用代码,职称,专业领域（多个用“、”分隔，填类别名称）,"
        "所在地区（行政区划代码或名称）,手机号,曾任职单位（单位名称|统一社会信用代码|离职年月，多个用“；”分隔）,"
        "登录用户名,初始密码";

static int to_buf(void *closure, const unsigned char *data, size_t n)
{
        return buf_append(closure, data, n);
}

static void test_expert_template_csv(void **state)
{
        (void)state;
        struct buf b = BUF_INIT(0);
        assert_int_equal(docs_expert_template_csv(to_buf, &b), 0);
        assert_memory_equal(b.data, "\xEF\xBB\xBF", 3);
        char expect[1024];
        snprintf(expect, sizeof expect, "\xEF\xBB\xBF%s\r\n", template_header);
        assert_string_equal(b.data, expect);
        assert_int_equal(count_of(b.data, "\r\n"), 1);  /* the header only */
        buf_free(&b);
}

static void test_expert_template_xlsx(void **state)
{
        (void)state;
        char path[128];
        snprintf(path, sizeof path, "%s/template.xlsx", dir);
        assert_int_equal(docs_expert_template_xlsx(&call, path), 0);

        char *csv = sheet_csv(path, "专家");
        char expect[1024];
        /* LibreOffice quotes every text cell */
        char **fields = g_strsplit(template_header, ",", -1);
        char *quoted = g_strjoinv("\",\"", fields);
        snprintf(expect, sizeof expect, "\"%s\"\n", quoted);
        g_free(quoted);
        g_strfreev(fields);
        assert_string_equal(csv, expect);               /* the header, nothing else */
        free(csv);

        csv = sheet_csv(path, "填写说明");
        HAS(csv, "\"专家导入模板填写说明\"");
        HAS(csv, "整批导入：任何一行有误，整个文件都不导入");
        HAS(csv, "离职年月写作YYYY-MM");
        HAS(csv, "离职不超过3年的曾任职单位");            /* the call's conflict_years */
        HAS(csv, "\"可填的专业领域（申报类别）\"");
        for (size_t i = 0; i < call.n_categories; i++) {
                char line[128];
                snprintf(line, sizeof line, "\n\"%s\",,,\n", call.categories[i].name);
                HAS(csv, line);
        }
        free(csv);

        /* the dropdown under 专业领域 lists the call's categories; the header is frozen */
        char *sheet = xlsx_part(path, "xl/worksheets/sheet1.xml");
        HAS(sheet, "<dataValidation type=\"list\" errorStyle=\"information\"");
        HAS(sheet, "sqref=\"E2:E5001\"");
        HAS(sheet, "<formula1>\"数字基础设施类,数字经济类,数字治理类,智慧民生类\"</formula1>");
        HAS(sheet, "<pane ySplit=\"1\"");
        free(sheet);
}

/* Nothing to show is still a document: no projects, no experts, a sheet with no texts; a call
 * without evaluation settings is refused. */
static void test_empty_inputs(void **state)
{
        (void)state;
        char path[128];
        struct docs_results r = { .campaign = &call, .generated_at = 1697767200 };
        snprintf(path, sizeof path, "%s/results-empty.xlsx", dir);
        assert_int_equal(docs_results_xlsx(&r, path), 0);
        char *csv = sheet_csv(path, "专家评分明细");
        HAS(csv, "\"申报编号\",\"项目名称\",\"专家姓名\"");
        free(csv);

        struct docs_score_sheet s = { .campaign = &call, .total_investment = -1 };
        write_sheet(&s, "sheet-empty", path, sizeof path);
        assert_int_equal(pages_of(path), 1);

        struct campaign none = call;
        none.has_evaluation = false;
        s.campaign = &none;
        struct buf b = BUF_INIT(0);
        assert_int_equal(docs_score_sheet_pdf(&s, to_buf, &b), -EINVAL);
        assert_int_equal(b.len, 0);
        buf_free(&b);
        r.campaign = &none;
        assert_int_equal(docs_results_xlsx(&r, path), -EINVAL);
}

/* ---- setup ---------------------------------------------------------------------------------- */

static int setup(void **state)
{
        (void)state;
        snprintf(dir, sizeof dir, "/tmp/shenbao-evaluation-XXXXXX");
        if (!mkdtemp(dir))
                return -1;
        const char *root = getenv("SHENBAO_SOURCE_ROOT");
        char path[4096];
        snprintf(path, sizeof path, "%s/data/campaigns/2023.json", root ? root : ".");
        json_error_t jerr;
        json_t *def = json_load_file(path, 0, &jerr);
        if (!def) {
                fprintf(stderr, "cannot read %s: %s\n", path, jerr.text);
                return -1;
        }
        char *err = NULL;
        int rc = campaign_parse(def, &call, &err);
        json_decref(def);
        if (rc < 0) {
                fprintf(stderr, "2023.json: %s\n", err ? err : "?");
                free(err);
                return -1;
        }
        return docs_init() < 0 || !call.has_evaluation ? -1 : 0;
}

static int teardown(void **state)
{
        (void)state;
        /* the fonts stay loaded: docs/pdf.c releases its font map at exit (cairo's own caches are
         * in tests/lsan.supp) */
        if (getenv("SHENBAO_KEEP_DOCS")) {
                fprintf(stderr, "generated files kept in %s\n", dir);
                return 0;
        }
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_score_sheet_filled),
                cmocka_unit_test(test_score_sheet_blank),
                cmocka_unit_test(test_score_sheet_draft),
                cmocka_unit_test(test_score_sheet_long_comment),
                cmocka_unit_test(test_results_xlsx),
                cmocka_unit_test(test_expert_template_csv),
                cmocka_unit_test(test_expert_template_xlsx),
                cmocka_unit_test(test_empty_inputs),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
