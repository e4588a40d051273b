/* Passwords (argon2id via libsodium), server-side sessions with an idle timeout, CSRF tokens.
 * The cookie carries a 256-bit random token; the database keeps only its BLAKE2b hash. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_TOKEN_LEN 44    /* base64url of 32 bytes, no padding, plus NUL */

int auth_init(void);

/* Writes an argon2id hash string into out (at least AUTH_HASH_MAX bytes). */
#define AUTH_HASH_MAX 128
int auth_password_hash(const char *password, char *out);
bool auth_password_verify(const char *hash, const char *password);
/* Spends the time of a verification, so "no such user" and "wrong password" take as long. */
void auth_password_dummy_verify(const char *password);

struct auth_session {
        int64_t user_id;
        char csrf[64];
        char token_hash[65];
};

/* Creates a session for user_id; returns the cookie token and the CSRF token. */
int auth_session_create(struct db *db, int64_t user_id, int64_t now, char token[SESSION_TOKEN_LEN],
                        struct auth_session *ret);
/* Finds the live session for a cookie token: -ENOENT if unknown or idle too long (then deleted).
 * Refreshes its last-seen time. */
int auth_session_resolve(struct db *db, const char *token, int64_t now, struct auth_session *ret);
int auth_session_end(struct db *db, const struct auth_session *s);

/* Constant-time comparison of a request's CSRF header with the session's token. */
bool auth_csrf_ok(const struct auth_session *s, const char *header);
