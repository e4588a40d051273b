/* The 申报表 rules: a complete valid form passes cleanly, and every rule of the notice refuses it
 * at its boundary, naming exactly the field that broke. Shape, merge, new and facts too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/attachment.h"
#include "domain/campaign.h"
#include "domain/creditcode.h"
#include "domain/form.h"

#define UNIT_NAME "南京智慧科技有限公司"

static struct campaign campaign;
static char credit_code[19];            /* the registered unit's, with its real check character */
static char other_code[19];             /* another valid code */

static const struct region regions[] = {
        { "320000", "江苏省", "province", "", false },
        { "320100", "南京市", "city", "320000", true },
        { "320102", "玄武区", "district", "320100", false },
        { "320583", "昆山市", "county_city", "320500", true },
};

static const struct department departments[] = {
        { "gxt", "省工业和信息化厅", true },
        { "old", "已撤销的部门", false },
};

static const unsigned required_attachments =
        ATT_BIT(ATT_BUSINESS_LICENSE) | ATT_BIT(ATT_INVESTMENT_PROOF) | ATT_BIT(ATT_STAMPED_FORM) |
        ATT_BIT(ATT_OWNERSHIP_STATEMENT) | ATT_BIT(ATT_DETAILED_MATERIALS);

static struct form_context context(void)
{
        return (struct form_context){
                .campaign = &campaign,
                .account_unit_name = UNIT_NAME,
                .account_credit_code = credit_code,
                .regions = regions,
                .n_regions = sizeof regions / sizeof regions[0],
                .departments = departments,
                .n_departments = sizeof departments / sizeof departments[0],
                /* the valid form claims 高新技术企业, so its proof is there too */
                .attachments = required_attachments | ATT_BIT(ATT_QUALIFICATION_PROOF),
        };
}

static void make_code(char *buf, const char *first17)
{
        memcpy(buf, first17, 17);
        buf[17] = credit_code_check_char(first17);
        buf[18] = '\0';
        assert_int_equal(credit_code_check(buf), CREDIT_CODE_OK);
}

static int setup(void **state)
{
        const char *root = getenv("SHENBAO_SOURCE_ROOT");
        char path[4096], *err = NULL;
        json_error_t jerr;
        json_t *def;
        int r;

        (void) state;
        snprintf(path, sizeof path, "%s/data/campaigns/2023.json", root ? root : ".");
        def = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
        if (!def) {
                fprintf(stderr, "cannot load %s (set SHENBAO_SOURCE_ROOT): %s\n", path, jerr.text);
                return -1;
        }
        r = campaign_parse(def, &campaign, &err);
        json_decref(def);
        if (r < 0) {
                fprintf(stderr, "campaign refused: %s\n", err ? err : "?");
                free(err);
                return -1;
        }
        make_code(credit_code, "91320102MA1W3K5P8");
        make_code(other_code, "91320583MA1X7Y2Q4");
        return 0;
}

/* A complete, valid form of a private company in 玄武区. */
static const char valid_json[] =
        "{"
        " \"cover\": {"
        "  \"project_name\": \"玄武区智慧社区综合服务平台\", \"applicant_unit\": \"" UNIT_NAME "\","
        "  \"address\": \"南京市玄武区珠江路 88 号\", \"postcode\": \"210008\","
        "  \"project_leader\": \"张伟\", \"contact_name\": \"李娜\", \"contact_mobile\": \"13912345678\","
        "  \"joint\": false, \"partner_unit\": \"\", \"partner_address\": \"\","
        "  \"partner_postcode\": \"\", \"partner_contact_name\": \"\", \"partner_contact_mobile\": \"\","
        "  \"fill_date\": \"2023-07-15\""
        " },"
        " \"unit\": {"
        "  \"name\": \"" UNIT_NAME "\", \"credit_code\": \"CREDITCODE\","
        "  \"legal_representative\": \"王强\", \"region_code\": \"320102\", \"affiliation\": \"county\","
        "  \"department_code\": \"\", \"contact_name\": \"李娜\", \"contact_phone\": \"025-69652796\","
        "  \"address\": \"南京市玄武区珠江路 88 号\", \"nature\": \"private\", \"nature_other\": \"\","
        "  \"revenue\": {\"2020\": 1200.5, \"2021\": 1500, \"2022\": 1800.25},"
        "  \"main_business\": \"软件开发与信息系统集成\","
        "  \"honors\": {\"high_tech\": {\"level\": \"national\", \"year\": 2021},"
        "              \"tech_center\": null, \"key_lab\": null, \"other\": \"\"},"
        "  \"joint_units\": \"\", \"overview\": \"成立于 2010 年，主营智慧社区软件。\""
        " },"
        " \"project\": {"
        "  \"name\": \"玄武区智慧社区综合服务平台\", \"start_month\": \"2022-03\", \"end_month\": \"2024-02\","
        "  \"total_investment\": 1200.00, \"non_construction_investment\": 860.50,"
        "  \"region_code\": \"320102\", \"provincial_funding\": null, \"category\": \"livelihood\","
        "  \"basic_info\": \"建设社区服务、网格治理和养老服务一体化平台。\","
        "  \"achievements\": \"覆盖 56 个社区，服务居民 30 万人。\","
        "  \"main_part_completed\": true, \"is_continuation\": false,"
        "  \"phased\": false, \"phased_declared_whole\": false"
        " },"
        " \"ownership\": {\"variant\": 1, \"partner_unit\": \"\"},"
        " \"declaration_accepted\": true"
        "}";

static json_t *valid_form(void)
{
        json_error_t jerr;
        json_t *f = json_loads(valid_json, JSON_REJECT_DUPLICATES, &jerr);

        if (!f)
                fail_msg("valid_json: %s at %d:%d", jerr.text, jerr.line, jerr.column);
        json_object_set_new(json_object_get(f, "unit"), "credit_code", json_string(credit_code));
        return f;
}

/* The object holding the last part of a dotted path ("unit.revenue.2021" → unit.revenue), and
 * that last part in *last. */
static json_t *parent_of(json_t *form, const char *path, char *last)
{
        char buf[128];
        char *part, *dot;
        json_t *obj = form;

        snprintf(buf, sizeof buf, "%s", path);
        part = buf;
        while ((dot = strchr(part, '.'))) {
                *dot = '\0';
                obj = json_object_get(obj, part);
                if (!json_is_object(obj))
                        fail_msg("no object at %s in %s", part, path);
                part = dot + 1;
        }
        strcpy(last, part);
        return obj;
}

/* Sets (and steals v) at a dotted path; returns form for chaining. */
static json_t *set(json_t *form, const char *path, json_t *v)
{
        char last[128];

        assert_int_equal(json_object_set_new(parent_of(form, path, last), last, v), 0);
        return form;
}

static json_t *set_s(json_t *form, const char *path, const char *s)
{
        return set(form, path, json_string(s));
}

static json_t *del(json_t *form, const char *path)
{
        char last[128];

        assert_int_equal(json_object_del(parent_of(form, path, last), last), 0);
        return form;
}

/* Whether `keys` (comma-separated, "" for none) is exactly the key set of obj. */
static bool same_keys(json_t *obj, const char *keys)
{
        char buf[1024];
        size_t n = 0;

        snprintf(buf, sizeof buf, "%s", keys);
        for (char *k = strtok(buf, ","); k; k = strtok(NULL, ",")) {
                if (!json_object_get(obj, k))
                        return false;
                n++;
        }
        return n == json_object_size(obj);
}

static json_t *last_problems, *last_warnings;

