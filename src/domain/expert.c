#include "domain/expert.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/creditcode.h"
#include "domain/password.h"
#include "util/buf.h"
#include "util/csv_read.h"
#include "util/timeutil.h"
#include "util/utf8.h"
#include "util/xlsx_read.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* A former unit's name: as long as a unit's. */
#define FORMER_NAME_MAX EXPERT_UNIT_MAX
/* An import with a wrong file says the same thing thousands of times: the first ones are enough. */
#define IMPORT_MAX_PROBLEMS 500

const struct expert_column expert_columns[EXPERT_COLUMNS] = {
        { "name", "姓名", "姓名", true, "张伟" },
        { "unit", "工作单位", "工作单位", true, "东南大学" },
        { "credit_code", "单位统一社会信用代码", "单位统一社会信用代码", false, "91350100M000100Y43" },
        { "title", "职称", "职称", false, "教授" },
        { "specialties", "专业领域（多个用“、”分隔，填类别名称）", "专业领域", true,
          "数字经济类、数字治理类" },
        { "region_code", "所在地区（行政区划代码或名称）", "所在地区", true, "玄武区" },
        { "mobile", "手机号", "手机号", true, "13912345678" },
        { "former_units", "曾任职单位（单位名称|统一社会信用代码|离职年月，多个用“；”分隔）",
          "曾任职单位", false, "南京大学||2021-03；江苏省数据局|11320000MB12345675|2019-12" },
        { "username", "登录用户名", "登录用户名", false, "zhangwei" },
        { "password", "初始密码", "初始密码", false, "Zw@2023pass" },
};

/* ---- messages ---------------------------------------------------------------------------- */

/* The first message for a key wins: checks run from "missing" to finer rules. */
static void put(json_t *problems, const char *key, const char *msg)
{
        if (!problems || !key || !msg || json_object_get(problems, key))
                return;
        json_object_set_new(problems, key, json_string(msg));
}

/* Messages carry what the user typed (an unknown key, a category), so they are built whole: a
 * message cut inside a character is not UTF-8 and jansson would drop it, and the problem with it. */
static void putf(json_t *problems, const char *key, const char *f, ...) __attribute__((format(printf, 3, 4)));
static void putf(json_t *problems, const char *key, const char *f, ...)
{
        va_list ap;
        char *msg = NULL;
        int n;

        va_start(ap, f);
        n = vasprintf(&msg, f, ap);
        va_end(ap);
        put(problems, key, n >= 0 ? msg : "字段有误");
        if (n >= 0)
                free(msg);
}

/* ---- the record -------------------------------------------------------------------------- */

/* Leading and trailing ASCII white space and U+3000 are not content. */
static size_t space_at(const char *s, size_t n)
{
        if (n >= 1 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
                return 1;
        if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
                return 3;
        if (n >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)   /* a no-break space, pasted from the web */
                return 2;
        return 0;
}

static const char *trim(const char *s, size_t *len)
{
        size_t n = *len, k;

        while ((k = space_at(s, n)) > 0)
                s += k, n -= k;
        for (;;) {
                if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                               s[n - 1] == '\n'))
                        n--;
                else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
                        n -= 3;
                else if (n >= 2 && memcmp(s + n - 2, "\xC2\xA0", 2) == 0)
                        n -= 2;
                else
                        break;
        }
        *len = n;
        return s;
}

static bool blank(const char *s)
{
        size_t n = strlen(s);

        trim(s, &n);
        return n == 0;
}

/* A text field of obj: its value when it is fine and not blank, else NULL with the problem put
 * (missing only when required). max in characters, 0 for none. label names the field. */
static const char *text_field(json_t *problems, json_t *obj, const char *key, const char *pkey,
                              const char *label, long max, bool required)
{
        json_t *v = json_object_get(obj, key);
        const char *s = json_string_value(v);
        long chars;

        if (!v || json_is_null(v) || (s && blank(s))) {
                if (required)
                        putf(problems, pkey, "请填写%s", label);
                return NULL;
        }
        if (!s) {
                putf(problems, pkey, "%s应为文本", label);
                return NULL;
        }
        chars = strlen(s) == json_string_length(v) ? utf8_count(s) : -1;
        if (chars < 0) {
                putf(problems, pkey, "%s含有无效字符", label);
                return NULL;
        }
        if (max > 0 && chars > max) {
                putf(problems, pkey, "%s不超过 %ld 字（现 %ld 字）", label, max, chars);
                return NULL;
        }
        return s;
}

/* An optional credit code; prefix names whose it is ("第 1 个曾任职单位的"): credit_code_message
 * begins with "统一社会信用代码". */
