#include "domain/form.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/attachment.h"
#include "domain/creditcode.h"
#include "util/money.h"
#include "util/timeutil.h"
#include "util/utf8.h"

/* Any one text field, in bytes: the notice's limits are a few hundred characters, so this only
 * stops a body from parking megabytes in a field the rules do not limit. */
#define FORM_TEXT_MAX_BYTES 10000

/* The earliest year an honor may have been granted: older claims are typing mistakes. */
#define HONOR_YEAR_MIN 1980

/* When long texts have no limit in the campaign, this keeps them sane (the notice's own limits
 * are in data/campaigns/<year>.json, never here). */
#define LONG_TEXT_DEFAULT_MAX 2000

enum field_type {
        F_TEXT,
        F_BOOL,         /* a confirmation: ticked (true) or not (false) */
        F_CHOICE,       /* a 是/否 question: true, false, or null while not yet answered */
        F_MONEY,        /* number (万元) or null */
        F_REVENUE,      /* {"2020": number|null, ...} */
        F_HONORS,       /* {high_tech, tech_center, key_lab: null|{level, year}, other} */
        F_FUNDING,      /* null | {month, fund_name, amount} */
        F_VARIANT,      /* integer or null */
};

enum field_required {
        R_NO,
        R_ALWAYS,
        R_JOINT,        /* only when cover.joint; ignored entirely otherwise */
        R_ENTERPRISE,   /* only for enterprise natures */
};

struct field {
        const char *key;
        enum field_type type;
        const char *label;              /* the 附件1 wording, for messages */
        enum field_required required;
        bool select;                    /* chosen from a list: "请选择" rather than "请填写" */
        int max_chars;                  /* when the campaign sets no limit; 0 = none */
};

struct section {
        const char *key;
        const char *label;
        const struct field *fields;
        size_t n_fields;
};

static const struct field cover_fields[] = {
        { "project_name", F_TEXT, "项目名称", R_ALWAYS, false, 100 },
        { "applicant_unit", F_TEXT, "申报单位", R_ALWAYS, false, 200 },
        { "address", F_TEXT, "地址", R_ALWAYS, false, 200 },
        { "postcode", F_TEXT, "邮编", R_ALWAYS, false, 0 },
        { "project_leader", F_TEXT, "项目负责人", R_ALWAYS, false, 50 },
        { "contact_name", F_TEXT, "联系人", R_ALWAYS, false, 50 },
        { "contact_mobile", F_TEXT, "手机号", R_ALWAYS, false, 0 },
        { "joint", F_CHOICE, "是否联合申报", R_ALWAYS, true, 0 },
        { "partner_unit", F_TEXT, "合作单位", R_JOINT, false, 200 },
        { "partner_address", F_TEXT, "合作单位地址", R_JOINT, false, 200 },
        { "partner_postcode", F_TEXT, "合作单位邮编", R_JOINT, false, 0 },
        { "partner_contact_name", F_TEXT, "合作单位联系人", R_JOINT, false, 50 },
        { "partner_contact_mobile", F_TEXT, "合作单位联系人手机号", R_JOINT, false, 0 },
        { "fill_date", F_TEXT, "填报日期", R_ALWAYS, false, 0 },
};

static const struct field unit_fields[] = {
        { "name", F_TEXT, "申报单位名称", R_ALWAYS, false, 200 },
        { "credit_code", F_TEXT, "统一社会信用代码", R_ALWAYS, false, 0 },
        { "legal_representative", F_TEXT, "法人代表", R_ALWAYS, false, 50 },
        { "region_code", F_TEXT, "申报地区", R_ALWAYS, true, 0 },
        { "affiliation", F_TEXT, "单位隶属", R_ALWAYS, true, 0 },
        { "department_code", F_TEXT, "主管的省有关部门", R_NO, true, 0 },
        { "contact_name", F_TEXT, "申报联系人", R_ALWAYS, false, 50 },
        { "contact_phone", F_TEXT, "联系电话", R_ALWAYS, false, 0 },
        { "address", F_TEXT, "单位地址", R_ALWAYS, false, 200 },
        { "nature", F_TEXT, "单位性质", R_ALWAYS, true, 0 },
        { "nature_other", F_TEXT, "其他单位性质", R_NO, false, 50 },
        { "revenue", F_REVENUE, "近三年业务收入", R_NO, false, 0 },
        { "main_business", F_TEXT, "主营业务", R_ENTERPRISE, false, 200 },
        { "honors", F_HONORS, "相关荣誉", R_NO, false, 0 },
        { "joint_units", F_TEXT, "联合申报单位", R_JOINT, false, 500 },
        { "overview", F_TEXT, "申报单位概况", R_ALWAYS, false, LONG_TEXT_DEFAULT_MAX },
};

static const struct field project_fields[] = {
        { "name", F_TEXT, "申报项目名称", R_ALWAYS, false, 100 },
        { "start_month", F_TEXT, "起止时间（开始月份）", R_ALWAYS, false, 0 },
        { "end_month", F_TEXT, "起止时间（结束月份）", R_ALWAYS, false, 0 },
        { "total_investment", F_MONEY, "项目总投资", R_ALWAYS, false, 0 },
        { "non_construction_investment", F_MONEY, "非土建类投资", R_ALWAYS, false, 0 },
        { "region_code", F_TEXT, "项目建设地区", R_ALWAYS, true, 0 },
        { "provincial_funding", F_FUNDING, "省级以上资金支持", R_NO, false, 0 },
        /* Required too, with its own message: see check_project. */
        { "category", F_TEXT, "申报类别", R_NO, true, 0 },
        { "basic_info", F_TEXT, "申报项目基本情况", R_ALWAYS, false, LONG_TEXT_DEFAULT_MAX },
        { "achievements", F_TEXT, "项目成效", R_ALWAYS, false, LONG_TEXT_DEFAULT_MAX },
        { "main_part_completed", F_CHOICE, "是否已完成主体部分建设", R_ALWAYS, true, 0 },
        { "is_continuation", F_CHOICE, "是否为续期建设项目", R_ALWAYS, true, 0 },
        { "phased", F_CHOICE, "是否分期建设", R_ALWAYS, true, 0 },
        { "phased_declared_whole", F_BOOL, "是否已按项目整体申报", R_NO, false, 0 },
};