static void run(json_t *form, const struct form_context *ctx)
{
        json_decref(last_problems);
        json_decref(last_warnings);
        last_problems = json_object();
        last_warnings = json_object();
        form_check(form, ctx, last_problems, last_warnings);
        json_decref(form);
}

/* Checks form (and frees it): the problems and warnings are exactly these keys. */
static void expect_ctx(json_t *form, const struct form_context *ctx, const char *problems,
                       const char *warnings)
{
        run(form, ctx);
        if (!same_keys(last_problems, problems) || !same_keys(last_warnings, warnings)) {
                char *p = json_dumps(last_problems, 0);
                char *w = json_dumps(last_warnings, 0);

                fail_msg("expected problems [%s] warnings [%s]\n got problems %s\n warnings %s",
                         problems, warnings, p, w);
        }
}

static void expect(json_t *form, const char *problems, const char *warnings)
{
        struct form_context ctx = context();

        expect_ctx(form, &ctx, problems, warnings);
}

static void ok(json_t *form)
{
        expect(form, "", "");
}

/* The message of a key of the last run. */
static const char *msg(const char *key)
{
        const char *m = json_string_value(json_object_get(last_problems, key));

        if (!m)
                m = json_string_value(json_object_get(last_warnings, key));
        if (!m)
                fail_msg("no message for %s", key);
        return m;
}

/* Exactly one problem, at key, with this message. */
static void refused(json_t *form, const char *key, const char *message)
{
        expect(form, key, "");
        assert_string_equal(msg(key), message);
}

static char *repeat(const char *unit, int n)
{
        size_t len = strlen(unit);
        char *s = malloc(len * (size_t) n + 1);

        assert_non_null(s);
        for (int i = 0; i < n; i++)
                memcpy(s + len * (size_t) i, unit, len);
        s[len * (size_t) n] = '\0';
        return s;
}

static json_t *with_text(const char *path, const char *unit, int n)
{
        char *s = repeat(unit, n);
        json_t *f = set_s(valid_form(), path, s);

        free(s);
        return f;
}

/* ---- the valid form ------------------------------------------------------------------------ */

static void test_valid_form(void **state)
{
        json_t *f = valid_form();
        json_t *p = json_object();

        (void) state;
        assert_true(form_check_shape(f, p));
        assert_int_equal(json_object_size(p), 0);
        json_decref(p);
        ok(f);
}

static void test_empty_and_odd_forms_do_not_crash(void **state)
{
        struct form_context ctx = context();

        (void) state;
        run(json_object(), &ctx);
        assert_true(json_object_size(last_problems) > 10);
        run(json_array(), &ctx);
        assert_true(json_object_size(last_problems) > 10);
        run(set(valid_form(), "unit", json_integer(1)), &ctx);
        assert_non_null(json_object_get(last_problems, "unit.name"));
        ctx.campaign = NULL;
        expect_ctx(valid_form(), &ctx, "campaign", "");
}

/* ---- required fields ----------------------------------------------------------------------- */

static void test_required_texts(void **state)
{
        static const struct {
                const char *key, *message;
        } req[] = {
                { "cover.project_name", "请填写项目名称" },
                { "cover.applicant_unit", "请填写申报单位" },
                { "cover.address", "请填写地址" },
                { "cover.postcode", "请填写邮编" },
                { "cover.project_leader", "请填写项目负责人" },
                { "cover.contact_name", "请填写联系人" },
                { "cover.contact_mobile", "请填写手机号" },
                { "cover.fill_date", "请填写填报日期" },
                { "unit.name", "请填写申报单位名称" },
                { "unit.credit_code", "请填写统一社会信用代码" },
                { "unit.legal_representative", "请填写法人代表" },
                { "unit.affiliation", "请选择单位隶属" },
                { "unit.contact_name", "请填写申报联系人" },
                { "unit.contact_phone", "请填写联系电话" },
                { "unit.address", "请填写单位地址" },
                { "unit.overview", "请填写申报单位概况" },
                { "unit.main_business", "请填写主营业务" },
                { "project.name", "请填写申报项目名称" },
                { "project.start_month", "请填写起止时间（开始月份）" },
                { "project.end_month", "请填写起止时间（结束月份）" },
                { "project.category", "请选择一个申报类别" },
                { "project.basic_info", "请填写申报项目基本情况" },
                { "project.achievements", "请填写项目成效" },
        };

        (void) state;
        for (size_t i = 0; i < sizeof req / sizeof req[0]; i++) {
                refused(set_s(valid_form(), req[i].key, ""), req[i].key, req[i].message);
                /* white space, ASCII or the ideographic space, is not content */
                refused(set_s(valid_form(), req[i].key, "  \t　 "), req[i].key, req[i].message);
        }
}

/* Fields whose emptiness also makes a dependent rule impossible to check. */
static void test_required_selects(void **state)
{
        (void) state;
        refused(set_s(valid_form(), "unit.region_code", ""), "unit.region_code", "请选择申报地区");
        refused(set_s(valid_form(), "project.region_code", ""), "project.region_code",
                "请选择项目建设地区");
        /* no nature: not an enterprise, so revenue, main business and the licence are not asked */
        refused(set_s(valid_form(), "unit.nature", ""), "unit.nature", "请选择单位性质");
}

static void test_required_money(void **state)
{
        (void) state;
        refused(set(valid_form(), "project.total_investment", json_null()),
                "project.total_investment", "请填写项目总投资（万元）");
        /* without a total, the non-construction amount is checked against the minimum only */
        refused(del(valid_form(), "project.total_investment"), "project.total_investment",
                "请填写项目总投资（万元）");
        refused(set(valid_form(), "project.non_construction_investment", json_null()),
                "project.non_construction_investment", "请填写非土建类投资（万元）");
}

/* ---- cover --------------------------------------------------------------------------------- */

static void test_names_match_account_and_cover(void **state)
{
        (void) state;
        refused(set_s(valid_form(), "project.name", "另一个项目"), "project.name",
                "申报项目名称应与封面的项目名称一致");
        refused(set_s(valid_form(), "cover.applicant_unit", "南京智慧科技公司"),
                "cover.applicant_unit", "申报单位应与注册的单位名称一致（" UNIT_NAME "）");
        refused(set_s(valid_form(), "unit.name", "南京智慧科技公司"), "unit.name",
                "申报单位名称应与注册的单位名称一致（" UNIT_NAME "）");
        /* surrounding spaces are not a different name */
        ok(set_s(valid_form(), "unit.name", " " UNIT_NAME "　"));
}

static void test_postcodes(void **state)
{
        (void) state;
        ok(set_s(valid_form(), "cover.postcode", "215300"));
        refused(set_s(valid_form(), "cover.postcode", "21000"), "cover.postcode", "邮编应为 6 位数字");
        refused(set_s(valid_form(), "cover.postcode", "2100080"), "cover.postcode",
                "邮编应为 6 位数字");
        refused(set_s(valid_form(), "cover.postcode", "21000a"), "cover.postcode",
                "邮编应为 6 位数字");
        refused(set_s(valid_form(), "cover.postcode", "２１０００８"), "cover.postcode",
                "邮编应为 6 位数字");
}