static void credit_code_field(json_t *problems, json_t *obj, const char *key, const char *pkey,
                              const char *prefix)
{
        char label[128];
        const char *s;
        enum credit_code_result r;

        snprintf(label, sizeof label, "%s统一社会信用代码", prefix);
        s = text_field(problems, obj, key, pkey, label, 0, false);
        if (!s)
                return;
        r = credit_code_check(s);
        if (r != CREDIT_CODE_OK)
                putf(problems, pkey, "%s%s", prefix, credit_code_message(r));
}

/* "数字基础设施类（infrastructure）、数字经济类（economy）…" for messages. */
static char *category_list(const struct campaign *c)
{
        struct buf b = BUF_INIT(0);

        for (size_t i = 0; i < c->n_categories; i++)
                buf_printf(&b, "%s%s（%s）", i ? "、" : "", c->categories[i].name,
                           c->categories[i].code);
        return buf_detach(&b);
}

static void check_specialties(json_t *problems, json_t *body, const struct campaign *c)
{
        json_t *v = json_object_get(body, "specialties"), *x;
        size_t i;

        if (!v || json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0)) {
                put(problems, "specialties", "请选择专业领域（至少一个申报类别）");
                return;
        }
        if (!json_is_array(v)) {
                put(problems, "specialties", "专业领域应为申报类别代码的数组，如 [\"economy\"]");
                return;
        }
        json_array_foreach(v, i, x) {
                const char *code = json_string_value(x);

                if (!code) {
                        put(problems, "specialties", "专业领域应为申报类别代码的数组，如 [\"economy\"]");
                        return;
                }
                if (!campaign_has_category(c, code)) {
                        char *list = category_list(c);

                        putf(problems, "specialties", "专业领域“%s”不是本次申报的类别（可选：%s）",
                             code, list);
                        free(list);
                        return;
                }
                for (size_t j = 0; j < i; j++)
                        if (strcmp(json_string_value(json_array_get(v, j)), code) == 0) {
                                putf(problems, "specialties", "专业领域“%s”重复", code);
                                return;
                        }
        }
}

/* Where the expert is: a 设区市 or a county-level region (the province is no place to live). */
static void check_region(json_t *problems, json_t *body, const struct region *regions,
                         size_t n_regions)
{
        const char *code = text_field(problems, body, "region_code", "region_code", "所在地区", 0, true);
        const struct region *r;

        if (!code)
                return;
        r = region_find(regions, regions ? n_regions : 0, code);
        if (!r || (strcmp(r->level, "city") != 0 && !region_is_county_level(r)))
                put(problems, "region_code", "所在地区应为江苏省内设区市或县（市、区）的行政区划代码");
}

static const char *const former_keys[] = { "name", "credit_code", "until" };

static void check_former_unit(json_t *problems, json_t *u, size_t i)
{
        char key[64], label[96];
        const char *k, *until;
        json_t *x;
        int32_t m;

        snprintf(key, sizeof key, "former_units.%zu", i);
        if (!json_is_object(u)) {
                putf(problems, key, "第 %zu 个曾任职单位应为对象（name、credit_code、until）", i + 1);
                return;
        }
        json_object_foreach(u, k, x) {
                size_t j;

                (void) x;
                for (j = 0; j < N_OF(former_keys) && strcmp(former_keys[j], k) != 0; j++)
                        ;
                if (j == N_OF(former_keys)) {
                        char *p = NULL;

                        if (asprintf(&p, "former_units.%zu.%s", i, k) >= 0) {
                                putf(problems, p, "不支持的字段“%s”", k);
                                free(p);
                        }
                }
        }
        snprintf(key, sizeof key, "former_units.%zu.name", i);
        snprintf(label, sizeof label, "第 %zu 个曾任职单位的名称", i + 1);
        text_field(problems, u, "name", key, label, FORMER_NAME_MAX, true);

        snprintf(key, sizeof key, "former_units.%zu.credit_code", i);
        snprintf(label, sizeof label, "第 %zu 个曾任职单位的", i + 1);
        credit_code_field(problems, u, "credit_code", key, label);

        snprintf(key, sizeof key, "former_units.%zu.until", i);
        snprintf(label, sizeof label, "第 %zu 个曾任职单位的离职年月", i + 1);
        until = text_field(problems, u, "until", key, label, 0, true);
        if (until && month_parse(until, &m) < 0)
                putf(problems, key, "%s应为 YYYY-MM 格式，如 2021-03", label);
}

