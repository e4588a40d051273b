/* Document rendering speed: N form PDFs of the complete demo application, N receipts, N filled
 * 专家评分表 (the 2023 rubric, a 300-character comment), and a summary table of R rows as XLSX
 * and PDF. Prints time per document and the process's peak memory.
 * Run: build/bench/bench_docs [N] [R]   (make bench) */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "docs/docs.h"
#include "domain/campaign.h"
#include "util/clock.h"

static int count_bytes(void *closure, const unsigned char *data, size_t n)
{
        (void)data;
        *(size_t *)closure += n;
        return 0;
}

static json_t *load(const char *path)
{
        json_error_t err;
        json_t *j = json_load_file(path, 0, &err);
        if (!j)
                fprintf(stderr, "cannot read %s: %s\n", path, err.text);
        return j;
}

static long peak_kb(void)
{
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        return ru.ru_maxrss;
}

static void report(const char *what, int n, int64_t ns, size_t bytes)
{
        printf("%-34s %6d  %9.2f ms each  %8.1f KB each  peak RSS %ld MB\n", what, n, (double)ns / n / 1e6,
               (double)bytes / n / 1024, peak_kb() / 1024);
}

int main(int argc, char **argv)
{
        int n = argc > 1 ? atoi(argv[1]) : 1000, rows = argc > 2 ? atoi(argv[2]) : 2000;
        const char *root = getenv("SHENBAO_SOURCE_ROOT") ? getenv("SHENBAO_SOURCE_ROOT") : ".";
        char path[4096];
        snprintf(path, sizeof path, "%s/data/campaigns/2023.json", root);
        json_t *def = load(path);
        snprintf(path, sizeof path, "%s/data/demo/form-complete.json", root);
        json_t *form = load(path);
        struct campaign c;
        if (!def || !form || campaign_parse(def, &c, NULL) < 0 || docs_init() < 0)
                return 1;
        struct region regions[] = {
                { "320000", "江苏省", "province", "", false },
                { "320100", "南京市", "city", "320000", true },
                { "320102", "玄武区", "district", "320100", false },
        };
        struct docs_attachment att[5];
        for (int i = 0; i < 5; i++)
                att[i] = (struct docs_attachment){ "盖章申报表（封面、表一、表二）", "盖章申报表.pdf", 683,
                                                   "1e5cd8176ce26e5425ae1c465cca60dff8db7ea08f4e78049a4e442ce1f14035",
                                                   1689386400 };
        struct docs_application a = {
                .form = form, .campaign = &c, .regions = regions, .n_regions = 3, .status = "submitted",
                .submission_no = "ZHJS2023-0001", .submitted_at = 1689386400,
                .review_authority = "玄武区信息化主管部门", .attachments = att, .n_attachments = 5,
        };
        printf("shenbao document bench: %d forms, receipts and score sheets, a %d-row summary table (one thread)\n", n, rows);

        size_t bytes = 0;
        int64_t t0 = clock_mono_ns();
        for (int i = 0; i < n; i++)
                if (docs_form_pdf(&a, count_bytes, &bytes) < 0)
                        return 1;
        report("form.pdf (complete application)", n, clock_mono_ns() - t0, bytes);

        bytes = 0;
        t0 = clock_mono_ns();
        for (int i = 0; i < n; i++)
                if (docs_receipt_pdf(&a, count_bytes, &bytes) < 0)
                        return 1;
        report("receipt.pdf (5 attachments)", n, clock_mono_ns() - t0, bytes);

        int64_t points[RUBRIC_MAX] = { 2650, 2100, 1980, 1725 };
        static const char piece[] = "契合数字中国建设目标，应用场景清晰，建议量化经济社会效益。"; /* 29 characters */
        char comment[1024] = "";
        for (int i = 0; i < 10; i++)    /* 290 characters */
                strcat(comment, piece);
        struct docs_score_sheet sheet = {
                .campaign = &c, .submission_no = "ZHJS2023-0001", .project_name = "玄武区城市运行“一网统管”平台",
                .unit_name = "南京智联信息科技有限公司", .category = "governance", .total_investment = 120000,
                .expert_name = "王建国", .scores = points, .comment = comment, .state = "submitted",
                .state_at = 1695175200,
        };
        bytes = 0;
        t0 = clock_mono_ns();
        for (int i = 0; i < n; i++)
                if (docs_score_sheet_pdf(&sheet, count_bytes, &bytes) < 0)
                        return 1;
        report("score sheet .pdf (filled)", n, clock_mono_ns() - t0, bytes);

        struct docs_summary_row *r = calloc((size_t)rows, sizeof *r);
        for (int i = 0; i < rows; i++)
                r[i] = (struct docs_summary_row){ "数字治理类", "玄武区城市运行“一网统管”平台", "南京智联信息科技有限公司",
                                                  "民营企业", 120000 + i, "2022-03", "2024-02" };
        struct docs_summary s = { 2023, "江苏省信息化领导小组办公室", r, (size_t)rows };
        snprintf(path, sizeof path, "/tmp/shenbao-bench-%d.xlsx", (int)getpid());
        t0 = clock_mono_ns();
        if (docs_summary_xlsx(&s, path) < 0)
                return 1;
        FILE *f = fopen(path, "rb");
        fseek(f, 0, SEEK_END);
        bytes = (size_t)ftell(f);
        fclose(f);
        unlink(path);
        report("summary table .xlsx", 1, clock_mono_ns() - t0, bytes);
        bytes = 0;
        t0 = clock_mono_ns();
        if (docs_summary_pdf(&s, count_bytes, &bytes) < 0)
                return 1;
        report("summary table .pdf", 1, clock_mono_ns() - t0, bytes);
        free(r);
        json_decref(form);
        json_decref(def);
        return 0;
}