static void test_mobiles(void **state)
{
        (void) state;
        ok(set_s(valid_form(), "cover.contact_mobile", "19900000000"));
        refused(set_s(valid_form(), "cover.contact_mobile", "1391234567"), "cover.contact_mobile",
                "手机号应为 11 位数字，以 13～19 开头");
        refused(set_s(valid_form(), "cover.contact_mobile", "139123456789"), "cover.contact_mobile",
                "手机号应为 11 位数字，以 13～19 开头");
        refused(set_s(valid_form(), "cover.contact_mobile", "12912345678"), "cover.contact_mobile",
                "手机号应为 11 位数字，以 13～19 开头");
        refused(set_s(valid_form(), "cover.contact_mobile", "025-69652796"), "cover.contact_mobile",
                "手机号应为 11 位数字，以 13～19 开头");
}

static void test_contact_phone(void **state)
{
        static const char *good[] = {
                "025-69652796", "0512-12345678", "0512-1234567", "025-69652796-1",
                "025-69652796-123456", "13912345678",
        };
        static const char *bad[] = {
                "02569652796", "025-6965279", "0512-123456", "025-696527", "025-696527960", "25-69652796", "0-69652796",
                "02512-69652796", "025-69652796-", "025-69652796-1234567", "025 69652796",
                "(025)69652796", "1391234567", "025-6965279a",
        };

        (void) state;
        /* 7-digit local numbers exist behind 4-digit area codes only (0512-1234567) */
        for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
                ok(set_s(valid_form(), "unit.contact_phone", good[i]));
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
                refused(set_s(valid_form(), "unit.contact_phone", bad[i]), "unit.contact_phone",
                        "联系电话应为手机号或带区号的固定电话，如 025-69652796");
}

static void test_fill_date(void **state)
{
        (void) state;
        ok(set_s(valid_form(), "cover.fill_date", "2024-02-29"));
        refused(set_s(valid_form(), "cover.fill_date", "2023-02-29"), "cover.fill_date",
                "填报日期应为有效日期，如 2023-07-15");
        refused(set_s(valid_form(), "cover.fill_date", "2023/07/15"), "cover.fill_date",
                "填报日期应为有效日期，如 2023-07-15");
}

static json_t *joint_form(void)
{
        json_t *f = valid_form();

        set(f, "cover.joint", json_true());
        set_s(f, "cover.partner_unit", "东南大学");
        set_s(f, "cover.partner_address", "南京市玄武区四牌楼 2 号");
        set_s(f, "cover.partner_postcode", "210096");
        set_s(f, "cover.partner_contact_name", "陈明");
        set_s(f, "cover.partner_contact_mobile", "13800000000");
        set_s(f, "unit.joint_units", "东南大学");
        return f;
}

static void test_joint(void **state)
{
        json_t *f;

        (void) state;
        ok(joint_form());
        f = set(valid_form(), "cover.joint", json_true());
        expect(f, "cover.partner_unit,cover.partner_address,cover.partner_postcode,"
                  "cover.partner_contact_name,cover.partner_contact_mobile,unit.joint_units", "");
        assert_string_equal(msg("cover.partner_unit"), "请填写合作单位");
        assert_string_equal(msg("unit.joint_units"), "请填写联合申报单位");
        refused(set_s(joint_form(), "cover.partner_postcode", "21009"), "cover.partner_postcode",
                "合作单位邮编应为 6 位数字");
        refused(set_s(joint_form(), "cover.partner_contact_mobile", "1380000000"),
                "cover.partner_contact_mobile", "合作单位联系人手机号应为 11 位数字，以 13～19 开头");
        refused(set_s(joint_form(), "unit.joint_units", ""), "unit.joint_units", "请填写联合申报单位");

        /* Not joint: what is left in the partner fields is ignored, not refused. */
        f = set(joint_form(), "cover.joint", json_false());
        set_s(f, "cover.partner_postcode", "bad");
        set_s(f, "cover.partner_contact_mobile", "bad");
        ok(f);
}

static void test_cover_lengths(void **state)
{
        json_t *f;

        (void) state;
        ok(with_text("cover.address", "路", 200));
        refused(with_text("cover.address", "路", 201), "cover.address", "地址不超过 200 字（现 201 字）");
        /* both names change together, so only the length is wrong */
        f = with_text("project.name", "名", 100);
        set(f, "cover.project_name", json_deep_copy(json_object_get(json_object_get(f, "project"),
                                                                     "name")));
        ok(f);
        f = with_text("project.name", "名", 101);
        set(f, "cover.project_name", json_deep_copy(json_object_get(json_object_get(f, "project"),
                                                                     "name")));
        expect(f, "cover.project_name,project.name", "");
        assert_string_equal(msg("project.name"), "申报项目名称不超过 100 字（现 101 字）");
        assert_string_equal(msg("cover.project_name"), "项目名称不超过 100 字（现 101 字）");
}

/* ---- unit ---------------------------------------------------------------------------------- */

static void test_credit_code(void **state)
{
        char bad[19], want[256];

        (void) state;
        snprintf(bad, sizeof bad, "%s", credit_code);
        bad[17] = bad[17] == '0' ? '1' : '0';
        refused(set_s(valid_form(), "unit.credit_code", bad), "unit.credit_code",
                "统一社会信用代码校验位不正确");
        refused(set_s(valid_form(), "unit.credit_code", "91320102MA1W3K5P"), "unit.credit_code",
                "统一社会信用代码应为 18 位");
        snprintf(want, sizeof want, "统一社会信用代码应与注册的统一社会信用代码一致（%s）", credit_code);
        refused(set_s(valid_form(), "unit.credit_code", other_code), "unit.credit_code", want);
}

static void test_regions(void **state)
{
        (void) state;
        refused(set_s(valid_form(), "unit.region_code", "310101"), "unit.region_code",
                "申报地区应为江苏省内的设区市或县（市、区）");
        refused(set_s(valid_form(), "unit.region_code", "320000"), "unit.region_code",
                "申报地区应为江苏省内的设区市或县（市、区）");
        refused(set_s(valid_form(), "project.region_code", "310101"), "project.region_code",
                "项目建设地区应为江苏省（全省）、设区市或县（市、区）");
        /* a project may be built province-wide (a provincial department's platform) */
        ok(set_s(valid_form(), "project.region_code", "320000"));
        ok(set_s(valid_form(), "project.region_code", "320100"));
        ok(set_s(valid_form(), "project.region_code", "320583"));
}

static void test_affiliation(void **state)
{
        (void) state;
        /* a 县（市、区）属 unit must sit in a county-level region */
        refused(set_s(valid_form(), "unit.region_code", "320100"), "unit.region_code",
                "县（市、区）属单位的申报地区应为县（市、区）");
        ok(set_s(valid_form(), "unit.region_code", "320583"));
        /* 市直: a city or a county-level region */
        ok(set_s(set_s(valid_form(), "unit.affiliation", "city_direct"), "unit.region_code", "320100"));
        ok(set_s(valid_form(), "unit.affiliation", "city_direct"));
        refused(set_s(set_s(valid_form(), "unit.affiliation", "city_direct"), "unit.region_code",
                      "320000"),
                "unit.region_code", "申报地区应为江苏省内的设区市或县（市、区）");
        refused(set_s(valid_form(), "unit.affiliation", "provincial"), "unit.affiliation",
                "单位隶属应为县（市、区）属、市直或省直单位");
        /* a department code left over from 省直 is ignored for other affiliations */
        ok(set_s(valid_form(), "unit.department_code", "nonexistent"));
}

