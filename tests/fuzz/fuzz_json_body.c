/* A request body as the server reads it (json_loadb with JSON_REJECT_DUPLICATES), checked for shape
 * by input_check against the registration fields (POST /api/v1/accounts: all required; .../validate:
 * all optional), then by account_check_registration. Every problem must be reported, under the
 * right key, with a message a person can read. */
#include "api/input.h"
#include "domain/account.h"
#include "domain/creditcode.h"
#include "domain/password.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct input_field required_fields[] = {
        { "username", "用户名", INPUT_STRING, true },
        { "password", "密码", INPUT_STRING, true },
        { "unit_name", "单位名称", INPUT_STRING, true },
        { "credit_code", "统一社会信用代码", INPUT_STRING, true },
        { "contact_name", "联系人姓名", INPUT_STRING, true },
        { "contact_mobile", "联系人手机号", INPUT_STRING, true },
        { 0 },
};

static const struct input_field optional_fields[] = {
        { "username", "用户名", INPUT_STRING, false },
        { "password", "密码", INPUT_STRING, false },
        { "unit_name", "单位名称", INPUT_STRING, false },
        { "credit_code", "统一社会信用代码", INPUT_STRING, false },
        { "contact_name", "联系人姓名", INPUT_STRING, false },
        { "contact_mobile", "联系人手机号", INPUT_STRING, false },
        { 0 },
};

/* Other shapes that bodies of other endpoints use, so every type check runs. */
static const struct input_field mixed_fields[] = {
        { "name", "名称", INPUT_STRING, true },
        { "count", "数量", INPUT_INTEGER, false },
        { "amount", "金额", INPUT_NUMBER, true },
        { "flag", "标志", INPUT_BOOL, false },
        { "detail", "详情", INPUT_OBJECT, false },
        { 0 },
};

static const struct input_field *find(const struct input_field *fields, const char *key)
{
        for (; fields->key; fields++)
                if (strcmp(fields->key, key) == 0)
                        return fields;
        return NULL;
}

static bool type_ok(json_t *v, enum input_type t)
{
        switch (t) {
        case INPUT_STRING: return json_typeof(v) == JSON_STRING;
        case INPUT_INTEGER: return json_typeof(v) == JSON_INTEGER;
        case INPUT_NUMBER: return json_typeof(v) == JSON_INTEGER || json_typeof(v) == JSON_REAL;
        case INPUT_BOOL: return json_typeof(v) == JSON_TRUE || json_typeof(v) == JSON_FALSE;
        case INPUT_OBJECT: return json_typeof(v) == JSON_OBJECT;
        }
        return false;
}

static void check_shape(json_t *body, const struct input_field *fields)
{
        json_t *problems = json_object(), *v;
        const char *key;
        bool ok = input_check(body, fields, problems);

        fuzz_check_problems(problems);
        FUZZ_CHECK(ok == (json_object_size(problems) == 0), "input_check=%d with %zu problems", ok,
                   json_object_size(problems));
        /* Each key of the body that is unknown, or of the wrong type, has a problem... */
        json_object_foreach(body, key, v) {
                const struct input_field *f = find(fields, key);
                bool bad = !f || (!type_ok(v, f->type) && !(json_is_null(v) && !f->required)) ||
                           (f->required && json_is_null(v));

                FUZZ_CHECK(!bad || json_object_get(problems, key),
                           "key \"%.80s\" (%zu bytes) is %s but has no problem", key, strlen(key),
                           f ? "of the wrong type" : "unknown");
                FUZZ_CHECK(bad || !json_object_get(problems, key), "problem for good key \"%s\"", key);
        }
        /* ...and so has each missing required field; nothing else has one. */
        for (const struct input_field *f = fields; f->key; f++)
                if (f->required && !json_object_get(body, f->key))
                        FUZZ_CHECK(json_object_get(problems, f->key), "missing \"%s\" not reported", f->key);
        json_object_foreach(problems, key, v) {
                FUZZ_CHECK(json_object_get(body, key) || find(fields, key),
                           "problem for \"%s\", neither in the body nor a field", key);
        }
        json_decref(problems);
}