static const struct field ownership_fields[] = {
        { "variant", F_VARIANT, "项目权属及授权情况", R_NO, true, 0 },
        { "partner_unit", F_TEXT, "合作单位或项目权属单位", R_NO, false, 200 },
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct section sections[] = {
        { "cover", "封面", cover_fields, N_OF(cover_fields) },
        { "unit", "表一（申报单位信息）", unit_fields, N_OF(unit_fields) },
        { "project", "表二（申报项目信息）", project_fields, N_OF(project_fields) },
        { "ownership", "项目权属及授权情况说明", ownership_fields, N_OF(ownership_fields) },
};

#define DECLARATION_KEY "declaration_accepted"
#define DECLARATION_LABEL "真实性声明"

static const struct {
        const char *key;
        const char *label;
} honor_kinds[] = {
        { "high_tech", "高新技术企业" },
        { "tech_center", "企业技术中心" },
        { "key_lab", "重点实验室" },
};

#define HONOR_OTHER_LABEL "其他市级以上荣誉"
#define HONOR_OTHER_MAX 200
#define FUND_NAME_MAX 100

/* GLOSSARY.md: the codes, the words people see, and which natures are enterprises. */
static const struct {
        const char *code;
        const char *label;
        bool enterprise;
} natures[FORM_NATURES] = {
        { "government", "政府机关", false },
        { "institution", "事业单位", false },
        { "social_group", "社会团体", false },
        { "state_owned", "国有企业", true },
        { "private", "民营企业", true },
        { "foreign", "外资企业", true },
        { "joint_venture", "合资企业", true },
        { "state_controlled", "国有控股企业", true },
        { "state_participated", "国有参股企业", true },
        { "other", "其他", false },
};

const char *form_nature_code(size_t i)
{
        return i < FORM_NATURES ? natures[i].code : "";
}

const char *form_nature_label(const char *code)
{
        for (size_t i = 0; code && i < FORM_NATURES; i++)
                if (strcmp(natures[i].code, code) == 0)
                        return natures[i].label;
        return "";
}

const char *form_affiliation_label(const char *code)
{
        if (!code)
                return "";
        if (strcmp(code, "county") == 0)
                return "县（市、区）属单位";
        if (strcmp(code, "city_direct") == 0)
                return "市直单位";
        if (strcmp(code, "province_direct") == 0)
                return "省直单位";
        return "";
}

const char *form_honor_level_label(const char *code)
{
        if (code && strcmp(code, "national") == 0)
                return "国家级";
        if (code && strcmp(code, "provincial_municipal") == 0)
                return "省市级";
        return "";
}

/* ---- messages ---------------------------------------------------------------------------- */

/* A malloc'd printf; NULL when out of memory. Keys and messages may carry what the user typed
 * (an unknown key's name), so nothing here is a fixed-size buffer. */
static char *vfmt(const char *f, va_list ap)
{
        va_list ap2;
        char *s;
        int n;

        va_copy(ap2, ap);
        n = vsnprintf(NULL, 0, f, ap2);
        va_end(ap2);
        if (n < 0)
                return NULL;
        s = malloc((size_t) n + 1);
        if (s)
                vsnprintf(s, (size_t) n + 1, f, ap);
        return s;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
        va_list ap;
        char *s;

        va_start(ap, f);
        s = vfmt(f, ap);
        va_end(ap);
        return s;
}

/* The first message for a key wins: the checks run from "missing" to finer rules, and the first
 * is what the user must fix first. */
static void put(json_t *obj, const char *key, const char *msg)
{
        if (!obj || !key || !msg || json_object_get(obj, key))
                return;
        json_object_set_new(obj, key, json_string(msg));
}

static void putf(json_t *obj, const char *key, const char *f, ...) __attribute__((format(printf, 3, 4)));
static void putf(json_t *obj, const char *key, const char *f, ...)
{
        va_list ap;
        char *msg;

        va_start(ap, f);
        msg = vfmt(f, ap);
        va_end(ap);
        put(obj, key, msg);
        free(msg);
}

/* "不支持的字段“foo”" at prefix.key (prefix may be NULL for the top level). */
static void put_unknown(json_t *problems, const char *prefix, const char *key)
{
        char *path = prefix ? fmt("%s.%s", prefix, key) : fmt("%s", key);

        putf(problems, path, "不支持的字段“%s”", key);
        free(path);
}

/* ---- small helpers ----------------------------------------------------------------------- */

static const struct section *section_find(const char *key)
{
        for (size_t i = 0; i < N_OF(sections); i++)
                if (strcmp(sections[i].key, key) == 0)
                        return &sections[i];
        return NULL;
}

static const struct field *field_find(const struct section *s, const char *key)
{
        for (size_t i = 0; i < s->n_fields; i++)
                if (strcmp(s->fields[i].key, key) == 0)
                        return &s->fields[i];
        return NULL;
}

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

static bool all_digits(const char *s, size_t n)
{
        if (strlen(s) != n)
                return false;
        for (size_t i = 0; i < n; i++)
                if (!is_digit(s[i]))
                        return false;
        return true;
}

/* Leading and trailing ASCII white space and U+3000 (the ideographic space that Chinese input
 * methods type) are not content: a field of only those is empty. */
static size_t space_at(const char *s)
{
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
                return 1;
        if ((unsigned char) s[0] == 0xE3 && (unsigned char) s[1] == 0x80 &&
            (unsigned char) s[2] == 0x80)
                return 3;
        return 0;
}

static const char *trimmed(const char *s, size_t *ret_len)
{
        const char *end;
        size_t n;

        while ((n = space_at(s)) > 0)
                s += n;
        end = s + strlen(s);
        for (;;) {
                if (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
                                end[-1] == '\n'))
                        end--;
                else if (end - s >= 3 && (unsigned char) end[-3] == 0xE3 &&
                         (unsigned char) end[-2] == 0x80 && (unsigned char) end[-1] == 0x80)
                        end -= 3;
                else
                        break;
        }
        *ret_len = (size_t) (end - s);
        return s;
}