static void test_province_direct(void **state)
{
        json_t *f;

        (void) state;
        f = set_s(valid_form(), "unit.affiliation", "province_direct");
        refused(f, "unit.department_code", "请选择主管的省有关部门");
        f = set_s(valid_form(), "unit.affiliation", "province_direct");
        refused(set_s(f, "unit.department_code", "foo"), "unit.department_code", "所选省有关部门不存在");
        f = set_s(valid_form(), "unit.affiliation", "province_direct");
        refused(set_s(f, "unit.department_code", "old"), "unit.department_code", "所选省有关部门不存在");
        f = set_s(valid_form(), "unit.affiliation", "province_direct");
        ok(set_s(f, "unit.department_code", "gxt"));
        f = set_s(set_s(valid_form(), "unit.affiliation", "province_direct"), "unit.region_code", "320100");
        ok(set_s(f, "unit.department_code", "gxt"));
}

static json_t *government_form(void)
{
        json_t *f = set_s(valid_form(), "unit.nature", "government");

        set(f, "unit.revenue", json_object());
        set_s(f, "unit.main_business", "");
        set(f, "unit.honors.high_tech", json_null());
        return f;
}

static void test_nature(void **state)
{
        struct form_context ctx = context();
        json_t *f;

        (void) state;
        refused(set_s(valid_form(), "unit.nature", "company"), "unit.nature", "请从所列选项中选择单位性质");
        refused(set_s(government_form(), "unit.nature", "other"), "unit.nature_other",
                "请注明其他单位性质");
        f = set_s(government_form(), "unit.nature", "other");
        ok(set_s(f, "unit.nature_other", "民办非企业单位"));
        refused(with_text("unit.nature_other", "字", 51), "unit.nature_other",
                "其他单位性质不超过 50 字（现 51 字）");

        /* not an enterprise: no revenue, no main business, no business licence needed */
        ctx.attachments = required_attachments & ~ATT_BIT(ATT_BUSINESS_LICENSE);
        expect_ctx(government_form(), &ctx, "", "");
        /* but what is given must still be a valid amount */
        expect_ctx(set(government_form(), "unit.revenue.2021", json_real(1.001)), &ctx,
                   "unit.revenue.2021", "");
        assert_string_equal(msg("unit.revenue.2021"), "2021年业务收入金额最多保留两位小数（万元）");
}

static void test_revenue(void **state)
{
        (void) state;
        refused(del(valid_form(), "unit.revenue.2021"), "unit.revenue.2021", "请填写2021年业务收入（万元）");
        refused(set(valid_form(), "unit.revenue.2021", json_null()), "unit.revenue.2021",
                "请填写2021年业务收入（万元）");
        refused(set(valid_form(), "unit.revenue.2022", json_real(1.005)), "unit.revenue.2022",
                "2022年业务收入金额最多保留两位小数（万元）");
        refused(set(valid_form(), "unit.revenue.2020", json_real(-1)), "unit.revenue.2020",
                "2020年业务收入不能为负数");
        ok(set(valid_form(), "unit.revenue.2020", json_integer(0)));
        refused(set(valid_form(), "unit.revenue.2019", json_integer(100)), "unit.revenue.2019",
                "近三年业务收入只需填写2020–2022年");
        refused(set(valid_form(), "unit.revenue.2023", json_null()), "unit.revenue.2023",
                "近三年业务收入只需填写2020–2022年");
        expect(set(valid_form(), "unit.revenue", json_object()),
               "unit.revenue.2020,unit.revenue.2021,unit.revenue.2022", "");
        refused(set_s(valid_form(), "unit.main_business", ""), "unit.main_business", "请填写主营业务");
        ok(with_text("unit.main_business", "业", 200));
        refused(with_text("unit.main_business", "业", 201), "unit.main_business",
                "主营业务不超过 200 字（现 201 字）");
}

static void test_enterprise_natures(void **state)
{
        static const char *const enterprises[] = {
                "state_owned", "private", "foreign", "joint_venture", "state_controlled",
                "state_participated",
        };
        static const char *const others[] = { "government", "institution", "social_group", "other" };
        struct form_context ctx = context();

        (void) state;
        for (size_t i = 0; i < sizeof enterprises / sizeof enterprises[0]; i++) {
                assert_true(form_nature_is_enterprise(enterprises[i]));
                expect(set(set_s(valid_form(), "unit.nature", enterprises[i]), "unit.revenue",
                           json_object()),
                       "unit.revenue.2020,unit.revenue.2021,unit.revenue.2022", "");
        }
        for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
                assert_false(form_nature_is_enterprise(others[i]));
        assert_false(form_nature_is_enterprise(""));
        assert_false(form_nature_is_enterprise("Private"));
        assert_false(form_nature_is_enterprise(NULL));

        /* the business licence: required of an enterprise only */
        ctx.attachments &= ~ATT_BIT(ATT_BUSINESS_LICENSE);
        expect_ctx(valid_form(), &ctx, "attachments.business_license", "");
        assert_string_equal(msg("attachments.business_license"), "请上传营业执照");
        expect_ctx(set_s(valid_form(), "unit.nature", "institution"), &ctx, "", "");
}

static void test_honors(void **state)
{
        (void) state;
        ok(set(valid_form(), "unit.honors.high_tech.year", json_integer(2022)));
        ok(set(valid_form(), "unit.honors.high_tech.year", json_integer(1980)));
        refused(set(valid_form(), "unit.honors.high_tech.year", json_integer(2023)),
                "unit.honors.high_tech.year", "高新技术企业的授予年份不能晚于统计截止日期 2022 年");
        refused(set(valid_form(), "unit.honors.high_tech.year", json_integer(1979)),
                "unit.honors.high_tech.year", "高新技术企业的授予年份不能早于 1980 年");
        refused(set(valid_form(), "unit.honors.high_tech.year", json_null()),
                "unit.honors.high_tech.year", "请填写高新技术企业的授予年份");
        refused(set_s(valid_form(), "unit.honors.high_tech.level", "city"),
                "unit.honors.high_tech.level", "请选择高新技术企业的级别：国家级或省市级");
        refused(set_s(valid_form(), "unit.honors.high_tech.level", ""),
                "unit.honors.high_tech.level", "请选择高新技术企业的级别：国家级或省市级");
        ok(set(valid_form(), "unit.honors.tech_center",
               json_pack("{s:s, s:i}", "level", "provincial_municipal", "year", 2019)));
        refused(set(valid_form(), "unit.honors.key_lab",
                    json_pack("{s:s, s:i}", "level", "national", "year", 2023)),
                "unit.honors.key_lab.year", "重点实验室的授予年份不能晚于统计截止日期 2022 年");
        refused(set(valid_form(), "unit.honors.tech_center",
                    json_pack("{s:s, s:i}", "level", "county", "year", 2020)),
                "unit.honors.tech_center.level", "请选择企业技术中心的级别：国家级或省市级");
        ok(with_text("unit.honors.other", "荣", 200));
        refused(with_text("unit.honors.other", "荣", 201), "unit.honors.other",
                "其他市级以上荣誉不超过 200 字（现 201 字）");
}

static void test_overview_limit(void **state)
{
        (void) state;
        ok(with_text("unit.overview", "汉", 300));
        refused(with_text("unit.overview", "汉", 301), "unit.overview",
                "申报单位概况不超过 300 字（现 301 字）");
        /* characters, not bytes: 300 ASCII letters are as many as 300 汉 */
        ok(with_text("unit.overview", "a", 300));
        refused(with_text("unit.overview", "a", 301), "unit.overview",
                "申报单位概况不超过 300 字（现 301 字）");
}

