/* The expert's record at every edge (lengths, codes, regions, categories, former units, the
 * account pair), and the import: CSV (UTF-8, GB18030) and XLSX in the template's shape, the
 * conversions people need (category names, region names, dates as they write them), each row's
 * problems at rows.<n>.<column> in words that name the row and the column, duplicates, and the
 * files that are refused whole. */
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/expert.h"
#include "sheet_files.h"
#include "util/buf.h"
#include "util/csv_read.h"
#include "util/timeutil.h"

static struct campaign campaign;
static struct region *regions;
static size_t n_regions;

#define CODE "91350100M000100Y43"       /* GB 32100-2015's example, valid */

static char *read_file(const char *name, size_t *n)
{
        const char *root = getenv("SHENBAO_SOURCE_ROOT");
        char path[4096];
        FILE *f;
        char *data;
        long len;

        snprintf(path, sizeof path, "%s/%s", root ? root : ".", name);
        f = fopen(path, "rb");
        if (!f)
                return NULL;
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        fseek(f, 0, SEEK_SET);
        data = malloc((size_t) len + 1);
        if (fread(data, 1, (size_t) len, f) != (size_t) len)
                len = 0;
        fclose(f);
        data[len] = '\0';
        *n = (size_t) len;
        return data;
}

/* The real table: 鼓楼区 is both 南京市's and 徐州市's. */
static int load_regions(void)
{
        size_t n;
        char *csv = read_file("data/jiangsu-regions.csv", &n);
        struct sheet *s;
        const char *err;

        if (!csv || csv_read(csv, n, &s, &err) < 0)
                return -1;
        regions = calloc(s->n_rows, sizeof *regions);
        for (size_t i = 1; i < s->n_rows; i++) {
                const struct sheet_row *r = &s->rows[i];
                struct region *g = &regions[n_regions++];
                const char *parent = sheet_cell(r, 3), *rtp = sheet_cell(r, 4);

                snprintf(g->code, sizeof g->code, "%s", sheet_cell(r, 0));
                snprintf(g->name, sizeof g->name, "%s", sheet_cell(r, 1));
                snprintf(g->level, sizeof g->level, "%s", sheet_cell(r, 2));
                snprintf(g->parent_code, sizeof g->parent_code, "%s", parent ? parent : "");
                g->reports_to_province = rtp && strcmp(rtp, "1") == 0;
        }
        sheet_free(s);
        free(csv);
        return 0;
}

static int setup(void **state)
{
        size_t n;
        char *text = read_file("data/campaigns/2023.json", &n);
        json_t *def = text ? json_loads(text, 0, NULL) : NULL;
        char *err = NULL;
        int r;

        (void) state;
        free(text);
        if (!def) {
                fprintf(stderr, "cannot load data/campaigns/2023.json (set SHENBAO_SOURCE_ROOT)\n");
                return -1;
        }
        r = campaign_parse(def, &campaign, &err);
        json_decref(def);
        free(err);
        if (r < 0 || load_regions() < 0)
                return -1;
        return 0;
}

static int teardown(void **state)
{
        (void) state;
        free(regions);
        return 0;
}

/* ---- the record -------------------------------------------------------------------------- */

static const char valid_json[] =
        "{\"name\": \"张伟\", \"unit\": \"东南大学\", \"credit_code\": \"" CODE "\","
        " \"title\": \"教授\", \"specialties\": [\"economy\", \"governance\"],"
        " \"region_code\": \"320102\", \"mobile\": \"13912345678\","
        " \"former_units\": [{\"name\": \"南京大学\", \"credit_code\": \"\", \"until\": \"2021-03\"},"
        "                    {\"name\": \"江苏省数据局\", \"until\": \"2019-12\"}],"
        " \"username\": \"zhangwei\", \"password\": \"Zw@2023pass\", \"active\": true}";

static json_t *valid(void)
{
        json_error_t err;
        json_t *v = json_loads(valid_json, 0, &err);

        if (!v)
                fail_msg("bad test JSON: %s", err.text);
        return v;
}

static json_t *with(json_t *body, const char *key, json_t *value)
{
        if (value)
                json_object_set_new(body, key, value);
        else
                json_object_del(body, key);
        return body;
}

static json_t *with_s(json_t *body, const char *key, const char *s)
{
        return with(body, key, s ? json_string(s) : NULL);
}

static json_t *loads(const char *s)
{
        json_t *v = json_loads(s, JSON_ALLOW_NUL, NULL);

        assert_non_null(v);
        return v;
}

static void ok(json_t *body)
{
        json_t *problems = json_object();
        bool good = expert_check(body, &campaign, regions, n_regions, problems);

        if (!good || json_object_size(problems)) {
                char *dump = json_dumps(problems, JSON_INDENT(1));

                fail_msg("refused: %s", dump);
        }
        json_decref(problems);
        json_decref(body);
}