static void check_former_units(json_t *problems, json_t *body)
{
        json_t *v = json_object_get(body, "former_units"), *u;
        size_t i;

        if (!v || json_is_null(v))
                return;
        if (!json_is_array(v)) {
                put(problems, "former_units", "曾任职单位应为数组，每项含 name、credit_code、until");
                return;
        }
        if (json_array_size(v) > EXPERT_FORMER_UNITS_MAX) {
                putf(problems, "former_units", "曾任职单位最多填写 %d 个（现 %zu 个）",
                     EXPERT_FORMER_UNITS_MAX, json_array_size(v));
                return;
        }
        json_array_foreach(v, i, u)
                check_former_unit(problems, u, i);
}

/* The expert's own sign-in account: both fields or neither, by the account rules. */
static void check_account(json_t *problems, json_t *body)
{
        const char *u = text_field(problems, body, "username", "username", "登录用户名", 0, false);
        const char *p = text_field(problems, body, "password", "password", "初始密码", 0, false);

        if (u && !p && !json_object_get(problems, "password"))
                put(problems, "password", "设置登录用户名时须同时填写初始密码");
        if (p && !u && !json_object_get(problems, "username"))
                put(problems, "username", "设置初始密码时须同时填写登录用户名");
        if (u)
                put(problems, "username", account_username_problem(u));
        if (p)
                put(problems, "password", password_problem(p, u));
}

static const char *const body_keys[] = {
        "name", "unit", "credit_code", "title", "specialties", "region_code", "mobile",
        "former_units", "username", "password", "active",
};

bool expert_check(json_t *body, const struct campaign *c, const struct region *regions,
                  size_t n_regions, json_t *problems)
{
        json_t *mine = json_object();
        const char *key, *mobile;
        json_t *v;
        bool ok;

        if (!mine)
                return false;
        if (!c) {
                put(mine, "campaign", "未找到申报通知，无法检查专家信息");
                goto done;
        }
        if (!json_is_object(body)) {
                put(mine, "body", "请求体应为 JSON 对象");
                goto done;
        }
        json_object_foreach(body, key, v) {
                size_t i;

                for (i = 0; i < N_OF(body_keys) && strcmp(body_keys[i], key) != 0; i++)
                        ;
                if (i == N_OF(body_keys))
                        putf(mine, key, "不支持的字段“%s”", key);
        }
        text_field(mine, body, "name", "name", "姓名", EXPERT_NAME_MAX, true);
        text_field(mine, body, "unit", "unit", "工作单位", EXPERT_UNIT_MAX, true);
        credit_code_field(mine, body, "credit_code", "credit_code", "");
        text_field(mine, body, "title", "title", "职称", EXPERT_TITLE_MAX, false);
        check_specialties(mine, body, c);
        check_region(mine, body, regions, n_regions);
        mobile = text_field(mine, body, "mobile", "mobile", "手机号", 0, true);
        if (mobile)
                put(mine, "mobile", account_mobile_problem(mobile));
        check_former_units(mine, body);
        check_account(mine, body);
        v = json_object_get(body, "active");
        if (v && !json_is_null(v) && !json_is_boolean(v))
                put(mine, "active", "是否启用应为 true 或 false");
done:
        ok = json_object_size(mine) == 0;
        if (problems)
                json_object_update_missing(problems, mine);
        json_decref(mine);
        return ok;
}

/* The string at key, NULL when absent, null or blank. */
static const char *given(json_t *obj, const char *key)
{
        const char *s = json_string_value(json_object_get(obj, key));

        return s && !blank(s) ? s : NULL;
}

int expert_parse(json_t *body, struct expert *ret)
{
        struct expert e = { .active = true };
        json_t *v, *x;
        size_t i;

        if (!json_is_object(body))
                return -EINVAL;
        e.name = given(body, "name");
        e.unit = given(body, "unit");
        e.credit_code = given(body, "credit_code");
        e.title = given(body, "title");
        e.region_code = given(body, "region_code");
        e.mobile = given(body, "mobile");
        e.username = given(body, "username");
        e.password = given(body, "password");
        if (!e.name || !e.unit || !e.region_code || !e.mobile || !e.username != !e.password)
                return -EINVAL;
        v = json_object_get(body, "specialties");
        if (!json_is_array(v) || json_array_size(v) == 0 ||
            json_array_size(v) > CAMPAIGN_CATEGORIES_MAX)
                return -EINVAL;
        json_array_foreach(v, i, x) {
                if (!json_is_string(x))
                        return -EINVAL;
                e.specialties[e.n_specialties++] = json_string_value(x);
        }
        v = json_object_get(body, "former_units");
        if (v && !json_is_null(v)) {
                if (!json_is_array(v) || json_array_size(v) > EXPERT_FORMER_UNITS_MAX)
                        return -EINVAL;
                json_array_foreach(v, i, x) {
                        struct conflict_former_unit *f = &e.former_units[e.n_former_units++];
                        const char *until = given(x, "until");

                        f->unit.name = given(x, "name");
                        f->unit.credit_code = given(x, "credit_code");
                        if (!f->unit.name || !until || month_parse(until, &f->until) < 0)
                                return -EINVAL;
                }
        }
        v = json_object_get(body, "active");
        if (json_is_boolean(v))
                e.active = json_is_true(v);
        *ret = e;
        return 0;
}