static void test_project_text_limits(void **state)
{
        (void) state;
        ok(with_text("project.basic_info", "汉", 500));
        refused(with_text("project.basic_info", "汉", 501), "project.basic_info",
                "申报项目基本情况不超过 500 字（现 501 字）");
        ok(with_text("project.achievements", "汉", 500));
        refused(with_text("project.achievements", "汉", 501), "project.achievements",
                "项目成效不超过 500 字（现 501 字）");
}

/* The campaign's limits are data: a different file, different limits. */
static void test_limits_come_from_campaign(void **state)
{
        struct campaign c = campaign;
        struct form_context ctx = context();

        (void) state;
        for (size_t i = 0; i < c.n_text_limits; i++)
                if (strcmp(c.text_limits[i].field, "unit.overview") == 0)
                        c.text_limits[i].max_chars = 10;
        ctx.campaign = &c;
        expect_ctx(with_text("unit.overview", "汉", 11), &ctx, "unit.overview", "");
        assert_string_equal(msg("unit.overview"), "申报单位概况不超过 10 字（现 11 字）");
}

/* ---- project ------------------------------------------------------------------------------- */

static json_t *months(const char *start, const char *end)
{
        return set_s(set_s(valid_form(), "project.start_month", start), "project.end_month", end);
}

static void test_start_month(void **state)
{
        (void) state;
        ok(months("2022-01", "2023-12"));
        refused(months("2021-12", "2023-11"), "project.start_month", "项目启动时间不早于 2022 年 1 月");
        refused(months("2022-13", "2023-12"), "project.start_month",
                "开始月份应为 YYYY-MM 格式，如 2022-03");
        refused(months("2022-3", "2023-12"), "project.start_month",
                "开始月份应为 YYYY-MM 格式，如 2022-03");
        refused(months("2022-03", "2024-2"), "project.end_month", "结束月份应为 YYYY-MM 格式，如 2024-02");
}

static void test_end_after_start(void **state)
{
        (void) state;
        refused(months("2022-03", "2022-03"), "project.end_month", "结束时间应晚于开始时间");
        refused(months("2022-03", "2022-02"), "project.end_month", "结束时间应晚于开始时间");
        /* two months is a valid span, just far from two years */
        expect(months("2022-03", "2022-04"), "", "project.end_month");
}

static void test_duration(void **state)
{
        (void) state;
        expect(months("2022-03", "2023-01"), "", "project.end_month");
        assert_string_equal(msg("project.end_month"), "实施周期 11 个月，与“两年左右”相差较大");
        ok(months("2022-03", "2023-02"));
        ok(months("2022-03", "2024-02"));
        ok(months("2022-03", "2025-02"));
        expect(months("2022-03", "2025-03"), "", "project.end_month");
        assert_string_equal(msg("project.end_month"), "实施周期 37 个月，与“两年左右”相差较大");
}

static json_t *money(double total, double nc)
{
        json_t *f = set(valid_form(), "project.total_investment", json_real(total));

        return set(f, "project.non_construction_investment", json_real(nc));
}

static void test_non_construction_minimum(void **state)
{
        (void) state;
        refused(money(1200, 499.99), "project.non_construction_investment", "非土建类投资不少于 500.00 万元");
        ok(money(1200, 500.00));
        ok(money(500, 500));
        ok(set(valid_form(), "project.non_construction_investment", json_integer(500)));
        refused(money(1200, 500.001), "project.non_construction_investment",
                "非土建类投资金额最多保留两位小数（万元）");
        refused(money(1200, -500), "project.non_construction_investment", "非土建类投资不能为负数");
}

static void test_non_construction_vs_total(void **state)
{
        (void) state;
        ok(money(1200, 1200));
        ok(money(1200.01, 1200.01));
        refused(money(1200, 1200.01), "project.non_construction_investment",
                "非土建类投资不能超过项目总投资");
        refused(money(1200.001, 800), "project.total_investment", "项目总投资金额最多保留两位小数（万元）");
        expect(money(0, 500), "project.total_investment,project.non_construction_investment", "");
        assert_string_equal(msg("project.total_investment"), "项目总投资应大于 0");
        refused(money(1e9, 800), "project.total_investment",
                "项目总投资金额过大（最多 99999999.99 万元）");
}

static json_t *funded(void)
{
        return set(valid_form(), "project.provincial_funding",
                   json_pack("{s:s, s:s, s:f}", "month", "2022-09", "fund_name", "省工业和信息产业转型升级专项资金",
                             "amount", 100.0));
}

static void test_provincial_funding(void **state)
{
        (void) state;
        ok(funded());
        refused(set_s(funded(), "project.provincial_funding.month", ""), "project.provincial_funding.month",
                "请填写获得省级以上资金支持的年月");
        refused(set_s(funded(), "project.provincial_funding.month", "2022-9"),
                "project.provincial_funding.month", "获得资金支持的年月应为 YYYY-MM 格式，如 2022-09");
        refused(set_s(funded(), "project.provincial_funding.fund_name", " "),
                "project.provincial_funding.fund_name", "请填写获得支持的资金名称");
        refused(set(funded(), "project.provincial_funding.amount", json_null()),
                "project.provincial_funding.amount", "请填写支持金额（万元）");
        refused(set(funded(), "project.provincial_funding.amount", json_integer(0)),
                "project.provincial_funding.amount", "支持金额应大于 0");
        refused(set(funded(), "project.provincial_funding.amount", json_real(0.001)),
                "project.provincial_funding.amount", "支持金额金额最多保留两位小数（万元）");
        ok(set(funded(), "project.provincial_funding.amount", json_real(0.01)));
        expect(set(valid_form(), "project.provincial_funding", json_object()),
               "project.provincial_funding.month,project.provincial_funding.fund_name,"
               "project.provincial_funding.amount", "");
        {
                char *name = repeat("资", 101);

                refused(set_s(funded(), "project.provincial_funding.fund_name", name),
                        "project.provincial_funding.fund_name", "资金名称不超过 100 字（现 101 字）");
                free(name);
        }
}

static void test_category(void **state)
{
        (void) state;
        ok(set_s(valid_form(), "project.category", "infrastructure"));
        ok(set_s(valid_form(), "project.category", "economy"));
        ok(set_s(valid_form(), "project.category", "governance"));
        refused(set_s(valid_form(), "project.category", "smart_city"), "project.category",
                "请选择一个申报类别");
        refused(set_s(valid_form(), "project.category", "economy,livelihood"), "project.category",
                "请选择一个申报类别");
        refused(set_s(valid_form(), "project.category", ""), "project.category", "请选择一个申报类别");
}

static void test_project_flags(void **state)
{
        struct campaign c = campaign;
        struct form_context ctx = context();

        (void) state;
        refused(set(valid_form(), "project.main_part_completed", json_false()),
                "project.main_part_completed", "须已完成主体部分建设方可申报");
        refused(set(valid_form(), "project.is_continuation", json_true()), "project.is_continuation",
                "不接受续期建设项目申报");
        refused(set(valid_form(), "project.phased", json_true()), "project.phased_declared_whole",
                "分期建设的项目应以项目整体申报（起止时间和投资按整体填写）");
        ok(set(set(valid_form(), "project.phased", json_true()), "project.phased_declared_whole",
               json_true()));
        /* a campaign that allows them */
        c.main_part_completed_required = false;
        c.continuation_allowed = true;
        ctx.campaign = &c;
        expect_ctx(set(set(valid_form(), "project.main_part_completed", json_false()),
                       "project.is_continuation", json_true()),
                   &ctx, "", "");
}

/* ---- ownership, declaration, attachments ---------------------------------------------------- */