/* Refused with exactly one problem, at key, saying want (exactly). */
static void refused(json_t *body, const char *key, const char *want)
{
        json_t *problems = json_object();
        bool good = expert_check(body, &campaign, regions, n_regions, problems);
        const char *got = json_string_value(json_object_get(problems, key));

        if (good || !got || json_object_size(problems) != 1 || (want && strcmp(got, want) != 0)) {
                char *dump = json_dumps(problems, JSON_INDENT(1));

                fail_msg("want only %s: %s, got %s", key, want ? want : "(any)", dump);
        }
        json_decref(problems);
        json_decref(body);
}

static char *repeat(const char *s, int times)
{
        struct buf b = BUF_INIT(0);

        for (int i = 0; i < times; i++)
                buf_puts(&b, s);
        return buf_detach(&b);
}

static void test_valid_and_parse(void **state)
{
        json_t *body = valid();
        struct expert e;
        struct conflict_expert ce;

        (void) state;
        assert_true(expert_check(body, &campaign, regions, n_regions, NULL));
        assert_int_equal(expert_parse(body, &e), 0);
        assert_string_equal(e.name, "张伟");
        assert_string_equal(e.unit, "东南大学");
        assert_string_equal(e.credit_code, CODE);
        assert_string_equal(e.title, "教授");
        assert_int_equal(e.n_specialties, 2);
        assert_string_equal(e.specialties[1], "governance");
        assert_string_equal(e.region_code, "320102");
        assert_string_equal(e.mobile, "13912345678");
        assert_int_equal(e.n_former_units, 2);
        assert_string_equal(e.former_units[0].unit.name, "南京大学");
        assert_null(e.former_units[0].unit.credit_code);        /* "" is not given */
        assert_int_equal(e.former_units[0].until, 2021 * 12 + 2);
        assert_int_equal(e.former_units[1].until, 2019 * 12 + 11);
        assert_string_equal(e.username, "zhangwei");
        assert_string_equal(e.password, "Zw@2023pass");
        assert_true(e.active);

        ce = expert_conflict_view(&e, "320100");
        assert_string_equal(ce.unit.name, "东南大学");
        assert_string_equal(ce.unit.credit_code, CODE);
        assert_int_equal(ce.n_former, 2);
        assert_ptr_equal(ce.former, e.former_units);
        assert_string_equal(ce.city_code, "320100");
        json_decref(body);

        /* the least a record needs; null is "not given" for the optional keys */
        body = loads("{\"name\": \"李娜\", \"unit\": \"江苏省数据局\", \"specialties\": [\"livelihood\"],"
                     " \"region_code\": \"320100\", \"mobile\": \"19912345678\", \"credit_code\": null,"
                     " \"title\": null, \"former_units\": null, \"username\": null,"
                     " \"password\": null, \"active\": false}");
        assert_true(expert_check(body, &campaign, regions, n_regions, NULL));
        assert_int_equal(expert_parse(body, &e), 0);
        assert_null(e.credit_code);
        assert_null(e.title);
        assert_null(e.username);
        assert_null(e.password);
        assert_int_equal(e.n_former_units, 0);
        assert_false(e.active);
        json_decref(body);

        /* parse refuses what check would */
        memset(&e, 0x5A, sizeof e);
        body = with_s(valid(), "name", "  ");
        assert_int_equal(expert_parse(body, &e), -EINVAL);
        assert_int_equal(e.n_specialties, (size_t) 0x5A5A5A5A5A5A5A5A);   /* untouched */
        json_decref(body);
        body = with_s(valid(), "password", NULL);
        assert_int_equal(expert_parse(body, &e), -EINVAL);
        json_decref(body);
        assert_int_equal(expert_parse(NULL, &e), -EINVAL);
}

static void test_texts(void **state)
{
        char *s50 = repeat("张", 50), *s51 = repeat("张", 51);
        char *s100 = repeat("南", 100), *s101 = repeat("南", 101);

        (void) state;
        refused(with_s(valid(), "name", NULL), "name", "请填写姓名");
        refused(with_s(valid(), "name", "　 "), "name", "请填写姓名");
        refused(with(valid(), "name", json_null()), "name", "请填写姓名");
        refused(with(valid(), "name", json_integer(1)), "name", "姓名应为文本");
        refused(with(valid(), "name", json_stringn("张\0伟", 7)), "name", "姓名含有无效字符");
        ok(with_s(valid(), "name", s50));
        refused(with_s(valid(), "name", s51), "name", "姓名不超过 50 字（现 51 字）");

        refused(with_s(valid(), "unit", ""), "unit", "请填写工作单位");
        ok(with_s(valid(), "unit", s100));
        refused(with_s(valid(), "unit", s101), "unit", "工作单位不超过 100 字（现 101 字）");

        ok(with_s(valid(), "title", ""));
        ok(with_s(valid(), "title", s50));
        refused(with_s(valid(), "title", s51), "title", "职称不超过 50 字（现 51 字）");
        free(s50), free(s51), free(s100), free(s101);
}