struct conflict_expert expert_conflict_view(const struct expert *e, const char *city_code)
{
        return (struct conflict_expert){
                .unit = { e->unit, e->credit_code },
                .former = e->former_units,
                .n_former = e->n_former_units,
                .city_code = city_code,
        };
}

/* ---- the import -------------------------------------------------------------------------- */

struct import {
        const struct campaign *c;
        const struct region *regions;
        size_t n_regions;
        json_t *problems;
        size_t n_problems;
        bool truncated;
        long col[EXPERT_COLUMNS];       /* the sheet's column of each template column, or -1 */
};

static const struct expert_column *column_of(const char *key)
{
        for (size_t i = 0; i < EXPERT_COLUMNS; i++)
                if (strcmp(expert_columns[i].key, key) == 0)
                        return &expert_columns[i];
        return NULL;
}

static void file_problem(struct import *im, const char *msg)
{
        put(im->problems, "file", msg);
}

/* "第 7 行“手机号”：…" at rows.7.mobile. A message that begins with the label says it once. */
static void row_put(struct import *im, uint32_t row, const char *key, const char *msg)
{
        const struct expert_column *col = column_of(key);
        const char *label = col ? col->label : key;
        size_t n = strlen(label);
        char *pkey = NULL;

        if (im->n_problems >= IMPORT_MAX_PROBLEMS) {
                if (!im->truncated)
                        putf(im->problems, "file", "问题较多，只列出了前 %d 条，请修改后重新上传",
                             IMPORT_MAX_PROBLEMS);
                im->truncated = true;
                return;
        }
        if (strncmp(msg, label, n) == 0 && msg[n])
                msg += n;
        if (asprintf(&pkey, "rows.%u.%s", (unsigned) row, key) < 0)
                return;
        if (!json_object_get(im->problems, pkey)) {
                putf(im->problems, pkey, "第 %u 行“%s”：%s", (unsigned) row, label, msg);
                im->n_problems++;
        }
        free(pkey);
}

static void row_putf(struct import *im, uint32_t row, const char *key, const char *f, ...)
        __attribute__((format(printf, 4, 5)));
static void row_putf(struct import *im, uint32_t row, const char *key, const char *f, ...)
{
        va_list ap;
        char *msg = NULL;
        int n;

        va_start(ap, f);
        n = vasprintf(&msg, f, ap);
        va_end(ap);
        if (n >= 0) {
                row_put(im, row, key, msg);
                free(msg);
        }
}

/* The trimmed text of a template column in a row, with its length; NULL when blank or absent. */
static const char *cell(const struct import *im, const struct sheet_row *r, size_t column,
                        size_t *ret_len)
{
        const char *s = im->col[column] < 0 ? NULL : sheet_cell(r, (size_t) im->col[column]);
        size_t n;

        if (!s)
                return NULL;
        n = strlen(s);
        s = trim(s, &n);
        *ret_len = n;
        return n ? s : NULL;
}

/* Template rows above the header: a title, a note. The header is looked for in these first rows
 * only, so a file without one is not searched to its end. */
#define HEADER_SEARCH_ROWS 10
#define HEADER_MAX 256

/* The template column a header cell names, or -1: normalised as unit names are (full- and
 * half-width, white space, a leading or trailing "*"), it is the column's header or its label. */
static int header_column(const char *cell_text, char norm[][2][HEADER_MAX])
{
        char a[HEADER_MAX];

        if (unit_name_normalise(cell_text, a, sizeof a) >= sizeof a || !*a)
                return -1;
        for (int i = 0; i < EXPERT_COLUMNS; i++)
                if (strcmp(a, norm[i][0]) == 0 || strcmp(a, norm[i][1]) == 0)
                        return i;
        return -1;
}

/* Finds the header row (the first row naming any template column: rows above it are a title)
 * and each column in it. Returns the index of the first data row, or -1 with the problem put. */