static bool blank(const char *s)
{
        size_t n;

        trimmed(s, &n);
        return n == 0;
}

static bool same_text(const char *a, const char *b)
{
        size_t na, nb;

        a = trimmed(a, &na);
        b = trimmed(b, &nb);
        return na == nb && memcmp(a, b, na) == 0;
}

/* The string value at obj.key, "" when absent or not a string: form_check must survive a stored
 * form of an older shape. */
static const char *text_of(json_t *obj, const char *key)
{
        const char *s = json_string_value(json_object_get(obj, key));

        return s ? s : "";
}

static json_t *object_of(json_t *obj, const char *key)
{
        json_t *v = json_object_get(obj, key);

        return json_is_object(v) ? v : NULL;
}

static int year_of_day(int32_t days)
{
        char buf[32];

        date_format(days, buf);
        return (int) strtol(buf, NULL, 10);
}

/* ---- empty values (form_new, form_merge) ---------------------------------------------------- */

static json_t *empty_honors(void)
{
        return json_pack("{s:n, s:n, s:n, s:s}", "high_tech", "tech_center", "key_lab",
                         "other", "");
}

static json_t *empty_value(enum field_type t)
{
        switch (t) {
        case F_TEXT:
                return json_string("");
        case F_BOOL:
                return json_false();
        case F_CHOICE:
                return json_null();
        case F_REVENUE:
                /* No years: form_new has no campaign, and the years come from its statistics
                 * cutoff. A missing year is read as null (not given). */
                return json_object();
        case F_HONORS:
                return empty_honors();
        case F_MONEY:
        case F_FUNDING:
        case F_VARIANT:
                return json_null();
        }
        return json_null();
}

static json_t *empty_section(const struct section *s)
{
        json_t *obj = json_object();

        for (size_t i = 0; obj && i < s->n_fields; i++)
                json_object_set_new(obj, s->fields[i].key, empty_value(s->fields[i].type));
        return obj;
}

/* Deep copies of nested values with every key present, as a stored form always has: defaults
 * (a new reference) updated with the keys v has. */
static json_t *completed(json_t *defaults, json_t *v)
{
        json_t *copy = json_deep_copy(v);

        if (defaults && copy)
                json_object_update_existing(defaults, copy);
        json_decref(copy);
        return defaults;
}

static json_t *complete_honors(json_t *v)
{
        json_t *ret = completed(empty_honors(), v);

        for (size_t i = 0; ret && i < N_OF(honor_kinds); i++) {
                json_t *h = json_object_get(ret, honor_kinds[i].key);

                if (json_is_object(h))
                        json_object_set_new(ret, honor_kinds[i].key,
                                            completed(json_pack("{s:s, s:n}", "level", "", "year"),
                                                      h));
        }
        return ret;
}

static json_t *complete_value(const struct field *f, json_t *v)
{
        switch (f->type) {
        case F_HONORS:
                return json_is_object(v) ? complete_honors(v) : empty_honors();
        case F_FUNDING:
                if (!json_is_object(v))
                        return json_null();
                return completed(json_pack("{s:s, s:s, s:n}", "month", "", "fund_name", "",
                                           "amount"), v);
        default:
                return json_deep_copy(v);
        }
}

json_t *form_new(const char *unit_name, const char *credit_code, const char *contact_name,
                 const char *contact_mobile, const char *today)
{
        json_t *form = json_object();
        json_t *cover, *unit;

        if (!form)
                return NULL;
        for (size_t i = 0; i < N_OF(sections); i++)
                json_object_set_new(form, sections[i].key, empty_section(&sections[i]));
        json_object_set_new(form, DECLARATION_KEY, json_false());

        cover = json_object_get(form, "cover");
        unit = json_object_get(form, "unit");
        if (!cover || !unit) {
                json_decref(form);
                return NULL;
        }
        json_object_set_new(cover, "applicant_unit", json_string(unit_name ? unit_name : ""));
        json_object_set_new(cover, "contact_name", json_string(contact_name ? contact_name : ""));
        json_object_set_new(cover, "contact_mobile",
                            json_string(contact_mobile ? contact_mobile : ""));
        json_object_set_new(cover, "fill_date", json_string(today ? today : ""));
        json_object_set_new(unit, "name", json_string(unit_name ? unit_name : ""));
        json_object_set_new(unit, "credit_code", json_string(credit_code ? credit_code : ""));
        json_object_set_new(unit, "contact_name", json_string(contact_name ? contact_name : ""));
        return form;
}

/* ---- shape ------------------------------------------------------------------------------- */

static bool shape_text(json_t *v, const char *path, const char *label, json_t *problems)
{
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);

        if (!json_is_string(v)) {
                putf(problems, path, "%s应为文本", label);
                return false;
        }
        /* jansson can hold NUL (\u0000) and, from json_stringn_nocheck, invalid UTF-8: neither
         * survives a C string or a PDF. */
        if (strlen(s) != len || !utf8_valid(s, len)) {
                putf(problems, path, "%s含有无效字符", label);
                return false;
        }
        if (len > FORM_TEXT_MAX_BYTES) {
                putf(problems, path, "%s过长（最多 %d 字节）", label, FORM_TEXT_MAX_BYTES);
                return false;
        }
        return true;
}

static bool shape_money(json_t *v, const char *path, const char *label, json_t *problems)
{
        if (json_is_number(v) || json_is_null(v))
                return true;
        putf(problems, path, "%s应为数字（万元）或 null", label);
        return false;
}