static void test_credit_code(void **state)
{
        (void) state;
        ok(with_s(valid(), "credit_code", ""));
        ok(with_s(valid(), "credit_code", NULL));
        refused(with_s(valid(), "credit_code", "91350100M000100Y44"), "credit_code",
                "统一社会信用代码校验位不正确");
        refused(with_s(valid(), "credit_code", "91350100M000100Y4"), "credit_code",
                "统一社会信用代码应为 18 位");
        refused(with_s(valid(), "credit_code", "91350100m000100y43"), "credit_code", NULL);
}

static void test_specialties(void **state)
{
        (void) state;
        ok(with(valid(), "specialties", loads("[\"infrastructure\", \"economy\", \"governance\", \"livelihood\"]")));
        refused(with(valid(), "specialties", NULL), "specialties", "请选择专业领域（至少一个申报类别）");
        refused(with(valid(), "specialties", json_array()), "specialties",
                "请选择专业领域（至少一个申报类别）");
        refused(with_s(valid(), "specialties", "economy"), "specialties",
                "专业领域应为申报类别代码的数组，如 [\"economy\"]");
        refused(with(valid(), "specialties", loads("[1]")), "specialties",
                "专业领域应为申报类别代码的数组，如 [\"economy\"]");
        refused(with(valid(), "specialties", loads("[\"数字经济类\"]")), "specialties",
                "专业领域“数字经济类”不是本次申报的类别（可选：数字基础设施类（infrastructure）、"
                "数字经济类（economy）、数字治理类（governance）、智慧民生类（livelihood））");
        refused(with(valid(), "specialties", loads("[\"economy\", \"economy\"]")), "specialties",
                "专业领域“economy”重复");
}

static void test_region(void **state)
{
        (void) state;
        ok(with_s(valid(), "region_code", "320100"));           /* a city */
        ok(with_s(valid(), "region_code", "320583"));           /* 昆山市, a county-level city */
        ok(with_s(valid(), "region_code", "320302"));           /* 徐州市鼓楼区 */
        refused(with_s(valid(), "region_code", ""), "region_code", "请填写所在地区");
        refused(with_s(valid(), "region_code", "320000"), "region_code",
                "所在地区应为江苏省内设区市或县（市、区）的行政区划代码");
        refused(with_s(valid(), "region_code", "310101"), "region_code",
                "所在地区应为江苏省内设区市或县（市、区）的行政区划代码");
        refused(with_s(valid(), "region_code", "玄武区"), "region_code", NULL);
}

static void test_mobile(void **state)
{
        (void) state;
        ok(with_s(valid(), "mobile", "13000000000"));
        ok(with_s(valid(), "mobile", "19999999999"));
        refused(with_s(valid(), "mobile", NULL), "mobile", "请填写手机号");
        refused(with_s(valid(), "mobile", "1391234567"), "mobile", "手机号应为 11 位数字，以 13～19 开头");
        refused(with_s(valid(), "mobile", "139123456789"), "mobile", "手机号应为 11 位数字，以 13～19 开头");
        refused(with_s(valid(), "mobile", "12912345678"), "mobile", "手机号应为 11 位数字，以 13～19 开头");
        refused(with_s(valid(), "mobile", "025-69652796"), "mobile", NULL);
}

static void test_former_units(void **state)
{
        struct buf b = BUF_INIT(0);

        (void) state;
        buf_puts(&b, "[");
        for (int i = 0; i < 10; i++)
                buf_printf(&b, "%s{\"name\": \"单位%d\", \"until\": \"2020-%02d\"}", i ? "," : "", i, i + 1);
        buf_puts(&b, "]");
        ok(with(valid(), "former_units", loads(b.data)));
        buf_reset(&b);
        buf_puts(&b, "[");
        for (int i = 0; i < 11; i++)
                buf_printf(&b, "%s{\"name\": \"单位%d\", \"until\": \"2020-01\"}", i ? "," : "", i);
        buf_puts(&b, "]");
        refused(with(valid(), "former_units", loads(b.data)), "former_units",
                "曾任职单位最多填写 10 个（现 11 个）");
        buf_free(&b);

        ok(with(valid(), "former_units", json_array()));
        /* a leaving date ahead is allowed: the expert still works there (conflict.h) */
        ok(with(valid(), "former_units", loads("[{\"name\": \"南京大学\", \"until\": \"2030-01\"}]")));
        refused(with_s(valid(), "former_units", "南京大学"), "former_units",
                "曾任职单位应为数组，每项含 name、credit_code、until");
        refused(with(valid(), "former_units", loads("[\"南京大学\"]")), "former_units.0",
                "第 1 个曾任职单位应为对象（name、credit_code、until）");
        refused(with(valid(), "former_units", loads("[{\"name\": \"a\", \"until\": \"2021-01\"},"
                                                    " {\"until\": \"2021-01\"}]")),
                "former_units.1.name", "请填写第 2 个曾任职单位的名称");
        refused(with(valid(), "former_units", loads("[{\"name\": \"南京大学\"}]")),
                "former_units.0.until", "请填写第 1 个曾任职单位的离职年月");
        refused(with(valid(), "former_units", loads("[{\"name\": \"南京大学\", \"until\": \"2021-13\"}]")),
                "former_units.0.until", "第 1 个曾任职单位的离职年月应为 YYYY-MM 格式，如 2021-03");
        refused(with(valid(), "former_units", loads("[{\"name\": \"南京大学\", \"until\": \"2021/03\"}]")),
                "former_units.0.until", "第 1 个曾任职单位的离职年月应为 YYYY-MM 格式，如 2021-03");
        refused(with(valid(), "former_units",
                     loads("[{\"name\": \"南京大学\", \"credit_code\": \"123\", \"until\": \"2021-03\"}]")),
                "former_units.0.credit_code", "第 1 个曾任职单位的统一社会信用代码应为 18 位");
        refused(with(valid(), "former_units",
                     loads("[{\"name\": \"南京大学\", \"until\": \"2021-03\", \"left\": true}]")),
                "former_units.0.left", "不支持的字段“left”");
}

