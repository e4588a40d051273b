/* Sign in (POST /api/v1/session), sign out (DELETE) and who am I (GET /api/v1/me). */
#include <errno.h>
#include <stdio.h>

#include "api/api.h"
#include "api/input.h"
#include "app.h"
#include "domain/login.h"
#include "http/reply.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/timeutil.h"

static const char MSG_BAD_LOGIN[] = "用户名或密码错误";

static void set_cookie(struct req *r, const char *token)
{
        r->set_cookie = arena_printf(r->arena, "sid=%s; Path=/; %sHttpOnly; SameSite=Strict%s", token,
                                     *token ? "" : "Max-Age=0; ", app->cfg.cookie_secure ? "; Secure" : "");
}

static int reply_locked(struct req *r, int64_t until)
{
        char when[32];
        time_format_beijing(until, when);
        long minutes = (long)((until - r->now + 59) / 60);
        r->retry_after = until - r->now;
        return reply_error(r, 429, "too_many_requests",
                           arena_printf(r->arena, "登录失败次数过多，账号已锁定，请于 %.5s（约 %ld 分钟后）再试",
                                        when + 11, minutes),
                           NULL);
}

/* Records one attempt under the write lock, so simultaneous failures are all counted. */
static int record_attempt(struct req *r, int64_t user_id, bool password_ok, enum login_verdict *ret)
{
        struct user fresh;
        int err = store_begin(r->db);
        if (err < 0)
                return err;
        err = store_user_get(r->db, r->arena, user_id, &fresh);
        if (err == 0) {
                struct login_state cur = { fresh.failed_logins, fresh.locked_until }, next;
                *ret = login_attempt(&cur, password_ok, r->now, &next);
                if (next.failures != cur.failures || next.locked_until != cur.locked_until)
                        err = store_user_set_login_state(r->db, user_id, next.failures, next.locked_until);
        }
        if (err == 0)
                err = store_commit(r->db);
        if (err < 0)
                store_rollback(r->db);
        return err;
}

int api_session_create(struct req *r)
{
        static const struct input_field fields[] = {
                { "username", "用户名", INPUT_STRING, true },
                { "password", "密码", INPUT_STRING, true },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(r->json, fields, problems))
                return reply_validation(r, problems);
        json_decref(problems);
        const char *username = input_str(r->json, "username"), *password = input_str(r->json, "password");

        struct user u;
        int err = store_user_by_username(r->db, r->arena, username, &u);
        if (err == -ENOENT) {
                auth_password_dummy_verify(password);
                return reply_error(r, 401, "unauthenticated", MSG_BAD_LOGIN, NULL);
        }
        if (err < 0)
                return api_store_error(r, err);
        struct login_state state = { u.failed_logins, u.locked_until };
        if (login_is_locked(&state, r->now))
                return reply_locked(r, u.locked_until);

        bool ok = auth_password_verify(u.password_hash, password);
        enum login_verdict verdict = LOGIN_BAD_PASSWORD;
        err = record_attempt(r, u.id, ok, &verdict);
        if (err < 0)
                return api_store_error(r, err);
        if (verdict == LOGIN_LOCKED) {
                struct user again;
                if (store_user_get(r->db, r->arena, u.id, &again) == 0)
                        return reply_locked(r, again.locked_until);
        }
        if (verdict != LOGIN_OK)
                return reply_error(r, 401, "unauthenticated", MSG_BAD_LOGIN, NULL);

        /* a fresh session id at every sign-in: a planted cookie never becomes a session */
        if (r->signed_in)
                (void)auth_session_end(r->db, &r->session);
        char token[SESSION_TOKEN_LEN];
        struct auth_session s;
        err = auth_session_create(r->db, u.id, r->now, token, &s);
        if (err < 0)
                return api_store_error(r, err);
        set_cookie(r, token);
        r->signed_in = true;
        r->user = u;
        r->session = s;
        return reply_json(r, 200, json_pack("{s:o, s:s}", "user", api_user_json(&u), "csrf_token", s.csrf));
}

int api_session_delete(struct req *r)
{
        int err = auth_session_end(r->db, &r->session);
        if (err < 0)
                return api_store_error(r, err);
        set_cookie(r, "");
        return reply_empty(r, 204);
}

int api_me_get(struct req *r)
{
        int64_t unread = 0;     /* the UI's badge, without another request */
        int err = api_notifications_unread(r, &unread);
        if (err < 0)
                return api_store_error(r, err);
        return reply_json(r, 200, json_pack("{s:o, s:s, s:I}", "user", api_user_json(&r->user), "csrf_token",
                                            r->session.csrf, "unread", (json_int_t)unread));
}