static bool is_year_key(const char *k)
{
        return all_digits(k, 4);
}

static bool shape_revenue(json_t *v, const char *path, const char *label, json_t *problems)
{
        const char *key;
        json_t *x;
        bool ok = true;

        if (!json_is_object(v)) {
                putf(problems, path, "%s应为以年份为键的对象，如 {\"2022\": 100}", label);
                return false;
        }
        json_object_foreach(v, key, x) {
                char *p = fmt("%s.%s", path, key);

                if (!is_year_key(key)) {
                        putf(problems, p, "%s的年份应为四位数字，如“2022”", label);
                        ok = false;
                } else if (!json_is_number(x) && !json_is_null(x)) {
                        putf(problems, p, "%s年业务收入应为数字（万元）或 null", key);
                        ok = false;
                }
                free(p);
        }
        return ok;
}

static bool shape_honor(json_t *v, const char *path, const char *label, json_t *problems)
{
        const char *key;
        json_t *x;
        bool ok = true;

        if (json_is_null(v))
                return true;
        if (!json_is_object(v)) {
                putf(problems, path, "%s应为 null（无）或包含级别和授予年份的对象", label);
                return false;
        }
        json_object_foreach(v, key, x) {
                char p[128];

                snprintf(p, sizeof p, "%s.%s", path, strcmp(key, "level") == 0 ? "level" : "year");
                if (strcmp(key, "level") == 0) {
                        char l[64];

                        snprintf(l, sizeof l, "%s的级别", label);
                        ok &= shape_text(x, p, l, problems);
                } else if (strcmp(key, "year") == 0) {
                        if (!json_is_integer(x) && !json_is_null(x)) {
                                putf(problems, p, "%s的授予年份应为整数或 null", label);
                                ok = false;
                        }
                } else {
                        put_unknown(problems, path, key);
                        ok = false;
                }
        }
        return ok;
}

static bool shape_honors(json_t *v, const char *path, const char *label, json_t *problems)
{
        const char *key;
        json_t *x;
        bool ok = true;

        if (!json_is_object(v)) {
                putf(problems, path, "%s应为对象", label);
                return false;
        }
        json_object_foreach(v, key, x) {
                char p[96];
                size_t i;

                for (i = 0; i < N_OF(honor_kinds); i++)
                        if (strcmp(key, honor_kinds[i].key) == 0)
                                break;
                if (i < N_OF(honor_kinds)) {
                        snprintf(p, sizeof p, "%s.%s", path, honor_kinds[i].key);
                        ok &= shape_honor(x, p, honor_kinds[i].label, problems);
                } else if (strcmp(key, "other") == 0) {
                        snprintf(p, sizeof p, "%s.other", path);
                        ok &= shape_text(x, p, HONOR_OTHER_LABEL, problems);
                } else {
                        put_unknown(problems, path, key);
                        ok = false;
                }
        }
        return ok;
}

static bool shape_funding(json_t *v, const char *path, const char *label, json_t *problems)
{
        const char *key;
        json_t *x;
        bool ok = true;

        if (json_is_null(v))
                return true;
        if (!json_is_object(v)) {
                putf(problems, path, "%s应为 null（无）或包含年月、资金名称和金额的对象", label);
                return false;
        }
        json_object_foreach(v, key, x) {
                char p[96];

                if (strcmp(key, "month") == 0) {
                        snprintf(p, sizeof p, "%s.month", path);
                        ok &= shape_text(x, p, "获得资金支持的年月", problems);
                } else if (strcmp(key, "fund_name") == 0) {
                        snprintf(p, sizeof p, "%s.fund_name", path);
                        ok &= shape_text(x, p, "资金名称", problems);
                } else if (strcmp(key, "amount") == 0) {
                        snprintf(p, sizeof p, "%s.amount", path);
                        ok &= shape_money(x, p, "支持金额", problems);
                } else {
                        put_unknown(problems, path, key);
                        ok = false;
                }
        }
        return ok;
}

static bool shape_value(json_t *v, const struct field *f, const char *path, json_t *problems)
{
        switch (f->type) {
        case F_TEXT:
                return shape_text(v, path, f->label, problems);
        case F_BOOL:
                if (json_is_boolean(v))
                        return true;
                putf(problems, path, "%s应为 true 或 false", f->label);
                return false;
        case F_CHOICE:
                if (json_is_boolean(v) || json_is_null(v))
                        return true;
                putf(problems, path, "%s应为 true、false 或 null（未选择）", f->label);
                return false;
        case F_MONEY:
                return shape_money(v, path, f->label, problems);
        case F_REVENUE:
                return shape_revenue(v, path, f->label, problems);
        case F_HONORS:
                return shape_honors(v, path, f->label, problems);
        case F_FUNDING:
                return shape_funding(v, path, f->label, problems);
        case F_VARIANT:
                if (json_is_integer(v) || json_is_null(v))
                        return true;
                putf(problems, path, "%s应为 1～4 的整数或 null", f->label);
                return false;
        }
        return false;
}

static bool shape_section(json_t *v, const struct section *s, json_t *problems)
{
        const char *key;
        json_t *x;
        bool ok = true;

        if (!json_is_object(v)) {
                putf(problems, s->key, "%s应为对象", s->label);
                return false;
        }
        json_object_foreach(v, key, x) {
                const struct field *f = field_find(s, key);
                char path[64];

                if (!f) {
                        put_unknown(problems, s->key, key);
                        ok = false;
                        continue;
                }
                snprintf(path, sizeof path, "%s.%s", s->key, f->key);
                ok &= shape_value(x, f, path, problems);
        }
        return ok;
}