static void test_account(void **state)
{
        (void) state;
        ok(with_s(with_s(valid(), "username", NULL), "password", NULL));
        ok(with_s(with_s(valid(), "username", ""), "password", ""));
        refused(with_s(valid(), "password", NULL), "password", "设置登录用户名时须同时填写初始密码");
        refused(with_s(valid(), "username", ""), "username", "设置初始密码时须同时填写登录用户名");
        refused(with_s(valid(), "username", "1zhang"), "username", "用户名应以英文字母开头");
        refused(with_s(valid(), "username", "zw"), "username", "用户名应为 3～32 位");
        refused(with_s(valid(), "password", "zhangwei123"), "password",
                "密码须包含大写字母、小写字母、数字、符号中的至少三类");
        refused(with_s(valid(), "password", "Zw@2023"), "password", "密码至少 8 位");
        refused(with_s(with_s(valid(), "username", "Zhangwei1"), "password", "zhangwei1"),
                "password", "密码不能与用户名相同");
}

static void test_shape(void **state)
{
        json_t *problems = json_object(), *body;

        (void) state;
        refused(with(valid(), "id", json_integer(3)), "id", "不支持的字段“id”");
        refused(with(valid(), "load", json_integer(3)), "load", "不支持的字段“load”");
        refused(with_s(valid(), "active", "yes"), "active", "是否启用应为 true 或 false");
        refused(json_array(), "body", "请求体应为 JSON 对象");
        /* no campaign: that alone */
        assert_false(expert_check(NULL, NULL, regions, n_regions, problems));
        assert_string_equal(json_string_value(json_object_get(problems, "campaign")),
                            "未找到申报通知，无法检查专家信息");
        json_decref(problems);

        /* every problem at once, each once */
        problems = json_object();
        body = loads("{\"x\": 1}");
        assert_false(expert_check(body, &campaign, regions, n_regions, problems));
        json_decref(body);
        assert_non_null(json_object_get(problems, "x"));
        assert_non_null(json_object_get(problems, "name"));
        assert_non_null(json_object_get(problems, "unit"));
        assert_non_null(json_object_get(problems, "specialties"));
        assert_non_null(json_object_get(problems, "region_code"));
        assert_non_null(json_object_get(problems, "mobile"));
        assert_int_equal(json_object_size(problems), 6);
        json_decref(problems);
}

/* ---- the import -------------------------------------------------------------------------- */

/* The template's headers, comma-separated, as a CSV's first line. */
static char *template_header(void)
{
        struct buf b = BUF_INIT(0);

        for (size_t i = 0; i < EXPERT_COLUMNS; i++)
                buf_printf(&b, "%s%s", i ? "," : "", expert_columns[i].header);
        buf_puts(&b, "\r\n");
        return buf_detach(&b);
}

static int import(const char *data, size_t n, const char *name, json_t **ret, json_t *problems)
{
        return expert_import_parse((const unsigned char *) data, n, name, &campaign, regions,
                                   n_regions, ret, NULL, problems);
}

static json_t *import_ok(const char *data, size_t n, const char *name)
{
        json_t *problems = json_object(), *experts = NULL;

        if (import(data, n, name, &experts, problems) != 0) {
                char *dump = json_dumps(problems, JSON_INDENT(1));

                fail_msg("refused: %s", dump);
        }
        assert_int_equal(json_object_size(problems), 0);
        json_decref(problems);
        /* every body is one POST /api/v1/experts takes */
        for (size_t i = 0; i < json_array_size(experts); i++)
                assert_true(expert_check(json_array_get(experts, i), &campaign, regions, n_regions, NULL));
        return experts;
}