static long find_header(struct import *im, const struct sheet *s)
{
        char norm[EXPERT_COLUMNS][2][HEADER_MAX];
        size_t h;

        for (size_t i = 0; i < EXPERT_COLUMNS; i++) {
                im->col[i] = -1;
                unit_name_normalise(expert_columns[i].header, norm[i][0], HEADER_MAX);
                unit_name_normalise(expert_columns[i].label, norm[i][1], HEADER_MAX);
        }
        for (h = 0; h < s->n_rows && h < HEADER_SEARCH_ROWS; h++) {
                const struct sheet_row *r = &s->rows[h];
                bool any = false;

                for (size_t k = 0; k < r->n_cells; k++) {
                        int i = r->cells[k] ? header_column(r->cells[k], norm) : -1;

                        if (i < 0)
                                continue;
                        if (im->col[i] >= 0) {
                                putf(im->problems, "file", "表头中“%s”列出现了两次",
                                     expert_columns[i].label);
                                return -1;
                        }
                        im->col[i] = (long) k;
                        any = true;
                }
                if (any)
                        break;
        }
        if (h == s->n_rows || h == HEADER_SEARCH_ROWS) {
                file_problem(im, "找不到表头：第一行应为导入模板的列名（姓名、工作单位、手机号…）");
                return -1;
        }
        {
                struct buf missing = BUF_INIT(0);
                bool bad = false;

                for (size_t i = 0; i < EXPERT_COLUMNS; i++)
                        if (expert_columns[i].required && im->col[i] < 0) {
                                buf_printf(&missing, "%s“%s”", bad ? "、" : "", expert_columns[i].label);
                                bad = true;
                        }
                if (bad)
                        putf(im->problems, "file", "表头缺少以下列：%s（列名见导入模板）",
                             missing.data);
                buf_free(&missing);
                if (bad)
                        return -1;
        }
        return (long) h + 1;
}

/* Calls f on each trimmed, non-empty piece of s[0..n) between separators. */
static void each_piece(const char *s, size_t n, bool (*sep)(unsigned long),
                       void (*f)(void *, const char *, size_t), void *data)
{
        size_t piece = 0, i = 0;

        for (;;) {
                unsigned long cp = 0;
                size_t k = i < n ? utf8_decode(s + i, n - i, &cp) : 0;

                if (i == n || (k > 0 && sep(cp))) {
                        size_t len = i - piece;
                        const char *p = trim(s + piece, &len);

                        if (len > 0)
                                f(data, p, len);
                        if (i == n)
                                return;
                        piece = i + k;
                }
                i += k ? k : 1;
        }
}

/* ---- cells to a body --------------------------------------------------------------------- */

struct row_ctx {
        struct import *im;
        uint32_t row;
        json_t *body;
        json_t *list;                   /* the array being filled */
        size_t n_pieces;
};

/* 、 as the template asks, and whatever else people put between categories. */
static bool specialty_sep(unsigned long cp)
{
        return cp == 0x3001 || cp == 0xFF0C || cp == ',' || cp == 0xFF1B || cp == ';' ||
               cp == 0xFF0F || cp == '/' || cp == '\n' || cp == '\r' || cp == ' ' ||
               cp == '\t' || cp == 0x3000;
}

/* A category by code, name, or name without its "类" ("数字经济"). */
static void add_specialty(void *data, const char *s, size_t n)
{
        struct row_ctx *rc = data;
        const struct campaign *c = rc->im->c;
        const char *code = NULL;
        size_t i;
        json_t *x;

        for (i = 0; i < c->n_categories && !code; i++) {
                const struct campaign_category *cat = &c->categories[i];
                size_t nn = strlen(cat->name);

                if ((strlen(cat->code) == n && memcmp(cat->code, s, n) == 0) ||
                    (nn == n && memcmp(cat->name, s, n) == 0) ||
                    (nn > 3 && nn - 3 == n && strcmp(cat->name + n, "类") == 0 &&
                     memcmp(cat->name, s, n) == 0))
                        code = cat->code;
        }
        if (!code) {
                struct buf names = BUF_INIT(0);

                for (i = 0; i < c->n_categories; i++)
                        buf_printf(&names, "%s%s", i ? "、" : "", c->categories[i].name);
                row_putf(rc->im, rc->row, "specialties", "“%.*s”不是本次申报的类别（可填：%s）",
                         (int) n, s, names.data ? names.data : "");
                buf_free(&names);
                return;
        }
        json_array_foreach(rc->list, i, x)
                if (strcmp(json_string_value(x), code) == 0)
                        return;         /* written twice: once is meant */
        json_array_append_new(rc->list, json_string(code));
}

