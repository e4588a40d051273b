/* Checking the shape of a JSON request body before any rule runs: unknown fields, wrong types
 * and missing required fields, each reported under its own key with a Chinese message that
 * names the field. */
#pragma once
#include <jansson.h>
#include <stdbool.h>

enum input_type {
        INPUT_STRING,
        INPUT_INTEGER,
        INPUT_NUMBER,
        INPUT_BOOL,
        INPUT_OBJECT,
        INPUT_ARRAY,
};

struct input_field {
        const char *key;
        const char *label;      /* the field's Chinese name, e.g. "用户名" */
        enum input_type type;
        bool required;
};

/* Adds a problem to `problems` for each unknown key, wrong type or missing required field of
 * `body` against the NULL-key-terminated `fields`. Returns true when the shape is right. */
bool input_check(json_t *body, const struct input_field *fields, json_t *problems);

/* The same for a partial body: fields that are absent are not missing. */
bool input_check_present(json_t *body, const struct input_field *fields, json_t *problems);

/* The string value of key, or NULL when absent (after input_check, present means string). */
const char *input_str(json_t *body, const char *key);