/* Refused: the problems (the caller checks them and frees). */
static json_t *import_refused(const char *data, size_t n, const char *name)
{
        json_t *problems = json_object(), *experts = (json_t *) 0x1;

        assert_int_equal(import(data, n, name, &experts, problems), -EINVAL);
        assert_ptr_equal(experts, (json_t *) 0x1);
        assert_true(json_object_size(problems) > 0);
        return problems;
}

static void assert_problem(json_t *problems, const char *key, const char *want)
{
        const char *got = json_string_value(json_object_get(problems, key));

        if (!got || (want && strcmp(got, want) != 0)) {
                char *dump = json_dumps(problems, JSON_INDENT(1));

                fail_msg("want %s: %s, got %s", key, want ? want : "(any)", dump);
        }
}

static void assert_problem_has(json_t *problems, const char *key, const char *part)
{
        const char *got = json_string_value(json_object_get(problems, key));

        if (!got || !strstr(got, part)) {
                char *dump = json_dumps(problems, JSON_INDENT(1));

                fail_msg("want %s containing %s, got %s", key, part, dump);
        }
}

static const char *str_at(json_t *experts, size_t i, const char *path)
{
        json_t *v = json_array_get(experts, i);
        char key[64];
        const char *p = path;

        while (v && *p) {
                size_t n = strcspn(p, ".");

                snprintf(key, sizeof key, "%.*s", (int) n, p);
                v = json_is_array(v) ? json_array_get(v, strtoul(key, NULL, 10)) : json_object_get(v, key);
                p += n + (p[n] == '.');
        }
        return json_string_value(v);
}

static void test_import_csv(void **state)
{
        /* columns in another order, short headers, a column the template has not (序号), an
         * optional one left out (职称), a blank row */
        static const char csv[] =
                "序号,手机号,姓名,工作单位,专业领域,所在地区,单位统一社会信用代码,曾任职单位,登录用户名,初始密码\n"
                "1,13912345678,张伟,东南大学,数字经济类、数字治理类,玄武区," CODE ","
                "\"南京大学||2021-03；江苏省数据局|" CODE "|2019年12月\",zhangwei,Zw@2023pass\n"
                ",,,,,,,,,\n"
                "3, 13800000000 ,李娜,ＡＢＣ（南京）有限公司,economy；智慧民生 ,徐州市鼓楼区,,,,\n"
                "4,15900000000,王强,南京市数据局,数字基础设施类,320583,,南京大学|2021/3/15,,\n";
        json_t *experts = import_ok(csv, strlen(csv), "专家.csv");

        (void) state;
        assert_int_equal(json_array_size(experts), 3);
        assert_string_equal(str_at(experts, 0, "name"), "张伟");
        assert_string_equal(str_at(experts, 0, "mobile"), "13912345678");
        assert_string_equal(str_at(experts, 0, "specialties.0"), "economy");
        assert_string_equal(str_at(experts, 0, "specialties.1"), "governance");
        assert_string_equal(str_at(experts, 0, "region_code"), "320102");
        assert_string_equal(str_at(experts, 0, "credit_code"), CODE);
        assert_string_equal(str_at(experts, 0, "former_units.0.name"), "南京大学");
        assert_null(str_at(experts, 0, "former_units.0.credit_code"));
        assert_string_equal(str_at(experts, 0, "former_units.0.until"), "2021-03");
        assert_string_equal(str_at(experts, 0, "former_units.1.name"), "江苏省数据局");
        assert_string_equal(str_at(experts, 0, "former_units.1.credit_code"), CODE);
        assert_string_equal(str_at(experts, 0, "former_units.1.until"), "2019-12");
        assert_string_equal(str_at(experts, 0, "username"), "zhangwei");
        assert_string_equal(str_at(experts, 0, "password"), "Zw@2023pass");
        assert_null(str_at(experts, 0, "title"));
        /* cells trimmed, the unit as written, a category by its name without 类 */
        assert_string_equal(str_at(experts, 1, "mobile"), "13800000000");
        assert_string_equal(str_at(experts, 1, "unit"), "ＡＢＣ（南京）有限公司");
        assert_string_equal(str_at(experts, 1, "specialties.0"), "economy");
        assert_string_equal(str_at(experts, 1, "specialties.1"), "livelihood");
        assert_string_equal(str_at(experts, 1, "region_code"), "320302");
        assert_null(json_object_get(json_array_get(experts, 1), "username"));
        assert_string_equal(str_at(experts, 2, "region_code"), "320583");
        assert_string_equal(str_at(experts, 2, "former_units.0.until"), "2021-03");
        json_decref(experts);
}

