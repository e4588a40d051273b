#include "domain/login.h"

bool login_is_locked(const struct login_state *s, int64_t now)
{
        return s->locked_until != 0 && now < s->locked_until;
}

enum login_verdict login_attempt(const struct login_state *s, bool password_ok, int64_t now,
                                 struct login_state *ret_next)
{
        if (login_is_locked(s, now)) {
                *ret_next = *s;
                return LOGIN_LOCKED;
        }
        if (password_ok) {
                *ret_next = (struct login_state){ 0, 0 };
                return LOGIN_OK;
        }
        /* an expired lock starts a fresh count */
        int failures = (s->locked_until != 0 ? 0 : s->failures) + 1;
        *ret_next = (struct login_state){
                .failures = failures,
                .locked_until = failures >= LOGIN_MAX_FAILURES ? now + LOGIN_LOCK_SECONDS : 0,
        };
        return LOGIN_BAD_PASSWORD;
}