bool form_check_shape(json_t *body, json_t *problems)
{
        const char *key;
        json_t *v;
        bool ok = true;

        if (!json_is_object(body)) {
                put(problems, "body", "请求体应为 JSON 对象");
                return false;
        }
        json_object_foreach(body, key, v) {
                const struct section *s = section_find(key);

                if (s)
                        ok &= shape_section(v, s, problems);
                else if (strcmp(key, DECLARATION_KEY) == 0) {
                        if (!json_is_boolean(v)) {
                                put(problems, DECLARATION_KEY, DECLARATION_LABEL "应为 true 或 false");
                                ok = false;
                        }
                } else {
                        put_unknown(problems, NULL, key);
                        ok = false;
                }
        }
        return ok;
}

/* ---- merge ------------------------------------------------------------------------------- */

void form_merge(json_t *form, json_t *body)
{
        json_t *v;

        if (!json_is_object(form) || !json_is_object(body))
                return;
        for (size_t i = 0; i < N_OF(sections); i++) {
                const struct section *s = &sections[i];
                json_t *given = json_object_get(body, s->key);
                json_t *sec;

                if (!json_is_object(given))
                        continue;
                sec = json_object();
                if (!sec)
                        return;
                for (size_t j = 0; j < s->n_fields; j++) {
                        const struct field *f = &s->fields[j];
                        json_t *x = json_object_get(given, f->key);

                        json_object_set_new(sec, f->key,
                                            x ? complete_value(f, x) : empty_value(f->type));
                }
                json_object_set_new(form, s->key, sec);
        }
        v = json_object_get(body, DECLARATION_KEY);
        if (json_is_boolean(v))
                json_object_set_new(form, DECLARATION_KEY, json_boolean(json_is_true(v)));
}

/* ---- rules ------------------------------------------------------------------------------- */

bool form_nature_is_enterprise(const char *nature)
{
        if (!nature)
                return false;
        for (size_t i = 0; i < N_OF(natures); i++)
                if (strcmp(natures[i].code, nature) == 0)
                        return natures[i].enterprise;
        return false;
}

static bool nature_known(const char *nature)
{
        for (size_t i = 0; i < N_OF(natures); i++)
                if (strcmp(natures[i].code, nature) == 0)
                        return true;
        return false;
}

/* What form_check needs of the whole form while it walks the sections. */
struct check {
        const struct form_context *ctx;
        const struct campaign *c;
        json_t *problems, *warnings;
        bool joint, enterprise;
        int cutoff_year;
};

/* Money at v (null or absent = not given). Puts the problem at key and returns false unless a
 * valid amount is there; *ret is set only then. */
static bool check_money(struct check *k, const char *key, const char *label, json_t *v,
                        bool required, int64_t *ret)
{
        int64_t h = 0;
        int r;

        if (!v || json_is_null(v)) {
                if (required)
                        putf(k->problems, key, "请填写%s（万元）", label);
                return false;
        }
        if (!json_is_number(v)) {
                putf(k->problems, key, "%s应为数字（万元）", label);
                return false;
        }
        if (json_number_value(v) < 0) {
                putf(k->problems, key, "%s不能为负数", label);
                return false;
        }
        r = money_from_double(json_number_value(v), &h);
        if (r == -ERANGE) {
                char max[32];

                putf(k->problems, key, "%s金额过大（最多 %s 万元）", label, money_format(MONEY_MAX, max));
                return false;
        }
        if (r < 0) {
                putf(k->problems, key, "%s金额最多保留两位小数（万元）", label);
                return false;
        }
        *ret = h;
        return true;
}

/* Characters, not bytes: the notice's "不超过 300 字". The campaign's limit for the key wins over
 * the built-in one, so next year's file can set or change any field's limit. */
static void check_length(struct check *k, const char *key, const char *label, const char *s,
                         int default_max)
{
        int max = campaign_text_limit(k->c, key);
        long n;

        if (max <= 0)
                max = default_max;
        if (max <= 0)
                return;
        n = utf8_count(s);
        if (n < 0)
                putf(k->problems, key, "%s含有无效字符", label);
        else if (n > max)
                putf(k->problems, key, "%s不超过 %d 字（现 %ld 字）", label, max, n);
}

/* Required texts and text lengths, for every text field of every section. */
static void check_texts(struct check *k, json_t *form)
{
        for (size_t i = 0; i < N_OF(sections); i++) {
                const struct section *s = &sections[i];
                json_t *sec = object_of(form, s->key);

                for (size_t j = 0; j < s->n_fields; j++) {
                        const struct field *f = &s->fields[j];
                        const char *v = text_of(sec, f->key);
                        bool required;
                        char key[64];

                        if (f->type == F_CHOICE) {
                                snprintf(key, sizeof key, "%s.%s", s->key, f->key);
                                if (f->required == R_ALWAYS && !json_is_boolean(json_object_get(sec, f->key)))
                                        putf(k->problems, key, "请选择%s", f->label);
                                continue;
                        }
                        if (f->type != F_TEXT)
                                continue;
                        /* Partner fields are ignored when the project is not joint: a user who
                         * unticks 联合申报 should not be stopped by what is left in them. */
                        if (f->required == R_JOINT && !k->joint)
                                continue;
                        required = f->required == R_ALWAYS || f->required == R_JOINT ||
                                   (f->required == R_ENTERPRISE && k->enterprise);
                        snprintf(key, sizeof key, "%s.%s", s->key, f->key);
                        if (required && blank(v))
                                putf(k->problems, key, "%s%s", f->select ? "请选择" : "请填写",
                                     f->label);
                        check_length(k, key, f->label, v, f->max_chars);
                }
        }
}

static void check_postcode(struct check *k, const char *key, const char *label, const char *s)
{
        if (!blank(s) && !all_digits(s, 6))
                putf(k->problems, key, "%s应为 6 位数字", label);
}

/* account_mobile_problem's message begins with "手机号"; prefix names whose mobile it is. */
static void check_mobile(struct check *k, const char *key, const char *prefix, const char *s)
{
        const char *p;

        if (blank(s))
                return;
        p = account_mobile_problem(s);
        if (p)
                putf(k->problems, key, "%s%s", prefix, p);
}

