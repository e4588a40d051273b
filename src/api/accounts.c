/* POST /api/v1/accounts: an applicant unit registers (申报单位注册); it is not signed in by it.
 * POST /api/v1/accounts/validate: the same checks for the fields given, for inline hints. */
#include <errno.h>

#include "api/api.h"
#include "api/input.h"
#include "domain/account.h"

static const struct input_field registration_fields[] = {
        { "username", "用户名", INPUT_STRING, true },
        { "password", "密码", INPUT_STRING, true },
        { "unit_name", "单位名称", INPUT_STRING, true },
        { "credit_code", "统一社会信用代码", INPUT_STRING, true },
        { "contact_name", "联系人姓名", INPUT_STRING, true },
        { "contact_mobile", "联系人手机号", INPUT_STRING, true },
        { 0 },
};

static struct registration registration_from(json_t *body)
{
        return (struct registration){
                .username = input_str(body, "username"),
                .password = input_str(body, "password"),
                .unit_name = input_str(body, "unit_name"),
                .credit_code = input_str(body, "credit_code"),
                .contact_name = input_str(body, "contact_name"),
                .contact_mobile = input_str(body, "contact_mobile"),
        };
}

static const char MSG_USERNAME_TAKEN[] = "用户名已被使用，请换一个";
static const char MSG_CREDIT_CODE_TAKEN[] = "该统一社会信用代码已注册，请直接登录或联系本单位已注册的账号";

/* Adds "taken" problems for a username or credit code that has no other problem. */
static void check_taken(struct db *db, const struct registration *reg, json_t *problems)
{
        bool taken = false;
        if (reg->username && !json_object_get(problems, "username") &&
            store_username_taken(db, reg->username, &taken) == 0 && taken)
                json_object_set_new(problems, "username", json_string(MSG_USERNAME_TAKEN));
        if (reg->credit_code && !json_object_get(problems, "credit_code") &&
            store_credit_code_taken(db, reg->credit_code, &taken) == 0 && taken)
                json_object_set_new(problems, "credit_code", json_string(MSG_CREDIT_CODE_TAKEN));
}

int api_accounts_create(struct call *c)
{
        json_t *problems = json_object();
        if (!input_check(c->json, registration_fields, problems))
                return api_invalid(c, problems);
        struct registration reg = registration_from(c->json);
        account_check_registration(&reg, problems);
        if (json_object_size(problems)) {
                /* name everything to fix at once; with nothing else wrong, the insert decides (409) */
                check_taken(c->db, &reg, problems);
                return api_invalid(c, problems);
        }
        json_decref(problems);

        char hash[AUTH_HASH_MAX];
        if (auth_password_hash(reg.password, hash) < 0)
                return -EIO;
        struct new_user nu = {
                .username = reg.username, .password_hash = hash, .role = ROLE_APPLICANT,
                .name = reg.contact_name, .mobile = reg.contact_mobile,
                .unit_name = reg.unit_name, .credit_code = reg.credit_code,
        };
        int64_t id;
        const char *field = NULL;
        int err = store_user_insert(c->db, &nu, c->now, &id, &field);
        if (err == -EEXIST) {
                bool user = field && field[0] == 'u';
                return api_fail(c, E_CONFLICT, user ? MSG_USERNAME_TAKEN : MSG_CREDIT_CODE_TAKEN,
                                   json_pack("{s:s}", user ? "username" : "credit_code",
                                             user ? MSG_USERNAME_TAKEN : MSG_CREDIT_CODE_TAKEN));
        }
        struct user u;
        if (err == 0)
                err = store_user_get(c->db, c->arena, id, &u);
        if (err < 0)
                return err;
        return api_json(c, 201, json_pack("{s:o}", "user", api_user_json(&u)));
}

int api_accounts_validate(struct call *c)
{
        json_t *problems = json_object();
        input_check_present(c->json, registration_fields, problems);
        struct registration reg = registration_from(c->json);
        account_check_registration(&reg, problems);
        check_taken(c->db, &reg, problems);
        return api_json(c, 200, json_pack("{s:o}", "problems", problems));
}