static void check_registration(json_t *body)
{
        json_t *problems = json_object(), *v;
        const char *key;
        bool shape_ok = input_check(body, required_fields, problems);
        struct registration reg = {
                .username = input_str(body, "username"),
                .password = input_str(body, "password"),
                .unit_name = input_str(body, "unit_name"),
                .credit_code = input_str(body, "credit_code"),
                .contact_name = input_str(body, "contact_name"),
                .contact_mobile = input_str(body, "contact_mobile"),
        };
        const char *given[] = { reg.username, reg.password, reg.unit_name, reg.credit_code,
                                reg.contact_name, reg.contact_mobile };

        account_check_registration(&reg, problems);
        fuzz_check_problems(problems);
        json_object_foreach(problems, key, v) {
                FUZZ_CHECK(find(required_fields, key) || json_object_get(body, key),
                           "problem for \"%s\"", key);
        }
        for (size_t i = 0; i < 6; i++)
                if (given[i] && !*given[i])
                        FUZZ_CHECK(json_object_get(problems, required_fields[i].key),
                                   "empty \"%s\" not reported", required_fields[i].key);
        if (reg.username && account_username_problem(reg.username))
                FUZZ_CHECK(json_object_get(problems, "username"), "bad username not reported");
        if (reg.password && password_problem(reg.password, reg.username))
                FUZZ_CHECK(json_object_get(problems, "password"), "bad password not reported");
        if (reg.credit_code && credit_code_check(reg.credit_code) != CREDIT_CODE_OK)
                FUZZ_CHECK(json_object_get(problems, "credit_code"), "bad credit code not reported");
        if (reg.contact_mobile && account_mobile_problem(reg.contact_mobile))
                FUZZ_CHECK(json_object_get(problems, "contact_mobile"), "bad mobile not reported");

        if (shape_ok && json_object_size(problems) == 0) {
                /* Accepted: what is stored must meet the notice's rules, checked here directly. */
                size_t ulen = strlen(reg.username);
                long unit_chars = fuzz_utf8_ref_count((const unsigned char *) reg.unit_name,
                                                      strlen(reg.unit_name));
                long name_chars = fuzz_utf8_ref_count((const unsigned char *) reg.contact_name,
                                                      strlen(reg.contact_name));
                long pw_chars = fuzz_utf8_ref_count((const unsigned char *) reg.password,
                                                    strlen(reg.password));

                FUZZ_CHECK(ulen >= 3 && ulen <= 32, "username of %zu bytes accepted", ulen);
                for (size_t i = 0; i < ulen; i++)
                        FUZZ_CHECK((unsigned char) reg.username[i] < 128, "non-ASCII username accepted");
                FUZZ_CHECK(pw_chars >= 8 && strlen(reg.password) <= 128, "password of %ld chars", pw_chars);
                FUZZ_CHECK(unit_chars >= 2 && unit_chars <= 100, "unit name of %ld chars", unit_chars);
                FUZZ_CHECK(name_chars >= 1 && name_chars <= 50, "contact name of %ld chars", name_chars);
                FUZZ_CHECK(strlen(reg.credit_code) == 18, "credit code accepted");
                FUZZ_CHECK(strlen(reg.contact_mobile) == 11 && reg.contact_mobile[0] == '1',
                           "mobile \"%s\" accepted", reg.contact_mobile);
        }
        json_decref(problems);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        json_error_t err;
        json_t *body = json_loadb((const char *) data, size, JSON_REJECT_DUPLICATES, &err);

        if (!body)
                return 0;
        /* The server answers 400 to anything but an object before a handler sees it. */
        if (json_is_object(body)) {
                check_shape(body, required_fields);
                check_shape(body, optional_fields);
                check_shape(body, mixed_fields);
                check_registration(body);
        }
        json_decref(body);
        return 0;
}