/* Scans 'lo'..'hi' ASCII digits at *s; advances past them. */
static bool digits(const char **s, int lo, int hi)
{
        int n = 0;

        while (is_digit((*s)[n]))
                n++;
        *s += n;
        return n >= lo && n <= hi;
}

/* "025-69652796", "0512-1234567", "025-69652796-123": 0 and a 2–3 digit area code, a dash, the
 * local number, an optional dash and a 1–6 digit extension. Local numbers are 7–8 digits, and
 * always 8 behind the big cities' short codes (010, 02x): so "025-6965279" is a digit short.
 * Without the dash the area code cannot be told from the number, so "02569652796" is refused. */
static bool landline_ok(const char *s)
{
        const char *area = s;
        size_t area_digits;

        if (*s++ != '0' || !digits(&s, 2, 3))
                return false;
        area_digits = (size_t) (s - area) - 1;
        if (*s++ != '-')
                return false;
        if (!digits(&s, area_digits == 2 ? 8 : 7, 8))
                return false;
        if (*s == '\0')
                return true;
        return *s++ == '-' && digits(&s, 1, 6) && *s == '\0';
}

bool form_landline_ok(const char *s)
{
        return s && landline_ok(s);
}

/* A region of Jiangsu; the province itself only where a project is built province-wide (全省). */
static const struct region *check_region(struct check *k, const char *key, const char *label,
                                         const char *code, bool province_ok)
{
        const struct form_context *ctx = k->ctx;
        const struct region *r;

        if (blank(code))
                return NULL;
        r = region_find(ctx->regions, ctx->regions ? ctx->n_regions : 0, code);
        if (!r || (!province_ok && strcmp(r->level, "province") == 0)) {
                putf(k->problems, key, province_ok ? "%s应为江苏省（全省）、设区市或县（市、区）"
                                                   : "%s应为江苏省内的设区市或县（市、区）", label);
                return NULL;
        }
        return r;
}

static bool department_ok(const struct form_context *ctx, const char *code)
{
        for (size_t i = 0; ctx->departments && i < ctx->n_departments; i++)
                if (ctx->departments[i].active && strcmp(ctx->departments[i].code, code) == 0)
                        return true;
        return false;
}

static void check_cover(struct check *k, json_t *cover)
{
        const char *unit = text_of(cover, "applicant_unit");
        const char *date = text_of(cover, "fill_date");
        int32_t days;

        if (!blank(unit) && k->ctx->account_unit_name && !same_text(unit, k->ctx->account_unit_name))
                putf(k->problems, "cover.applicant_unit", "申报单位应与注册的单位名称一致（%s）",
                     k->ctx->account_unit_name);
        check_postcode(k, "cover.postcode", "邮编", text_of(cover, "postcode"));
        check_mobile(k, "cover.contact_mobile", "", text_of(cover, "contact_mobile"));
        if (!blank(date) && date_parse(date, &days) < 0)
                put(k->problems, "cover.fill_date", "填报日期应为有效日期，如 2023-07-15");
        if (k->joint) {
                check_postcode(k, "cover.partner_postcode", "合作单位邮编",
                               text_of(cover, "partner_postcode"));
                check_mobile(k, "cover.partner_contact_mobile", "合作单位联系人",
                             text_of(cover, "partner_contact_mobile"));
        }
}

static void check_affiliation(struct check *k, json_t *unit, const struct region *region)
{
        const char *aff = text_of(unit, "affiliation");
        const char *dept = text_of(unit, "department_code");

        if (blank(aff))
                return;
        if (strcmp(aff, "county") == 0) {
                if (region && !region_is_county_level(region))
                        put(k->problems, "unit.region_code",
                            "县（市、区）属单位的申报地区应为县（市、区）");
        } else if (strcmp(aff, "city_direct") == 0) {
                /* a city or a county-level region: check_region has refused the province */
        } else if (strcmp(aff, "province_direct") == 0) {
                if (blank(dept))
                        put(k->problems, "unit.department_code", "请选择主管的省有关部门");
                else if (!department_ok(k->ctx, dept))
                        put(k->problems, "unit.department_code", "所选省有关部门不存在");
        } else
                put(k->problems, "unit.affiliation", "单位隶属应为县（市、区）属、市直或省直单位");
}

static void check_revenue(struct check *k, json_t *unit)
{
        json_t *rev = object_of(unit, "revenue");
        int first = k->cutoff_year - 2;
        const char *key;
        json_t *v;

        for (int y = first; y <= k->cutoff_year; y++) {
                char ykey[16], path[48], label[32];
                int64_t h;

                snprintf(ykey, sizeof ykey, "%d", y);
                snprintf(path, sizeof path, "unit.revenue.%d", y);
                snprintf(label, sizeof label, "%d年业务收入", y);
                check_money(k, path, label, json_object_get(rev, ykey), k->enterprise, &h);
        }
        json_object_foreach(rev, key, v) {
                long y = is_year_key(key) ? strtol(key, NULL, 10) : 0;
                char *path;

                (void) v;
                if (y >= first && y <= k->cutoff_year)
                        continue;
                path = fmt("unit.revenue.%s", key);
                putf(k->problems, path, "近三年业务收入只需填写%d–%d年", first, k->cutoff_year);
                free(path);
        }
}

static bool honors_claimed(json_t *honors)
{
        for (size_t i = 0; i < N_OF(honor_kinds); i++)
                if (json_is_object(json_object_get(honors, honor_kinds[i].key)))
                        return true;
        return !blank(text_of(honors, "other"));
}