static void test_import_template_headers(void **state)
{
        char *header = template_header();
        struct buf b = BUF_INIT(0);
        json_t *experts;

        (void) state;
        /* the template's headers, with its example row */
        buf_puts(&b, header);
        for (size_t i = 0; i < EXPERT_COLUMNS; i++)
                buf_printf(&b, "%s\"%s\"", i ? "," : "", expert_columns[i].example);
        experts = import_ok(b.data, b.len, "template.csv");
        assert_int_equal(json_array_size(experts), 1);
        assert_string_equal(str_at(experts, 0, "name"), expert_columns[0].example);
        assert_string_equal(str_at(experts, 0, "region_code"), "320102");
        json_decref(experts);
        buf_free(&b);
        free(header);

        /* headers typed by hand: half-width brackets, spaces, an asterisk for "required" */
        {
                static const char csv[] = "*姓名,工作单位 *, 专业领域(多个用“、”分隔，填类别名称) ,"
                                          "所在地区,手机号\n张伟,东南大学,数字经济类,南京市,13912345678\n";

                experts = import_ok(csv, strlen(csv), NULL);
                assert_string_equal(str_at(experts, 0, "region_code"), "320100");
                json_decref(experts);
        }
}

static void test_import_months(void **state)
{
        static const struct {
                const char *cell, *until;
        } cases[] = {
                { "2021-03", "2021-03" },
                { "2021-3", "2021-03" },
                { "2021/3", "2021-03" },
                { "2021.03", "2021-03" },
                { "2021/3/15", "2021-03" },
                { "2021-03-01", "2021-03" },
                { "2021年3月", "2021-03" },
                { "2021年03月15日", "2021-03" },
                { "202103", "2021-03" },
                { "44256", "2021-03" },          /* Excel's serial day of 2021-03-01 */
                { "44286.5", "2021-03" },       /* 2021-03-31 noon */
        };

        (void) state;
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                char csv[512];
                json_t *experts;

                snprintf(csv, sizeof csv, "姓名,工作单位,专业领域,所在地区,手机号,曾任职单位\n"
                         "张伟,东南大学,数字经济类,南京市,13912345678,南京大学|%s\n", cases[i].cell);
                experts = import_ok(csv, strlen(csv), NULL);
                if (strcmp(str_at(experts, 0, "former_units.0.until"), cases[i].until) != 0)
                        fail_msg("%s read as %s", cases[i].cell, str_at(experts, 0, "former_units.0.until"));
                json_decref(experts);
        }
}

static void test_import_row_problems(void **state)
{
        static const char csv[] =
                "姓名,工作单位,专业领域,所在地区,手机号,曾任职单位,登录用户名,初始密码\n"
                "张伟,东南大学,数字经济类,玄武区,13912345678,,,\n"          /* row 2: fine */
                "李娜,江苏省数据局,数字经济类,玄武区,1391234567,,,\n"        /* 3: mobile */
                "王强,南京大学,人工智能类,玄武区,13912345678,,,\n"          /* 4: category */
                "赵敏,南京大学,数字经济类,鼓楼区,13912345678,,,\n"          /* 5: two 鼓楼区 */
                "钱进,南京大学,数字经济类,上海市,13912345678,,,\n"          /* 6: no such region */
                "孙立,南京大学,数字经济类,南京市,13912345678,南京大学|2021-13,,\n" /* 7: month */
                "周涛,南京大学,数字经济类,南京市,13912345678,南京大学|a|b|c,,\n"  /* 8: shape */
                ",南京大学,数字经济类,南京市,13912345678,,zhoutao,\n";         /* 9: name, password */
        json_t *p = import_refused(csv, strlen(csv), "experts.csv");

        (void) state;
        assert_null(json_object_get(p, "rows.2.name"));
        assert_problem(p, "rows.3.mobile", "第 3 行“手机号”：应为 11 位数字，以 13～19 开头");
        assert_problem(p, "rows.4.specialties",
                       "第 4 行“专业领域”：“人工智能类”不是本次申报的类别（可填：数字基础设施类、"
                       "数字经济类、数字治理类、智慧民生类）");
        assert_problem(p, "rows.5.region_code",
                       "第 5 行“所在地区”：“鼓楼区”有重名（南京市鼓楼区 320106、徐州市鼓楼区 320302），"
                       "请填写行政区划代码，或连同设区市写成“南京市鼓楼区”");
        assert_problem(p, "rows.6.region_code",
                       "第 6 行“所在地区”：未找到地区“上海市”，请填写江苏省内设区市、县（市、区）的名称或行政区划代码");
        assert_problem(p, "rows.7.former_units",
                       "第 7 行“曾任职单位”：第 1 个曾任职单位的离职年月应为 YYYY-MM 格式，如 2021-03");
        assert_problem(p, "rows.8.former_units",
                       "第 8 行“曾任职单位”：第 1 个单位应写成“单位名称|统一社会信用代码|离职年月”");
        assert_problem(p, "rows.9.name", "第 9 行“姓名”：请填写姓名");
        assert_problem(p, "rows.9.password", "第 9 行“初始密码”：设置登录用户名时须同时填写初始密码");
        assert_int_equal(json_object_size(p), 8);
        json_decref(p);
}

