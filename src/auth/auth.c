#include "auth/auth.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

#include "util/log.h"

int auth_init(void)
{
        return sodium_init() < 0 ? -EIO : 0;
}

int auth_password_hash(const char *password, char *out)
{
        _Static_assert(AUTH_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");
        if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
                return -ENOMEM;
        return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
        return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void auth_password_dummy_verify(const char *password)
{
        static char dummy[AUTH_HASH_MAX];
        static bool ready;
        /* racing first calls both compute the same kind of hash: harmless */
        if (!ready) {
                if (auth_password_hash("shenbao-dummy-password", dummy) < 0)
                        return;
                ready = true;
        }
        (void)auth_password_verify(dummy, password);
}

static void token_hash(const char *token, char out[65])
{
        unsigned char h[32];
        crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
        sodium_bin2hex(out, 65, h, sizeof h);
}

static void random_token(char *out, size_t size)
{
        unsigned char raw[32];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2base64(out, size, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        sodium_memzero(raw, sizeof raw);
}

int auth_session_create(struct db *db, int64_t user_id, int64_t now, char token[SESSION_TOKEN_LEN],
                        struct auth_session *ret)
{
        struct auth_session s = { .user_id = user_id };
        random_token(token, SESSION_TOKEN_LEN);
        random_token(s.csrf, sizeof s.csrf);
        token_hash(token, s.token_hash);
        int r = store_session_insert(db, s.token_hash, user_id, s.csrf, now);
        if (r < 0)
                return r;
        /* an occasional sweep keeps the table to live sessions */
        if (randombytes_uniform(100) == 0)
                (void)store_session_purge(db, now - SESSION_IDLE_SECONDS);
        *ret = s;
        return 0;
}

int auth_session_resolve(struct db *db, const char *token, int64_t now, struct auth_session *ret)
{
        struct auth_session s = { 0 };
        struct session_row row;
        if (!token || strlen(token) != SESSION_TOKEN_LEN - 1)
                return -ENOENT;
        token_hash(token, s.token_hash);
        int r = store_session_get(db, s.token_hash, &row);
        if (r < 0)
                return r;
        if (now - row.last_seen > SESSION_IDLE_SECONDS) {
                (void)store_session_delete(db, s.token_hash);
                return -ENOENT;
        }
        /* a write per minute at most: the idle timeout does not need second precision */
        if (now - row.last_seen >= 60 || now < row.last_seen)
                (void)store_session_touch(db, s.token_hash, now);
        s.user_id = row.user_id;
        memcpy(s.csrf, row.csrf, sizeof s.csrf);
        *ret = s;
        return 0;
}

int auth_session_end(struct db *db, const struct auth_session *s)
{
        return store_session_delete(db, s->token_hash);
}

bool auth_csrf_ok(const struct auth_session *s, const char *header)
{
        if (!header)
                return false;
        size_t n = strlen(s->csrf);
        if (strlen(header) != n || n == 0)
                return false;
        return sodium_memcmp(s->csrf, header, n) == 0;
}