static json_t *variant(int v, const char *partner)
{
        json_t *f = set(valid_form(), "ownership.variant", json_integer(v));

        return set_s(f, "ownership.partner_unit", partner);
}

static void test_ownership(void **state)
{
        struct form_context ctx = context();

        (void) state;
        ok(variant(1, ""));
        refused(set(valid_form(), "ownership.variant", json_null()), "ownership.variant",
                "请选择项目权属及授权情况");
        refused(variant(0, ""), "ownership.variant", "请选择项目权属及授权情况");
        refused(variant(5, ""), "ownership.variant", "请选择项目权属及授权情况");
        refused(variant(2, ""), "ownership.partner_unit", "请填写合作单位");
        ok(variant(2, "东南大学"));
        refused(variant(3, " "), "ownership.partner_unit", "请填写合作单位");
        ok(variant(3, "东南大学"));

        /* 4: declared by the builder for the owner, who must authorize it */
        expect(variant(4, ""), "ownership.partner_unit,attachments.authorization_letter", "");
        assert_string_equal(msg("ownership.partner_unit"), "请填写项目权属单位");
        assert_string_equal(msg("attachments.authorization_letter"),
                            "以承建单位名义申报，须上传项目权属单位授权书");
        refused(variant(4, "南京市玄武区数据局"), "attachments.authorization_letter",
                "以承建单位名义申报，须上传项目权属单位授权书");
        ctx.attachments |= ATT_BIT(ATT_AUTHORIZATION_LETTER);
        expect_ctx(variant(4, "南京市玄武区数据局"), &ctx, "", "");
        expect_ctx(variant(4, ""), &ctx, "ownership.partner_unit", "");
        refused(with_text("ownership.partner_unit", "单", 201), "ownership.partner_unit",
                "合作单位或项目权属单位不超过 200 字（现 201 字）");
}

static void test_declaration(void **state)
{
        (void) state;
        refused(set(valid_form(), "declaration_accepted", json_false()), "declaration_accepted",
                "请阅读并确认真实性声明");
        refused(del(valid_form(), "declaration_accepted"), "declaration_accepted", "请阅读并确认真实性声明");
}

static void test_each_required_attachment(void **state)
{
        static const enum attachment_kind kinds[] = {
                ATT_BUSINESS_LICENSE, ATT_INVESTMENT_PROOF, ATT_STAMPED_FORM,
                ATT_OWNERSHIP_STATEMENT, ATT_DETAILED_MATERIALS,
        };

        (void) state;
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
                struct form_context ctx = context();
                char key[64], want[128];

                ctx.attachments &= ~ATT_BIT(kinds[i]);
                snprintf(key, sizeof key, "attachments.%s", attachment_kind_code(kinds[i]));
                snprintf(want, sizeof want, "请上传%s", attachment_kind_label(kinds[i]));
                expect_ctx(valid_form(), &ctx, key, "");
                assert_string_equal(msg(key), want);
        }
        {
                struct form_context ctx = context();

                ctx.attachments = 0;
                expect_ctx(valid_form(), &ctx,
                           "attachments.business_license,attachments.investment_proof,"
                           "attachments.stamped_form,attachments.ownership_statement,"
                           "attachments.detailed_materials",
                           "attachments.qualification_proof");
                assert_string_equal(msg("attachments.stamped_form"),
                                    "请上传盖章申报表（封面、表一、表二）");
        }
}

static void test_qualification_warning(void **state)
{
        struct form_context ctx = context();

        (void) state;
        ctx.attachments = required_attachments;
        expect_ctx(valid_form(), &ctx, "", "attachments.qualification_proof");
        assert_string_equal(msg("attachments.qualification_proof"), "填报了相关荣誉，建议上传资质证明");
        /* no honors: nothing to prove */
        expect_ctx(set(valid_form(), "unit.honors.high_tech", json_null()), &ctx, "", "");
        /* "other" honors count too, but not white space */
        expect_ctx(set_s(set(valid_form(), "unit.honors.high_tech", json_null()), "unit.honors.other",
                         "江苏省科技进步奖二等奖"),
                   &ctx, "", "attachments.qualification_proof");
        expect_ctx(set_s(set(valid_form(), "unit.honors.high_tech", json_null()), "unit.honors.other",
                         "  "),
                   &ctx, "", "");
}

/* Every problem of a form at once, each under its own key. */
static void test_many_problems_at_once(void **state)
{
        json_t *f = valid_form();

        (void) state;
        set(f, "project.non_construction_investment", json_real(499.99));
        set_s(f, "unit.contact_phone", "02569652796");
        set_s(f, "project.category", "");
        set(f, "declaration_accepted", json_false());
        expect(f, "project.non_construction_investment,unit.contact_phone,project.category,"
                  "declaration_accepted", "");
}

/* ---- shape --------------------------------------------------------------------------------- */

/* form_check_shape of body (freed): returns whether accepted; the problems are kept in
 * last_problems. */
static bool shape(json_t *body)
{
        bool r;

        json_decref(last_problems);
        last_problems = json_object();
        r = form_check_shape(body, last_problems);
        json_decref(body);
        assert_true(r == (json_object_size(last_problems) == 0));
        return r;
}

static void shape_refused(json_t *body, const char *key, const char *message)
{
        if (shape(body))
                fail_msg("accepted, expected %s", key);
        if (!same_keys(last_problems, key)) {
                char *p = json_dumps(last_problems, 0);

                fail_msg("expected [%s], got %s", key, p);
        }
        if (message)
                assert_string_equal(msg(key), message);
}

static json_t *body(const char *text)
{
        json_error_t jerr;
        json_t *b = json_loads(text, 0, &jerr);

        if (!b)
                fail_msg("%s: %s", text, jerr.text);
        return b;
}

static void test_shape_unknown_keys(void **state)
{
        (void) state;
        shape_refused(body("{\"foo\": {}}"), "foo", "不支持的字段“foo”");
        shape_refused(body("{\"project\": {\"foo\": 1}}"), "project.foo", "不支持的字段“foo”");
        shape_refused(body("{\"unit\": {\"honors\": {\"best\": null}}}"), "unit.honors.best",
                      "不支持的字段“best”");
        shape_refused(body("{\"unit\": {\"honors\": {\"high_tech\": {\"level\": \"national\", \"x\": 1}}}}"),
                      "unit.honors.high_tech.x", "不支持的字段“x”");
        shape_refused(body("{\"project\": {\"provincial_funding\": {\"month\": \"2022-09\", \"y\": 1}}}"),
                      "project.provincial_funding.y", "不支持的字段“y”");
        shape_refused(body("{\"status\": \"submitted\"}"), "status", NULL);
        shape_refused(json_array(), "body", "请求体应为 JSON 对象");
        assert_true(shape(json_object()));
}