static void check_honors(struct check *k, json_t *unit)
{
        json_t *honors = object_of(unit, "honors");

        for (size_t i = 0; i < N_OF(honor_kinds); i++) {
                json_t *h = object_of(honors, honor_kinds[i].key);
                const char *label = honor_kinds[i].label;
                const char *level;
                json_t *year;
                char key[64];

                if (!h)
                        continue;
                level = text_of(h, "level");
                snprintf(key, sizeof key, "unit.honors.%s.level", honor_kinds[i].key);
                if (strcmp(level, "national") != 0 && strcmp(level, "provincial_municipal") != 0)
                        putf(k->problems, key, "请选择%s的级别：国家级或省市级", label);
                year = json_object_get(h, "year");
                snprintf(key, sizeof key, "unit.honors.%s.year", honor_kinds[i].key);
                if (!json_is_integer(year))
                        putf(k->problems, key, "请填写%s的授予年份", label);
                else if (json_integer_value(year) < HONOR_YEAR_MIN)
                        putf(k->problems, key, "%s的授予年份不能早于 %d 年", label, HONOR_YEAR_MIN);
                else if (json_integer_value(year) > k->cutoff_year)
                        putf(k->problems, key, "%s的授予年份不能晚于统计截止日期 %d 年", label,
                             k->cutoff_year);
        }
        check_length(k, "unit.honors.other", HONOR_OTHER_LABEL, text_of(honors, "other"),
                     HONOR_OTHER_MAX);
}

static void check_unit(struct check *k, json_t *unit)
{
        const struct form_context *ctx = k->ctx;
        const char *name = text_of(unit, "name");
        const char *code = text_of(unit, "credit_code");
        const char *phone = text_of(unit, "contact_phone");
        const char *nature = text_of(unit, "nature");
        const struct region *region;

        if (!blank(name) && ctx->account_unit_name && !same_text(name, ctx->account_unit_name))
                putf(k->problems, "unit.name", "申报单位名称应与注册的单位名称一致（%s）",
                     ctx->account_unit_name);
        if (!blank(code)) {
                enum credit_code_result r = credit_code_check(code);

                if (r != CREDIT_CODE_OK)
                        put(k->problems, "unit.credit_code", credit_code_message(r));
                else if (ctx->account_credit_code && strcmp(code, ctx->account_credit_code) != 0)
                        putf(k->problems, "unit.credit_code",
                             "统一社会信用代码应与注册的统一社会信用代码一致（%s）",
                             ctx->account_credit_code);
        }
        if (!blank(phone) && account_mobile_problem(phone) && !landline_ok(phone))
                put(k->problems, "unit.contact_phone",
                    "联系电话应为手机号或带区号的固定电话，如 025-69652796");

        region = check_region(k, "unit.region_code", "申报地区", text_of(unit, "region_code"), false);
        check_affiliation(k, unit, region);

        if (!blank(nature) && !nature_known(nature))
                put(k->problems, "unit.nature", "请从所列选项中选择单位性质");
        else if (strcmp(nature, "other") == 0 && blank(text_of(unit, "nature_other")))
                put(k->problems, "unit.nature_other", "请注明其他单位性质");

        check_revenue(k, unit);
        check_honors(k, unit);
}

static void check_months(struct check *k, json_t *project)
{
        const struct campaign *c = k->c;
        const char *start_s = text_of(project, "start_month");
        const char *end_s = text_of(project, "end_month");
        bool start_ok = false, end_ok = false;
        int32_t start = 0, end = 0;

        if (!blank(start_s)) {
                start_ok = month_parse(start_s, &start) == 0;
                if (!start_ok)
                        put(k->problems, "project.start_month", "开始月份应为 YYYY-MM 格式，如 2022-03");
                else if (start < c->earliest_start_month)
                        putf(k->problems, "project.start_month", "项目启动时间不早于 %d 年 %d 月",
                             c->earliest_start_month / 12, c->earliest_start_month % 12 + 1);
        }
        if (!blank(end_s)) {
                end_ok = month_parse(end_s, &end) == 0;
                if (!end_ok)
                        put(k->problems, "project.end_month", "结束月份应为 YYYY-MM 格式，如 2024-02");
        }
        if (start_ok && end_ok) {
                /* Inclusive of both months: 2022-03 to 2024-02 is 24 months. */
                int32_t months = end - start + 1;

                if (end <= start)
                        put(k->problems, "project.end_month", "结束时间应晚于开始时间");
                else if (months < c->duration_warn_below || months > c->duration_warn_above)
                        putf(k->warnings, "project.end_month",
                             "实施周期 %ld 个月，与“两年左右”相差较大", (long) months);
        }
}

static void check_investment(struct check *k, json_t *project)
{
        int64_t total = 0, nc = 0;
        bool have_total, have_nc;
        char min[32];

        have_total = check_money(k, "project.total_investment", "项目总投资",
                                 json_object_get(project, "total_investment"), true, &total);
        if (have_total && total == 0)
                put(k->problems, "project.total_investment", "项目总投资应大于 0");
        have_nc = check_money(k, "project.non_construction_investment", "非土建类投资",
                              json_object_get(project, "non_construction_investment"), true, &nc);
        if (!have_nc)
                return;
        if (nc < k->c->min_non_construction_investment)
                putf(k->problems, "project.non_construction_investment", "非土建类投资不少于 %s 万元",
                     money_format(k->c->min_non_construction_investment, min));
        else if (have_total && nc > total)
                put(k->problems, "project.non_construction_investment",
                    "非土建类投资不能超过项目总投资");
}

static void check_funding(struct check *k, json_t *project)
{
        json_t *pf = json_object_get(project, "provincial_funding");
        const char *month, *name;
        int32_t m;
        int64_t amount = 0;

        if (!json_is_object(pf))
                return;                 /* null: 无 */
        month = text_of(pf, "month");
        name = text_of(pf, "fund_name");
        if (blank(month))
                put(k->problems, "project.provincial_funding.month", "请填写获得省级以上资金支持的年月");
        else if (month_parse(month, &m) < 0)
                put(k->problems, "project.provincial_funding.month",
                    "获得资金支持的年月应为 YYYY-MM 格式，如 2022-09");
        if (blank(name))
                put(k->problems, "project.provincial_funding.fund_name", "请填写获得支持的资金名称");
        check_length(k, "project.provincial_funding.fund_name", "资金名称", name, FUND_NAME_MAX);
        if (check_money(k, "project.provincial_funding.amount", "支持金额",
                        json_object_get(pf, "amount"), true, &amount) &&
            amount == 0)
                put(k->problems, "project.provincial_funding.amount", "支持金额应大于 0");
}

