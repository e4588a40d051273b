/* expert_import_parse on any bytes as an uploaded CSV. A file it accepts gives at least one
 * expert, each a body that expert_check accepts and expert_parse reads, and — written back as a
 * CSV in the template's columns by the harness — is read again to the very same bodies. A file it
 * refuses comes with problems only at "file" or "rows.<n>.<column>" (n a row below the header, the
 * column a template key), each message readable, a row's naming its row and column. */
#include <errno.h>

#include "domain/expert.h"
#include "fuzz_common.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct campaign campaign = {
        .year = 2023,
        .n_categories = 4,
        .categories = {
                { "infrastructure", "数字基础设施类" },
                { "economy", "数字经济类" },
                { "governance", "数字治理类" },
                { "livelihood", "智慧民生类" },
        },
};

/* Enough of Jiangsu for every kind of region answer: a city, its districts, a name two cities
 * share (鼓楼区), a county-level city that reports to the province, the province. */
static const struct region regions[] = {
        { "320000", "江苏省", "province", "", false },
        { "320100", "南京市", "city", "320000", true },
        { "320102", "玄武区", "district", "320100", false },
        { "320106", "鼓楼区", "district", "320100", false },
        { "320300", "徐州市", "city", "320000", true },
        { "320302", "鼓楼区", "district", "320300", false },
        { "320500", "苏州市", "city", "320000", true },
        { "320583", "昆山市", "county_city", "320500", true },
};

static const struct expert_column *column_of(const char *key, size_t len)
{
        for (size_t i = 0; i < EXPERT_COLUMNS; i++)
                if (strlen(expert_columns[i].key) == len && memcmp(expert_columns[i].key, key, len) == 0)
                        return &expert_columns[i];
        return NULL;
}

static int import(const char *data, size_t n, json_t **ret, json_t *problems)
{
        return expert_import_parse((const unsigned char *) data, n, "专家.csv", &campaign, regions,
                                   sizeof regions / sizeof regions[0], ret, NULL, problems);
}

static void check_refusal(json_t *problems)
{
        const char *key;
        json_t *v;

        FUZZ_CHECK(json_object_size(problems) > 0, "refused without a problem");
        fuzz_check_problems(problems);
        json_object_foreach(problems, key, v) {
                const struct expert_column *col;
                char *end, prefix[160];
                unsigned long row;

                if (strcmp(key, "file") == 0)
                        continue;
                FUZZ_CHECK(strncmp(key, "rows.", 5) == 0, "problem key \"%s\"", key);
                row = strtoul(key + 5, &end, 10);
                FUZZ_CHECK(row >= 2 && *end == '.', "problem key \"%s\": no row below a header", key);
                col = column_of(end + 1, strlen(end + 1));
                FUZZ_CHECK(col, "problem key \"%s\": not a template column", key);
                snprintf(prefix, sizeof prefix, "第 %lu 行“%s”：", row, col->label);
                FUZZ_CHECK(strncmp(json_string_value(v), prefix, strlen(prefix)) == 0,
                           "\"%s\" does not begin with \"%s\"", json_string_value(v), prefix);
        }
}

/* A CSV field, always quoted. */
static void put_field(struct buf *b, const char *s)
{
        buf_puts(b, "\"");
        for (; s && *s; s++) {
                if (*s == '"')
                        buf_puts(b, "\"");     /* a quote inside is doubled */
                buf_append(b, s, 1);
        }
        buf_puts(b, "\"");
}

static const char *str(json_t *o, const char *key)
{
        return json_string_value(json_object_get(o, key));
}

/* The bodies as the template's CSV: lists joined by 、 and ；, a former unit as name|code|until. */
static char *as_csv(json_t *experts)
{
        struct buf b = BUF_INIT(0);
        size_t i, j;
        json_t *e, *x;

        for (size_t c = 0; c < EXPERT_COLUMNS; c++) {
                buf_puts(&b, c ? "," : "");
                put_field(&b, expert_columns[c].header);
        }
        buf_puts(&b, "\r\n");
        json_array_foreach(experts, i, e) {
                for (size_t c = 0; c < EXPERT_COLUMNS; c++) {
                        const char *key = expert_columns[c].key;
                        struct buf cell = BUF_INIT(0);

                        if (strcmp(key, "specialties") == 0) {
                                json_array_foreach(json_object_get(e, key), j, x)
                                        buf_printf(&cell, "%s%s", j ? "、" : "", json_string_value(x));
                        } else if (strcmp(key, "former_units") == 0) {
                                json_array_foreach(json_object_get(e, key), j, x) {
                                        const char *code = str(x, "credit_code");

                                        buf_printf(&cell, "%s%s|%s|%s", j ? "；" : "", str(x, "name"),
                                                   code ? code : "", str(x, "until"));
                                }
                        } else if (str(e, key)) {
                                buf_puts(&cell, str(e, key));
                        }
                        buf_puts(&b, c ? "," : "");
                        put_field(&b, cell.data);
                        buf_free(&cell);
                }
                buf_puts(&b, "\r\n");
        }
        return buf_detach(&b);
}

static void check_accepted(json_t *experts)
{
        json_t *again = NULL, *problems = json_object(), *e;
        char *csv;
        size_t i;
        int r;

        FUZZ_CHECK(json_is_array(experts) && json_array_size(experts) > 0, "accepted without experts");
        json_array_foreach(experts, i, e) {
                json_t *p = json_object();
                struct expert x;

                FUZZ_CHECK(expert_check(e, &campaign, regions, sizeof regions / sizeof regions[0], p),
                           "expert %zu accepted by the import, not by expert_check", i);
                FUZZ_CHECK(expert_parse(e, &x) == 0, "expert %zu not parsed", i);
                json_decref(p);
        }
        csv = as_csv(experts);
        r = import(csv, strlen(csv), &again, problems);
        if (r != 0) {
                char *dump = json_dumps(problems, 0);

                FUZZ_CHECK(r == 0, "written back, refused: %s\n%s", dump, csv);
        }
        FUZZ_CHECK(json_equal(experts, again), "written back, read differently:\n%s", csv);
        json_decref(again);
        json_decref(problems);
        free(csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        json_t *problems = json_object(), *experts = (json_t *) 0x1;
        int r = import((const char *) data, size, &experts, problems);

        if (r == 0) {
                FUZZ_CHECK(json_object_size(problems) == 0, "accepted with problems");
                check_accepted(experts);
                json_decref(experts);
        } else {
                FUZZ_CHECK(r == -EINVAL, "returned %d", r);
                FUZZ_CHECK(experts == (json_t *) 0x1, "*ret_experts written on failure");
                check_refusal(problems);
        }
        json_decref(problems);
        return 0;
}
