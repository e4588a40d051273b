/* The sign-in lock: five failed sign-ins in a row lock an account for 15 minutes; while locked
 * even the right password is refused. Pure: the caller reads and stores the state. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define LOGIN_MAX_FAILURES 5
#define LOGIN_LOCK_SECONDS (15 * 60)

struct login_state {
        int failures;           /* consecutive failures since the last success or lock expiry */
        int64_t locked_until;   /* UTC seconds; 0 = not locked */
};

enum login_verdict {
        LOGIN_OK,
        LOGIN_BAD_PASSWORD,
        LOGIN_LOCKED,
};

/* Is the account locked at `now`? Checked before the (expensive) password verification. */
bool login_is_locked(const struct login_state *s, int64_t now);

/* The verdict of one attempt and the state to store after it. */
enum login_verdict login_attempt(const struct login_state *s, bool password_ok, int64_t now,
                                 struct login_state *ret_next);
