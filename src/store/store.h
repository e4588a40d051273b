/* Persistence behind a narrow interface: api/ and the CLI call these functions and never see SQL.
 * Today's driver is SQLite (store/sqlite*.c); a PostgreSQL driver implements the same functions.
 *
 * struct store is process-wide (one owner: main). struct db is one connection, used by one thread
 * at a time: store_db() gives the calling thread its own, opened on first use.
 * Results: 0 ok, -ENOENT not found, -EEXIST a uniqueness rule said no, -EBUSY/-EIO database trouble.
 * Strings in results are allocated from the arena passed in. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/role.h"

struct arena;
struct store;
struct db;

int store_open(const char *data_dir, const char *url, struct store **ret);
void store_close(struct store *s);
struct db *store_db(struct store *s);
/* A connection the caller owns (the CLI, tests); close with store_db_close. */
struct db *store_db_open(struct store *s);
void store_db_close(struct db *db);

/* Applies the numbered migrations not yet applied; logs each. */
int store_migrate(struct db *db);
int store_ping(struct db *db);

/* BEGIN IMMEDIATE: takes the write lock up front, so check-then-insert sequences are serialized. */
int store_begin(struct db *db);
int store_commit(struct db *db);
void store_rollback(struct db *db);

/* ---- reference data ---- */
struct region {
        char code[8];
        char name[64];
        char level[16];
        char parent_code[8];            /* "" for the province */
        bool reports_to_province;
};

struct department {
        char code[32];
        char name[128];
        bool active;
};

int store_region_upsert(struct db *db, const struct region *r);
int store_region_get(struct db *db, const char *code, struct region *ret);
/* All regions ordered by code; *ret is arena memory. */
int store_region_list(struct db *db, struct arena *a, struct region **ret, size_t *ret_n);

/* Inserts a department unless its code exists: the admin's renames and retirements survive. */
int store_department_seed(struct db *db, const struct department *d);
int store_department_get(struct db *db, const char *code, struct department *ret);
int store_department_list(struct db *db, struct arena *a, struct department **ret, size_t *ret_n);

/* Campaign definitions are stored as their JSON text (validated by domain/campaign before). */
int store_campaign_upsert(struct db *db, int year, const char *title, const char *definition_json);
int store_campaign_get(struct db *db, struct arena *a, int year, char **ret_json);
struct campaign_row {
        int year;
        char *definition_json;
};
int store_campaign_list(struct db *db, struct arena *a, struct campaign_row **ret, size_t *ret_n);

/* ---- accounts ---- */
struct user {
        int64_t id;
        char *username;
        enum role role;
        char *name, *mobile;
        char *password_hash;
        char *region_code, *region_name;            /* "" when none */
        char *department_code, *department_name;
        int64_t unit_id;                            /* 0 when none */
        char *unit_name, *credit_code;
        int failed_logins;
        int64_t locked_until;
        int64_t created_at;
};

struct new_user {
        const char *username, *password_hash, *name, *mobile;
        enum role role;
        const char *region_code, *department_code;  /* NULL when none */
        /* applicants: their unit, created with the account */
        const char *unit_name, *credit_code;
};

/* Creates the unit (for applicants) and the user in one transaction.
 * -EEXIST with *ret_field = "username" or "credit_code" when taken. */
int store_user_insert(struct db *db, const struct new_user *u, int64_t now, int64_t *ret_id,
                      const char **ret_field);
int store_user_get(struct db *db, struct arena *a, int64_t id, struct user *ret);
int store_user_by_username(struct db *db, struct arena *a, const char *username, struct user *ret);
int store_username_taken(struct db *db, const char *username, bool *ret);
int store_credit_code_taken(struct db *db, const char *credit_code, bool *ret);
int store_user_set_login_state(struct db *db, int64_t id, int failures, int64_t locked_until);
int store_user_set_password(struct db *db, int64_t id, const char *password_hash);
/* role = ROLE_NONE for all; ordered by id. */
int store_user_list(struct db *db, struct arena *a, enum role role, size_t offset, size_t limit,
                    struct user **ret, size_t *ret_n, size_t *ret_total);

/* ---- sessions (server side; the cookie holds a token, the table its hash) ---- */
struct session_row {
        int64_t user_id;
        char csrf[64];
        int64_t created_at, last_seen;
};

int store_session_insert(struct db *db, const char *token_hash, int64_t user_id, const char *csrf,
                         int64_t now);
int store_session_get(struct db *db, const char *token_hash, struct session_row *ret);
int store_session_touch(struct db *db, const char *token_hash, int64_t now);
int store_session_delete(struct db *db, const char *token_hash);
/* Removes sessions idle since before `before`. */
int store_session_purge(struct db *db, int64_t before);