static void test_import_duplicates(void **state)
{
        static const char csv[] =
                "姓名,工作单位,专业领域,所在地区,手机号,登录用户名,初始密码\n"
                "张伟,东南大学,数字经济类,玄武区,13912345678,zhangwei,Zw@2023pass\n"
                "张伟,东南大学,数字治理类,玄武区,13912345679,,\n"                /* 3: same expert */
                "张伟, 东南 大学。,数字治理类,玄武区,13912345679,,\n"             /* 4: normalised */
                "张伟,东南大学计算机学院,数字治理类,玄武区,13912345679,,\n"       /* 5: another unit */
                "李娜,南京大学,数字经济类,玄武区,13912345670,ZhangWei,Ln@2023pass\n"; /* 6 */
        json_t *p = import_refused(csv, strlen(csv), NULL);

        (void) state;
        assert_problem(p, "rows.3.name", "第 3 行“姓名”：与第 2 行是同一位专家（姓名和工作单位相同）");
        assert_problem(p, "rows.4.name", "第 4 行“姓名”：与第 2 行是同一位专家（姓名和工作单位相同）");
        assert_problem(p, "rows.6.username", "第 6 行“登录用户名”：与第 2 行的登录用户名相同");
        assert_int_equal(json_object_size(p), 3);
        json_decref(p);
}