static void check_project(struct check *k, json_t *form, json_t *project)
{
        const char *name = text_of(project, "name");
        const char *cover_name = text_of(object_of(form, "cover"), "project_name");

        if (!blank(name) && !blank(cover_name) && !same_text(name, cover_name))
                put(k->problems, "project.name", "申报项目名称应与封面的项目名称一致");
        check_months(k, project);
        check_investment(k, project);
        check_region(k, "project.region_code", "项目建设地区", text_of(project, "region_code"), true);
        check_funding(k, project);
        if (!campaign_has_category(k->c, text_of(project, "category")))
                put(k->problems, "project.category", "请选择一个申报类别");

        if (k->c->main_part_completed_required && !json_is_true(json_object_get(project, "main_part_completed")))
                put(k->problems, "project.main_part_completed", "须已完成主体部分建设方可申报");
        if (!k->c->continuation_allowed && json_is_true(json_object_get(project, "is_continuation")))
                put(k->problems, "project.is_continuation", "不接受续期建设项目申报");
        if (json_is_true(json_object_get(project, "phased")) &&
            !json_is_true(json_object_get(project, "phased_declared_whole")))
                put(k->problems, "project.phased_declared_whole",
                    "分期建设的项目应以项目整体申报（起止时间和投资按整体填写）");
}

static void put_attachment(struct check *k, enum attachment_kind kind, const char *msg)
{
        char key[64];

        snprintf(key, sizeof key, "attachments.%s", attachment_kind_code(kind));
        if (msg)
                put(k->problems, key, msg);
        else
                putf(k->problems, key, "请上传%s", attachment_kind_label(kind));
}

static bool attached(const struct check *k, enum attachment_kind kind)
{
        return (k->ctx->attachments & ATT_BIT(kind)) != 0;
}

/* 四.2: a project declared by its builder (variant 4) needs the owner's authorization. */
static void check_ownership(struct check *k, json_t *own)
{
        json_t *v = json_object_get(own, "variant");
        json_int_t variant = json_is_integer(v) ? json_integer_value(v) : 0;
        bool partner = !blank(text_of(own, "partner_unit"));

        if (variant < 1 || variant > 4)
                put(k->problems, "ownership.variant", "请选择项目权属及授权情况");
        else if ((variant == 2 || variant == 3) && !partner)
                put(k->problems, "ownership.partner_unit", "请填写合作单位");
        else if (variant == 4) {
                if (!partner)
                        put(k->problems, "ownership.partner_unit", "请填写项目权属单位");
                if (!attached(k, ATT_AUTHORIZATION_LETTER))
                        put_attachment(k, ATT_AUTHORIZATION_LETTER,
                                       "以承建单位名义申报，须上传项目权属单位授权书");
        }
}

static void check_attachments(struct check *k, json_t *unit)
{
        static const enum attachment_kind always[] = {
                ATT_INVESTMENT_PROOF, ATT_STAMPED_FORM, ATT_OWNERSHIP_STATEMENT,
                ATT_DETAILED_MATERIALS,
        };

        if (k->enterprise && !attached(k, ATT_BUSINESS_LICENSE))
                put_attachment(k, ATT_BUSINESS_LICENSE, NULL);
        for (size_t i = 0; i < N_OF(always); i++)
                if (!attached(k, always[i]))
                        put_attachment(k, always[i], NULL);
        if (honors_claimed(object_of(unit, "honors")) && !attached(k, ATT_QUALIFICATION_PROOF))
                put(k->warnings, "attachments.qualification_proof", "填报了相关荣誉，建议上传资质证明");
}

void form_check(json_t *form, const struct form_context *ctx, json_t *problems, json_t *warnings)
{
        struct check k = { .ctx = ctx, .problems = problems, .warnings = warnings };
        json_t *cover = object_of(form, "cover");
        json_t *unit = object_of(form, "unit");
        json_t *project = object_of(form, "project");

        if (!ctx || !ctx->campaign) {
                put(problems, "campaign", "未找到申报通知，无法检查申报表");
                return;
        }
        k.c = ctx->campaign;
        k.joint = json_is_true(json_object_get(cover, "joint"));
        k.enterprise = form_nature_is_enterprise(text_of(unit, "nature"));
        k.cutoff_year = year_of_day(k.c->statistics_cutoff);

        check_texts(&k, form);
        check_cover(&k, cover);
        check_unit(&k, unit);
        check_project(&k, form, project);
        check_ownership(&k, object_of(form, "ownership"));
        if (!json_is_true(json_object_get(form, DECLARATION_KEY)))
                put(problems, DECLARATION_KEY, "请阅读并确认真实性声明");
        check_attachments(&k, unit);
}

/* ---- facts ------------------------------------------------------------------------------- */

static int64_t money_fact(json_t *v)
{
        int64_t h;

        if (!json_is_number(v) || money_from_double(json_number_value(v), &h) < 0)
                return -1;
        return h;
}

void form_facts(json_t *form, struct form_facts *ret)
{
        json_t *unit = object_of(form, "unit");
        json_t *project = object_of(form, "project");

        ret->project_name = text_of(project, "name");
        ret->category = text_of(project, "category");
        ret->unit_name = text_of(unit, "name");
        ret->unit_nature = text_of(unit, "nature");
        ret->affiliation = text_of(unit, "affiliation");
        ret->unit_region = text_of(unit, "region_code");
        ret->department_code = text_of(unit, "department_code");
        ret->project_region = text_of(project, "region_code");
        ret->start_month = text_of(project, "start_month");
        ret->end_month = text_of(project, "end_month");
        ret->total_investment = money_fact(json_object_get(project, "total_investment"));
        ret->non_construction_investment =
                money_fact(json_object_get(project, "non_construction_investment"));
}
