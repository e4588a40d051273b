/* Sign in (POST /api/v1/session), sign out (DELETE) and who am I (GET /api/v1/me). */
#include <errno.h>
#include <stdio.h>

#include "api/api.h"
#include "api/input.h"
#include "app.h"
#include "domain/login.h"
#include "util/arena.h"
#include "util/timeutil.h"

static const char MSG_BAD_LOGIN[] = "用户名或密码错误";

static void set_cookie(struct call *c, const char *token)
{
        c->req->set_cookie = arena_printf(c->arena, "sid=%s; Path=/; %sHttpOnly; SameSite=Strict%s", token,
                                     *token ? "" : "Max-Age=0; ", app->cfg.cookie_secure ? "; Secure" : "");
}

static int refuse_locked(struct call *c, int64_t until)
{
        char when[32];
        time_format_beijing(until, when);
        long minutes = (long)((until - c->now + 59) / 60);
        c->req->retry_after = until - c->now;
        return api_fail(c, E_TOO_MANY_REQUESTS,
                           arena_printf(c->arena, "登录失败次数过多，账号已锁定，请于 %.5s（约 %ld 分钟后）再试",
                                        when + 11, minutes),
                           NULL);
}

/* Records one attempt under the write lock, so simultaneous failures are all counted. */
static int record_attempt(struct call *c, int64_t user_id, bool password_ok, enum login_verdict *ret)
{
        struct user fresh;
        int err = store_begin(c->db);
        if (err < 0)
                return err;
        err = store_user_get(c->db, c->arena, user_id, &fresh);
        if (err == 0) {
                struct login_state cur = { fresh.failed_logins, fresh.locked_until }, next;
                *ret = login_attempt(&cur, password_ok, c->now, &next);
                if (next.failures != cur.failures || next.locked_until != cur.locked_until)
                        err = store_user_set_login_state(c->db, user_id, next.failures, next.locked_until);
        }
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0)
                store_rollback(c->db);
        return err;
}

int api_session_create(struct call *c)
{
        static const struct input_field fields[] = {
                { "username", "用户名", INPUT_STRING, true },
                { "password", "密码", INPUT_STRING, true },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        json_decref(problems);
        const char *username = input_str(c->json, "username"), *password = input_str(c->json, "password");

        struct user u;
        int err = store_user_by_username(c->db, c->arena, username, &u);
        if (err == -ENOENT) {
                auth_password_dummy_verify(password);
                return api_fail(c, E_UNAUTHENTICATED, MSG_BAD_LOGIN, NULL);
        }
        if (err < 0)
                return err;
        struct login_state state = { u.failed_logins, u.locked_until };
        if (login_is_locked(&state, c->now))
                return refuse_locked(c, u.locked_until);

        bool ok = auth_password_verify(u.password_hash, password);
        enum login_verdict verdict = LOGIN_BAD_PASSWORD;
        err = record_attempt(c, u.id, ok, &verdict);
        if (err < 0)
                return err;
        if (verdict == LOGIN_LOCKED) {
                struct user again;
                if (store_user_get(c->db, c->arena, u.id, &again) == 0)
                        return refuse_locked(c, again.locked_until);
        }
        if (verdict != LOGIN_OK)
                return api_fail(c, E_UNAUTHENTICATED, MSG_BAD_LOGIN, NULL);

        /* a fresh session id at every sign-in: a planted cookie never becomes a session */
        if (c->signed_in)
                (void)auth_session_end(c->db, &c->session);
        char token[SESSION_TOKEN_LEN];
        struct auth_session s;
        err = auth_session_create(c->db, u.id, c->now, token, &s);
        if (err < 0)
                return err;
        set_cookie(c, token);
        c->signed_in = true;
        c->req->log_user = u.id;
        c->user = u;
        c->session = s;
        return api_json(c, 200, json_pack("{s:o, s:s}", "user", api_user_json(&u), "csrf_token", s.csrf));
}

int api_session_delete(struct call *c)
{
        int err = auth_session_end(c->db, &c->session);
        if (err < 0)
                return err;
        set_cookie(c, "");
        return reply_empty(c->req, 204);
}

int api_me_get(struct call *c)
{
        int64_t unread = 0;     /* the UI's badge, without another request */
        int err = api_notifications_unread(c, &unread);
        if (err < 0)
                return err;
        return api_json(c, 200, json_pack("{s:o, s:s, s:I}", "user", api_user_json(&c->user), "csrf_token",
                                            c->session.csrf, "unread", (json_int_t)unread));
}