/* A region by its code, its exact name, or its city's name and its own (徐州市鼓楼区). */
static const char *region_code_of(struct import *im, uint32_t row, const char *s, size_t n)
{
        const struct region *found[4];
        size_t n_found = 0;
        bool digits = true;

        for (size_t i = 0; i < n; i++)
                digits &= s[i] >= '0' && s[i] <= '9';
        if (digits)
                return NULL;            /* a code: taken as written */
        for (size_t i = 0; i < im->n_regions; i++) {
                const struct region *r = &im->regions[i];
                const struct region *city = region_city_of(im->regions, im->n_regions, r);
                size_t rn = strlen(r->name), cn = city && city != r ? strlen(city->name) : 0;
                bool match = (rn == n && memcmp(r->name, s, n) == 0) ||
                             (cn > 0 && cn + rn == n && memcmp(city->name, s, cn) == 0 &&
                              memcmp(r->name, s + cn, rn) == 0);

                if (match && n_found < N_OF(found))
                        found[n_found++] = r;
        }
        if (n_found == 1)
                return found[0]->code;
        if (n_found == 0) {
                row_putf(im, row, "region_code",
                         "未找到地区“%.*s”，请填写江苏省内设区市、县（市、区）的名称或行政区划代码",
                         (int) n, s);
        } else {
                const struct region *city = region_city_of(im->regions, im->n_regions, found[0]);
                struct buf which = BUF_INIT(0);

                for (size_t i = 0; i < n_found; i++) {
                        const struct region *c = region_city_of(im->regions, im->n_regions, found[i]);

                        buf_printf(&which, "%s%s%s %s", i ? "、" : "", c && c != found[i] ? c->name : "",
                                   found[i]->name, found[i]->code);
                }
                row_putf(im, row, "region_code",
                         "“%.*s”有重名（%s），请填写行政区划代码，或连同设区市写成“%s%.*s”",
                         (int) n, s, which.data, city && city != found[0] ? city->name : "",
                         (int) n, s);
                buf_free(&which);
        }
        return "";
}

/* Digits at *s, at most max of them: their value, or -1 when there are fewer than min. */
static int number_at(const char **s, int min, int max)
{
        int v = 0, k = 0;

        while (k < max && **s >= '0' && **s <= '9') {
                v = v * 10 + (**s - '0');
                (*s)++;
                k++;
        }
        return k >= min ? v : -1;
}

static bool skip(const char **s, const char *word)
{
        size_t n = strlen(word);

        if (strncmp(*s, word, n) != 0)
                return false;
        *s += n;
        return true;
}

/* A leaving date as people write it, as "YYYY-MM" in out (>= 16 bytes): 2021-03, 2021-3, 2021/3,
 * 2021.3, 2021年3月, each with a day or not (2021/3/15, 2021年3月15日), 202103, and Excel's serial
 * day (44256, what a date becomes when joined into text with &). False when it is none of those;
 * the text is then checked as written, and refused with the record's message. */
static bool month_text(const char *s, char *out)
{
        const char *p = s;
        size_t digits = strspn(s, "0123456789");
        int y, m;

        if (digits == 5 && (s[5] == '\0' || (s[5] == '.' && s[6] &&
                                             strspn(s + 6, "0123456789") == strlen(s + 6)))) {
                int32_t days;
                char date[32];

                if (xlsx_serial_days(strtol(s, NULL, 10), &days) < 0)
                        return false;
                date_format(days, date);
                snprintf(out, 16, "%.7s", date);
                return true;
        }
        y = number_at(&p, 4, 4);
        if (digits == 6 && s[6] == '\0') {
                m = number_at(&p, 2, 2);
        } else {
                bool chinese = skip(&p, "年");

                if (y < 0 || !(chinese || skip(&p, "-") || skip(&p, "/") || skip(&p, ".")))
                        return false;
                m = number_at(&p, 1, 2);
                if (chinese && !skip(&p, "月") && *p)
                        return false;
                if (*p) {
                        int d;

                        if (!chinese && !(skip(&p, "-") || skip(&p, "/") || skip(&p, ".")))
                                return false;
                        d = number_at(&p, 1, 2);
                        if (d < 1 || d > 31)
                                return false;
                        if (chinese)
                                skip(&p, "日");
                }
        }
        if (*p || y < 1 || m < 1 || m > 12)
                return false;
        snprintf(out, 16, "%04d-%02d", y, m);
        return true;
}

static bool unit_sep(unsigned long cp)
{
        return cp == 0xFF1B || cp == ';' || cp == '\n' || cp == '\r';
}

static bool part_sep(unsigned long cp)
{
        return cp == '|' || cp == 0xFF5C;
}

struct parts {
        const char *s[4];
        size_t n[4];
        size_t count;
};