static void test_shape_types(void **state)
{
        (void) state;
        shape_refused(body("{\"cover\": {\"postcode\": 210008}}"), "cover.postcode", "邮编应为文本");
        shape_refused(body("{\"cover\": {\"postcode\": null}}"), "cover.postcode", "邮编应为文本");
        shape_refused(body("{\"cover\": {\"joint\": \"yes\"}}"), "cover.joint",
                      "是否联合申报应为 true、false 或 null（未选择）");
        /* a 是/否 question may stay unanswered (null); a confirmation is ticked or not */
        assert_true(shape(body("{\"cover\": {\"joint\": null}}")));
        shape_refused(body("{\"declaration_accepted\": null}"), "declaration_accepted", NULL);
        shape_refused(body("{\"project\": {\"total_investment\": \"1200\"}}"), "project.total_investment",
                      "项目总投资应为数字（万元）或 null");
        shape_refused(body("{\"unit\": {\"revenue\": {\"20x1\": 1}}}"), "unit.revenue.20x1",
                      "近三年业务收入的年份应为四位数字，如“2022”");
        shape_refused(body("{\"unit\": {\"revenue\": {\"202\": 1}}}"), "unit.revenue.202", NULL);
        shape_refused(body("{\"unit\": {\"revenue\": {\"2021\": \"1\"}}}"), "unit.revenue.2021",
                      "2021年业务收入应为数字（万元）或 null");
        shape_refused(body("{\"unit\": {\"revenue\": null}}"), "unit.revenue", NULL);
        shape_refused(body("{\"unit\": {\"honors\": {\"high_tech\": true}}}"), "unit.honors.high_tech", NULL);
        shape_refused(body("{\"unit\": {\"honors\": {\"high_tech\": {\"year\": 2021.5}}}}"),
                      "unit.honors.high_tech.year", "高新技术企业的授予年份应为整数或 null");
        shape_refused(body("{\"unit\": {\"honors\": {\"high_tech\": {\"year\": \"2021\"}}}}"),
                      "unit.honors.high_tech.year", NULL);
        shape_refused(body("{\"unit\": {\"honors\": {\"key_lab\": {\"level\": 1}}}}"),
                      "unit.honors.key_lab.level", "重点实验室的级别应为文本");
        shape_refused(body("{\"unit\": {\"honors\": {\"other\": null}}}"), "unit.honors.other", NULL);
        shape_refused(body("{\"unit\": {\"honors\": []}}"), "unit.honors", NULL);
        shape_refused(body("{\"project\": {\"provincial_funding\": \"无\"}}"), "project.provincial_funding",
                      NULL);
        shape_refused(body("{\"project\": {\"provincial_funding\": {\"amount\": \"100\"}}}"),
                      "project.provincial_funding.amount", "支持金额应为数字（万元）或 null");
        shape_refused(body("{\"ownership\": {\"variant\": \"1\"}}"), "ownership.variant", NULL);
        shape_refused(body("{\"ownership\": {\"variant\": 1.0}}"), "ownership.variant", NULL);
        shape_refused(body("{\"declaration_accepted\": \"true\"}"), "declaration_accepted",
                      "真实性声明应为 true 或 false");
        shape_refused(body("{\"unit\": []}"), "unit", "表一（申报单位信息）应为对象");
        shape_refused(body("{\"cover\": null}"), "cover", "封面应为对象");
        /* every offending key is named, not only the first */
        shape_refused(body("{\"cover\": {\"postcode\": 1, \"joint\": 1}, \"x\": 1}"),
                      "cover.postcode,cover.joint,x", NULL);
}

static void test_shape_nulls_allowed(void **state)
{
        (void) state;
        assert_true(shape(body("{\"project\": {\"total_investment\": null, "
                               "\"non_construction_investment\": null, \"provincial_funding\": null}}")));
        assert_true(shape(body("{\"project\": {\"provincial_funding\": "
                               "{\"month\": \"\", \"fund_name\": \"\", \"amount\": null}}}")));
        assert_true(shape(body("{\"unit\": {\"revenue\": {\"2020\": null, \"2021\": 0, \"2022\": 1.5}, "
                               "\"honors\": {\"high_tech\": null, \"tech_center\": null, "
                               "\"key_lab\": {\"level\": \"\", \"year\": null}, \"other\": \"\"}}}")));
        assert_true(shape(body("{\"ownership\": {\"variant\": null, \"partner_unit\": \"\"}}")));
        /* numbers are types only here: amounts and ranges are form_check's */
        assert_true(shape(body("{\"project\": {\"total_investment\": -1.001}, \"ownership\": {\"variant\": 9}}")));
        assert_true(shape(body("{\"cover\": {\"project_name\": \"\"}, \"declaration_accepted\": false}")));
}

static void test_shape_text_size(void **state)
{
        char *s;

        (void) state;
        s = repeat("a", 10000);
        assert_true(shape(set_s(valid_form(), "unit.overview", s)));
        free(s);
        s = repeat("a", 10001);
        shape_refused(set_s(valid_form(), "unit.overview", s), "unit.overview",
                      "申报单位概况过长（最多 10000 字节）");
        free(s);
        s = repeat("a", 10001);
        shape_refused(set_s(valid_form(), "unit.honors.other", s), "unit.honors.other", NULL);
        free(s);
        /* NUL inside a string */
        shape_refused(set(valid_form(), "cover.address", json_stringn("a\0b", 3)), "cover.address",
                      "地址含有无效字符");
}

/* ---- new, merge, facts --------------------------------------------------------------------- */

/* The same keys, recursively, for objects both have (revenue and honors' entries excepted). */
static void assert_same_sections(json_t *a, json_t *b)
{
        const char *key;
        json_t *v;

        assert_int_equal(json_object_size(a), json_object_size(b));
        json_object_foreach(a, key, v) {
                json_t *w = json_object_get(b, key);

                if (!w)
                        fail_msg("key %s missing", key);
                if (json_is_object(v) && json_is_object(w) && strcmp(key, "revenue") != 0 &&
                    strcmp(key, "high_tech") != 0)
                        assert_same_sections(v, w);
        }
}

static void test_form_new(void **state)
{
        json_t *f = form_new(UNIT_NAME, credit_code, "李娜", "13912345678", "2023-07-15");
        json_t *valid = valid_form();
        json_t *p = json_object();
        json_t *unit;

        (void) state;
        assert_non_null(f);
        assert_same_sections(f, valid);
        assert_true(form_check_shape(f, p));
        assert_int_equal(json_object_size(p), 0);
        json_decref(p);

        assert_string_equal(json_string_value(json_object_get(json_object_get(f, "cover"), "applicant_unit")),
                            UNIT_NAME);
        assert_string_equal(json_string_value(json_object_get(json_object_get(f, "cover"), "contact_mobile")),
                            "13912345678");
        assert_string_equal(json_string_value(json_object_get(json_object_get(f, "cover"), "fill_date")),
                            "2023-07-15");
        unit = json_object_get(f, "unit");
        assert_string_equal(json_string_value(json_object_get(unit, "credit_code")), credit_code);
        assert_string_equal(json_string_value(json_object_get(unit, "contact_name")), "李娜");
        assert_string_equal(json_string_value(json_object_get(unit, "name")), UNIT_NAME);
        assert_int_equal(json_object_size(json_object_get(unit, "revenue")), 0);
        assert_true(json_is_null(json_object_get(json_object_get(unit, "honors"), "high_tech")));
        assert_string_equal(json_string_value(json_object_get(json_object_get(unit, "honors"), "other")), "");
        assert_true(json_is_null(json_object_get(json_object_get(f, "ownership"), "variant")));
        assert_true(json_is_null(json_object_get(json_object_get(f, "project"), "total_investment")));
        assert_true(json_is_null(json_object_get(json_object_get(f, "project"), "provincial_funding")));
        /* 是/否 questions start unanswered, so nothing is answered for the applicant */
        assert_true(json_is_null(json_object_get(json_object_get(f, "project"), "main_part_completed")));
        assert_true(json_is_null(json_object_get(json_object_get(f, "cover"), "joint")));
        assert_true(json_is_false(json_object_get(f, "declaration_accepted")));

        /* a new draft is far from complete, but checking it is safe */
        run(json_incref(f), NULL);
        assert_non_null(json_object_get(last_problems, "campaign"));
        {
                struct form_context ctx = context();

                run(json_incref(f), &ctx);
                assert_non_null(json_object_get(last_problems, "project.name"));
                assert_null(json_object_get(last_problems, "unit.name"));
                assert_null(json_object_get(last_problems, "unit.credit_code"));
        }
        json_decref(f);
        json_decref(valid);

        f = form_new(NULL, NULL, NULL, NULL, NULL);
        assert_non_null(f);
        assert_string_equal(json_string_value(json_object_get(json_object_get(f, "cover"), "fill_date")), "");
        json_decref(f);
}