static void test_import_files_refused(void **state)
{
        json_t *p;
        char *header = template_header();

        (void) state;
        p = import_refused("", 0, "experts.csv");
        assert_problem(p, "file", "文件为空");
        json_decref(p);

        p = import_refused(header, strlen(header), "experts.csv");
        assert_problem(p, "file", "文件中没有专家数据（表头下面是空的）");
        json_decref(p);

        p = import_refused("姓名,手机号\n张伟,13912345678\n", strlen("姓名,手机号\n张伟,13912345678\n"), NULL);
        assert_problem(p, "file", "表头缺少以下列：“工作单位”、“专业领域”、“所在地区”（列名见导入模板）");
        json_decref(p);

        p = import_refused("a,b\n1,2\n", 8, NULL);
        assert_problem_has(p, "file", "找不到表头");
        json_decref(p);

        p = import_refused("姓名,工作单位,专业领域,所在地区,手机号,手机号\n",
                           strlen("姓名,工作单位,专业领域,所在地区,手机号,手机号\n"), NULL);
        assert_problem(p, "file", "表头中“手机号”列出现了两次");
        json_decref(p);

        /* Excel 97-2003 (and Office's encrypted files): an OLE compound file */
        p = import_refused("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 12, "专家.xls");
        assert_problem_has(p, "file", ".xls");
        json_decref(p);

        /* named .xlsx, but not a zip */
        p = import_refused(header, strlen(header), "专家.xlsx");
        assert_problem_has(p, "file", "不是有效的 XLSX");
        json_decref(p);
        p = import_refused(header, strlen(header),
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assert_problem_has(p, "file", "不是有效的 XLSX");
        json_decref(p);

        /* binary junk as CSV */
        p = import_refused("\x89PNG\r\n\x1a\n\0\0", 10, "photo.png");
        assert_problem_has(p, "file", "CSV");
        json_decref(p);

        /* no campaign */
        {
                json_t *problems = json_object(), *experts = NULL;

                assert_int_equal(expert_import_parse((const unsigned char *) header, strlen(header),
                                                     NULL, NULL, regions, n_regions, &experts, NULL, problems),
                                 -EINVAL);
                assert_problem(problems, "campaign", NULL);
                json_decref(problems);
        }
        free(header);
}

static void test_import_problem_cap(void **state)
{
        struct buf b = BUF_INIT(0);
        json_t *p;

        (void) state;
        buf_puts(&b, "姓名,工作单位,专业领域,所在地区,手机号\n");
        for (int i = 0; i < 600; i++)
                buf_printf(&b, "专家%d,单位%d,数字经济类,南京市,1\n", i, i);
        p = import_refused(b.data, b.len, NULL);
        assert_int_equal(json_object_size(p), 501);
        assert_problem(p, "file", "问题较多，只列出了前 500 条，请修改后重新上传");
        assert_problem(p, "rows.501.mobile", NULL);
        assert_null(json_object_get(p, "rows.502.mobile"));
        json_decref(p);
        buf_free(&b);
}

static char *to_gb18030(const char *utf8, size_t *ret_len)
{
        iconv_t cd = iconv_open("GB18030", "UTF-8");
        size_t in_left = strlen(utf8), cap = in_left * 2 + 8, out_left = cap;
        char *out = malloc(cap), *src = (char *) utf8, *dst = out;

        assert_true(cd != (iconv_t) -1);
        assert_true(iconv(cd, &src, &in_left, &dst, &out_left) != (size_t) -1);
        iconv_close(cd);
        *ret_len = cap - out_left;
        return out;
}

static void test_import_gb18030(void **state)
{
        char *header = template_header();
        struct buf b = BUF_INIT(0);
        char *gb;
        size_t n;
        json_t *experts, *p;

        (void) state;
        buf_puts(&b, header);
        buf_puts(&b, "张伟,东南大学,,教授,数字经济类,玄武区,13912345678,南京大学||2021年3月,,\r\n");
        gb = to_gb18030(b.data, &n);
        experts = import_ok(gb, n, "专家.csv");
        assert_string_equal(str_at(experts, 0, "unit"), "东南大学");
        assert_string_equal(str_at(experts, 0, "title"), "教授");
        assert_string_equal(str_at(experts, 0, "former_units.0.until"), "2021-03");
        json_decref(experts);
        free(gb);

        /* its problems name rows as well */
        buf_puts(&b, "李娜,南京大学,,,数字经济类,玄武区,123,,,\r\n");
        gb = to_gb18030(b.data, &n);
        p = import_refused(gb, n, NULL);
        assert_problem(p, "rows.3.mobile", "第 3 行“手机号”：应为 11 位数字，以 13～19 开头");
        json_decref(p);
        free(gb);
        buf_free(&b);
        free(header);
}

/* A real workbook: a title row above the header, the mobile a number cell, a row skipped. */
static void test_import_xlsx(void **state)
{
        char *path = temp_path(".xlsx");
        lxw_workbook *wb = workbook_new(path);
        lxw_worksheet *ws = workbook_add_worksheet(wb, "专家");
        unsigned char *data;
        size_t n;
        json_t *experts, *p;

        (void) state;
        worksheet_write_string(ws, 0, 0, "2023 年智慧江苏评审专家名单", NULL);
        for (size_t i = 0; i < EXPERT_COLUMNS; i++)
                worksheet_write_string(ws, 1, (lxw_col_t) i, expert_columns[i].header, NULL);
        worksheet_write_string(ws, 2, 0, "张伟", NULL);
        worksheet_write_string(ws, 2, 1, "东南大学", NULL);
        worksheet_write_string(ws, 2, 4, "数字经济类", NULL);
        worksheet_write_string(ws, 2, 5, "320102", NULL);
        worksheet_write_number(ws, 2, 6, 13912345678.0, NULL);
        worksheet_write_string(ws, 4, 0, "李娜", NULL);             /* row 5; row 4 empty */
        worksheet_write_string(ws, 4, 1, "南京大学", NULL);
        worksheet_write_string(ws, 4, 4, "智慧民生类", NULL);
        worksheet_write_string(ws, 4, 5, "昆山市", NULL);
        worksheet_write_number(ws, 4, 6, 13800000000.0, NULL);
        worksheet_write_string(ws, 4, 7, "东南大学||2022-06", NULL);
        assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
        data = slurp_and_remove(path, &n);

        experts = import_ok((const char *) data, n, "专家.xlsx");
        assert_int_equal(json_array_size(experts), 2);
        assert_string_equal(str_at(experts, 0, "mobile"), "13912345678");
        assert_string_equal(str_at(experts, 1, "region_code"), "320583");
        assert_string_equal(str_at(experts, 1, "former_units.0.until"), "2022-06");
        json_decref(experts);
        free(data);

        /* the rows of problems are the sheet's rows */
        {
                const char *cells[] = {
                        "姓名", "工作单位", "专业领域", "所在地区", "手机号",
                        "张伟", "东南大学", "数字经济类", "玄武区", "13912345678",
                        NULL, NULL, NULL, NULL, NULL,
                        "李娜", "东南大学", "数字经济类", "玄武区", "139",
                };

                data = xlsx_of_cells(cells, 4, 5, false, &n);
                p = import_refused((const char *) data, n, NULL);
                assert_problem(p, "rows.4.mobile", "第 4 行“手机号”：应为 11 位数字，以 13～19 开头");
                assert_int_equal(json_object_size(p), 1);
                json_decref(p);
                free(data);
        }
        /* a broken XLSX is the file's problem */
        {
                static const char junk[] = "PK\x03\x04 not really a zip";

                p = import_refused(junk, sizeof junk - 1, "专家.xlsx");
                assert_problem_has(p, "file", "XLSX");
                json_decref(p);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_valid_and_parse),
                cmocka_unit_test(test_texts),
                cmocka_unit_test(test_credit_code),
                cmocka_unit_test(test_specialties),
                cmocka_unit_test(test_region),
                cmocka_unit_test(test_mobile),
                cmocka_unit_test(test_former_units),
                cmocka_unit_test(test_account),
                cmocka_unit_test(test_shape),
                cmocka_unit_test(test_import_csv),
                cmocka_unit_test(test_import_template_headers),
                cmocka_unit_test(test_import_months),
                cmocka_unit_test(test_import_row_problems),
                cmocka_unit_test(test_import_duplicates),
                cmocka_unit_test(test_import_files_refused),
                cmocka_unit_test(test_import_problem_cap),
                cmocka_unit_test(test_import_gb18030),
                cmocka_unit_test(test_import_xlsx),
        };

        return cmocka_run_group_tests(tests, setup, teardown);
}