static void add_part(void *data, const char *s, size_t n)
{
        struct parts *p = data;

        if (p->count < N_OF(p->s)) {
                p->s[p->count] = s;
                p->n[p->count] = n;
        }
        p->count++;
}

/* Splits on | keeping empty parts: "南京大学||2021-03" is a name, no code and a month. */
static void split_parts(const char *s, size_t n, struct parts *ret)
{
        size_t start = 0, i = 0;

        memset(ret, 0, sizeof *ret);
        for (;;) {
                unsigned long cp = 0;
                size_t k = i < n ? utf8_decode(s + i, n - i, &cp) : 0;

                if (i == n || (k > 0 && part_sep(cp))) {
                        size_t len = i - start;
                        const char *p = trim(s + start, &len);

                        add_part(ret, p, len);
                        if (i == n)
                                return;
                        start = i + k;
                }
                i += k ? k : 1;
        }
}

/* "名称|代码|年月", "名称|年月" or "名称" (then the month is missing, and said so). */
static void add_former_unit(void *data, const char *s, size_t n)
{
        struct row_ctx *rc = data;
        struct parts p;
        json_t *u;

        rc->n_pieces++;
        split_parts(s, n, &p);
        if (p.count > 3) {
                row_putf(rc->im, rc->row, "former_units",
                         "第 %zu 个单位应写成“单位名称|统一社会信用代码|离职年月”",
                         rc->n_pieces);
                return;
        }
        u = json_object();
        json_object_set_new(u, "name", json_stringn(p.s[0], p.n[0]));
        if (p.count == 3 && p.n[1] > 0)
                json_object_set_new(u, "credit_code", json_stringn(p.s[1], p.n[1]));
        if (p.count >= 2 && p.n[p.count - 1] > 0) {
                char *text = strndup(p.s[p.count - 1], p.n[p.count - 1]);
                char month[16];

                if (text)
                        json_object_set_new(u, "until",
                                            json_string(month_text(text, month) ? month : text));
                free(text);
        }
        json_array_append_new(rc->list, u);
}

/* One data row as a POST body; problems of the cells themselves (a category or a region that
 * is not there) are put at the row, the rest is expert_check's. */
static json_t *row_body(struct import *im, const struct sheet_row *r)
{
        struct row_ctx rc = { .im = im, .row = r->number, .body = json_object() };
        size_t n;

        for (size_t i = 0; i < EXPERT_COLUMNS; i++) {
                const char *key = expert_columns[i].key;
                const char *s = cell(im, r, i, &n);

                if (!s)
                        continue;
                if (strcmp(key, "specialties") == 0) {
                        rc.list = json_array();
                        each_piece(s, n, specialty_sep, add_specialty, &rc);
                        if (json_array_size(rc.list) > 0)
                                json_object_set(rc.body, key, rc.list);
                        json_decref(rc.list);
                } else if (strcmp(key, "former_units") == 0) {
                        rc.list = json_array();
                        each_piece(s, n, unit_sep, add_former_unit, &rc);
                        json_object_set_new(rc.body, key, rc.list);
                } else if (strcmp(key, "region_code") == 0) {
                        const char *code = region_code_of(im, r->number, s, n);

                        if (!code)
                                json_object_set_new(rc.body, key, json_stringn(s, n));
                        else if (*code)
                                json_object_set_new(rc.body, key, json_string(code));
                } else {
                        json_object_set_new(rc.body, key, json_stringn(s, n));
                }
        }
        return rc.body;
}

static bool row_blank(const struct import *im, const struct sheet_row *r)
{
        size_t n;

        for (size_t i = 0; i < EXPERT_COLUMNS; i++)
                if (cell(im, r, i, &n))
                        return false;
        return true;
}

/* expert_check's keys ("former_units.1.until") at the row's column ("rows.7.former_units"). */
static void row_check(struct import *im, uint32_t row, json_t *body)
{
        json_t *mine = json_object();
        const char *key;
        json_t *v;

        expert_check(body, im->c, im->regions, im->n_regions, mine);
        json_object_foreach(mine, key, v) {
                char column[32];

                snprintf(column, sizeof column, "%.*s", (int) strcspn(key, "."), key);
                row_put(im, row, column, json_string_value(v));
        }
        json_decref(mine);
}