static void test_unanswered_questions(void **state)
{
        (void) state;
        const char *keys[] = { "cover.joint", "project.main_part_completed", "project.is_continuation",
                               "project.phased" };
        const char *labels[] = { "请选择是否联合申报", "请选择是否已完成主体部分建设", "请选择是否为续期建设项目",
                                 "请选择是否分期建设" };
        for (size_t i = 0; i < 4; i++)
                refused(set(valid_form(), keys[i], json_null()), keys[i], labels[i]);
}

static void test_form_merge(void **state)
{
        json_t *f = valid_form();
        json_t *b, *project, *honors;

        (void) state;
        /* one section: replaced whole, left-out keys empty; the others untouched */
        b = body("{\"project\": {\"name\": \"新项目\", \"category\": \"economy\"}}");
        assert_true(form_check_shape(b, NULL));
        form_merge(f, b);
        json_decref(b);
        project = json_object_get(f, "project");
        assert_string_equal(json_string_value(json_object_get(project, "name")), "新项目");
        assert_string_equal(json_string_value(json_object_get(project, "category")), "economy");
        assert_string_equal(json_string_value(json_object_get(project, "start_month")), "");
        assert_true(json_is_null(json_object_get(project, "total_investment")));
        assert_true(json_is_null(json_object_get(project, "main_part_completed")));
        assert_int_equal(json_object_size(project), 14);
        assert_string_equal(json_string_value(json_object_get(json_object_get(f, "cover"), "postcode")),
                            "210008");
        assert_true(json_is_true(json_object_get(f, "declaration_accepted")));

        /* nested values come out complete too */
        b = body("{\"unit\": {\"honors\": {\"high_tech\": {\"level\": \"national\"}}},"
                 " \"project\": {\"provincial_funding\": {}}, \"declaration_accepted\": false}");
        form_merge(f, b);
        /* the body can be changed or freed afterwards: nothing is shared */
        json_object_clear(b);
        json_decref(b);
        honors = json_object_get(json_object_get(f, "unit"), "honors");
        assert_string_equal(json_string_value(json_object_get(json_object_get(honors, "high_tech"), "level")),
                            "national");
        assert_true(json_is_null(json_object_get(json_object_get(honors, "high_tech"), "year")));
        assert_true(json_is_null(json_object_get(honors, "key_lab")));
        assert_string_equal(json_string_value(json_object_get(honors, "other")), "");
        assert_string_equal(json_string_value(json_object_get(json_object_get(f, "unit"), "name")), "");
        project = json_object_get(f, "project");
        assert_string_equal(json_string_value(json_object_get(json_object_get(project, "provincial_funding"),
                                                              "fund_name")),
                            "");
        assert_true(json_is_null(json_object_get(json_object_get(project, "provincial_funding"), "amount")));
        assert_true(json_is_false(json_object_get(f, "declaration_accepted")));
        {
                json_t *p = json_object();

                assert_true(form_check_shape(f, p));
                json_decref(p);
        }

        /* merging the valid form into a new one gives the valid form */
        {
                json_t *n = form_new("", "", "", "", "");
                json_t *v = valid_form();

                form_merge(n, v);
                assert_true(json_equal(n, v));
                json_decref(n);
                json_decref(v);
        }
        json_decref(f);
}

static void test_form_facts(void **state)
{
        json_t *f = valid_form();
        struct form_facts facts;

        (void) state;
        form_facts(f, &facts);
        assert_string_equal(facts.project_name, "玄武区智慧社区综合服务平台");
        assert_string_equal(facts.category, "livelihood");
        assert_string_equal(facts.unit_name, UNIT_NAME);
        assert_string_equal(facts.unit_nature, "private");
        assert_string_equal(facts.affiliation, "county");
        assert_string_equal(facts.unit_region, "320102");
        assert_string_equal(facts.department_code, "");
        assert_string_equal(facts.project_region, "320102");
        assert_string_equal(facts.start_month, "2022-03");
        assert_string_equal(facts.end_month, "2024-02");
        assert_int_equal(facts.total_investment, 120000);
        assert_int_equal(facts.non_construction_investment, 86050);

        set(f, "project.total_investment", json_null());
        set(f, "project.non_construction_investment", json_real(500.001));
        form_facts(f, &facts);
        assert_int_equal(facts.total_investment, -1);
        assert_int_equal(facts.non_construction_investment, -1);
        json_decref(f);

        f = json_object();
        form_facts(f, &facts);
        assert_string_equal(facts.project_name, "");
        assert_int_equal(facts.total_investment, -1);
        json_decref(f);
}

static int teardown(void **state)
{
        (void) state;
        json_decref(last_problems);
        json_decref(last_warnings);
        return 0;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_valid_form),
                cmocka_unit_test(test_empty_and_odd_forms_do_not_crash),
                cmocka_unit_test(test_required_texts),
                cmocka_unit_test(test_required_selects),
                cmocka_unit_test(test_required_money),
                cmocka_unit_test(test_names_match_account_and_cover),
                cmocka_unit_test(test_postcodes),
                cmocka_unit_test(test_mobiles),
                cmocka_unit_test(test_contact_phone),
                cmocka_unit_test(test_fill_date),
                cmocka_unit_test(test_joint),
                cmocka_unit_test(test_cover_lengths),
                cmocka_unit_test(test_credit_code),
                cmocka_unit_test(test_regions),
                cmocka_unit_test(test_affiliation),
                cmocka_unit_test(test_province_direct),
                cmocka_unit_test(test_nature),
                cmocka_unit_test(test_revenue),
                cmocka_unit_test(test_enterprise_natures),
                cmocka_unit_test(test_honors),
                cmocka_unit_test(test_overview_limit),
                cmocka_unit_test(test_project_text_limits),
                cmocka_unit_test(test_limits_come_from_campaign),
                cmocka_unit_test(test_start_month),
                cmocka_unit_test(test_end_after_start),
                cmocka_unit_test(test_duration),
                cmocka_unit_test(test_non_construction_minimum),
                cmocka_unit_test(test_non_construction_vs_total),
                cmocka_unit_test(test_provincial_funding),
                cmocka_unit_test(test_category),
                cmocka_unit_test(test_project_flags),
                cmocka_unit_test(test_ownership),
                cmocka_unit_test(test_declaration),
                cmocka_unit_test(test_each_required_attachment),
                cmocka_unit_test(test_qualification_warning),
                cmocka_unit_test(test_many_problems_at_once),
                cmocka_unit_test(test_shape_unknown_keys),
                cmocka_unit_test(test_shape_types),
                cmocka_unit_test(test_shape_nulls_allowed),
                cmocka_unit_test(test_shape_text_size),
                cmocka_unit_test(test_form_new),
                cmocka_unit_test(test_unanswered_questions),
                cmocka_unit_test(test_form_merge),
                cmocka_unit_test(test_form_facts),
        };

        return cmocka_run_group_tests(tests, setup, teardown);
}
