#include "api/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *type_name(enum input_type t)
{
        switch (t) {
        case INPUT_STRING: return "文本";
        case INPUT_INTEGER: return "整数";
        case INPUT_NUMBER: return "数字";
        case INPUT_BOOL: return "是/否（true/false）";
        case INPUT_OBJECT: return "对象";
        case INPUT_ARRAY: return "数组";
        }
        return "";
}

static bool type_ok(json_t *v, enum input_type t)
{
        switch (t) {
        case INPUT_STRING: return json_is_string(v);
        case INPUT_INTEGER: return json_is_integer(v);
        case INPUT_NUMBER: return json_is_number(v);
        case INPUT_BOOL: return json_is_boolean(v);
        case INPUT_OBJECT: return json_is_object(v);
        case INPUT_ARRAY: return json_is_array(v);
        }
        return false;
}

/* The message is built at its full length: cutting it could split a character, and an invalid
 * UTF-8 message would be dropped by jansson — and the problem with it (found by fuzz_json_body). */
static void add(json_t *problems, const char *key, const char *fmt, const char *a, const char *b)
{
        int n = snprintf(NULL, 0, fmt, a, b);
        char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
        if (msg)
                snprintf(msg, (size_t)n + 1, fmt, a, b);
        if (json_object_set_new(problems, key, json_string(msg ? msg : "字段有误")) < 0)
                json_object_set_new(problems, "body", json_string("请求中有无法识别的字段"));
        free(msg);
}

static bool check(json_t *body, const struct input_field *fields, json_t *problems, bool enforce_required)
{
        size_t before = json_object_size(problems);
        const char *key;
        json_t *v;
        json_object_foreach(body, key, v) {
                const struct input_field *f = fields;
                while (f->key && strcmp(f->key, key) != 0)
                        f++;
                if (!f->key)
                        add(problems, key, "不支持的字段“%s”%s", key, "");
                else if (!type_ok(v, f->type) && !(json_is_null(v) && !f->required))
                        add(problems, key, "%s应为%s", f->label, type_name(f->type));
        }
        for (const struct input_field *f = fields; f->key; f++) {
                v = json_object_get(body, f->key);
                if (enforce_required && f->required && (!v || json_is_null(v)))
                        add(problems, f->key, "请填写%s%s", f->label, "");
        }
        return json_object_size(problems) == before;
}

bool input_check(json_t *body, const struct input_field *fields, json_t *problems)
{
        return check(body, fields, problems, true);
}

bool input_check_present(json_t *body, const struct input_field *fields, json_t *problems)
{
        return check(body, fields, problems, false);
}

const char *input_str(json_t *body, const char *key)
{
        return json_string_value(json_object_get(body, key));
}