/* The same expert twice in one file (name and normalised unit), or one username twice. */
static void check_duplicates(struct import *im, uint32_t row, json_t *body, json_t *seen_experts,
                             json_t *seen_usernames)
{
        const char *name = given(body, "name"), *unit = given(body, "unit");
        const char *username = given(body, "username");
        json_t *first;

        if (name && unit) {
                char norm[1024], *key = NULL;
                size_t n = strlen(name);
                const char *t = trim(name, &n);

                unit_name_normalise(unit, norm, sizeof norm);
                if (asprintf(&key, "%.*s\n%s", (int) n, t, norm) >= 0) {
                        first = json_object_get(seen_experts, key);
                        if (first)
                                row_putf(im, row, "name", "与第 %lld 行是同一位专家（姓名和工作单位相同）",
                                         (long long) json_integer_value(first));
                        else
                                json_object_set_new(seen_experts, key, json_integer(row));
                        free(key);
                }
        }
        if (username) {
                char *lower = strdup(username);

                for (char *p = lower; p && *p; p++)
                        if (*p >= 'A' && *p <= 'Z')
                                *p = (char) (*p - 'A' + 'a');
                first = lower ? json_object_get(seen_usernames, lower) : NULL;
                if (first)
                        row_putf(im, row, "username", "与第 %lld 行的登录用户名相同",
                                 (long long) json_integer_value(first));
                else if (lower)
                        json_object_set_new(seen_usernames, lower, json_integer(row));
                free(lower);
        }
}

static bool says_xlsx(const char *hint)
{
        static const char mime[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        size_t n = hint ? strlen(hint) : 0;

        return n && ((n >= 5 && strcasecmp(hint + n - 5, ".xlsx") == 0) ||
                     strncasecmp(hint, mime, sizeof mime - 1) == 0);
}

/* The upload as a sheet, or NULL with the problem "file". */
static struct sheet *read_upload(struct import *im, const unsigned char *data, size_t n,
                                 const char *hint)
{
        struct sheet *s = NULL;
        const char *err = NULL;

        if (n == 0) {
                file_problem(im, "文件为空");
                return NULL;
        }
        if (n >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
                file_problem(im, "不支持 Excel 97-2003（.xls）格式或设有打开密码的表格，"
                                 "请另存为 .xlsx 或 CSV 后再上传");
                return NULL;
        }
        if ((n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) || says_xlsx(hint)) {
                if (xlsx_read(data, n, &s, &err) < 0)
                        file_problem(im, err);
        } else if (csv_read(data, n, &s, &err) < 0) {
                file_problem(im, err);
        }
        return s;
}

int expert_import_parse(const unsigned char *data, size_t n, const char *filename_or_type,
                        const struct campaign *c, const struct region *regions, size_t n_regions,
                        json_t **ret_experts, int **ret_rows, json_t *problems)
{
        struct import im = { .c = c, .regions = regions, .n_regions = regions ? n_regions : 0,
                             .problems = problems };
        json_t *experts = json_array(), *seen_experts = json_object(), *seen_usernames = json_object();
        size_t before = json_object_size(problems), n_rows = 0;
        int *rows = NULL;
        struct sheet *s = NULL;
        long first;

        if (!problems) {
                json_decref(experts);
                json_decref(seen_experts);
                json_decref(seen_usernames);
                return -EINVAL;
        }
        if (!experts || !seen_experts || !seen_usernames) {
                put(problems, "file", "服务器内存不足，无法读取文件");
                goto done;
        }
        if (!c) {
                put(problems, "campaign", "未找到申报通知，无法检查专家信息");
                goto done;
        }
        s = read_upload(&im, data, n, filename_or_type);
        if (!s)
                goto done;
        first = find_header(&im, s);
        if (first < 0)
                goto done;
        for (size_t i = (size_t) first; i < s->n_rows; i++) {
                const struct sheet_row *r = &s->rows[i];
                json_t *body;

                if (row_blank(&im, r))
                        continue;
                body = row_body(&im, r);
                row_check(&im, r->number, body);
                check_duplicates(&im, r->number, body, seen_experts, seen_usernames);
                json_array_append_new(experts, body);
                if (ret_rows) {
                        int *more = realloc(rows, (n_rows + 1) * sizeof *rows);
                        if (!more) {
                                put(problems, "file", "服务器内存不足，无法读取文件");
                                break;
                        }
                        rows = more;
                        rows[n_rows++] = (int)r->number;
                }
        }
        if (json_array_size(experts) == 0 && json_object_size(problems) == before)
                file_problem(&im, "文件中没有专家数据（表头下面是空的）");
done:
        sheet_free(s);
        json_decref(seen_experts);
        json_decref(seen_usernames);
        if (!experts || json_object_size(problems) > before) {
                json_decref(experts);
                free(rows);
                if (json_object_size(problems) == before)
                        put(problems, "file", "无法读取文件");
                return -EINVAL;
        }
        *ret_experts = experts;
        if (ret_rows)
                *ret_rows = rows;
        return 0;
}
