/* Internals shared by the SQLite driver's files; nothing outside store/ includes this. */
#pragma once
#include <sqlite3.h>

#include "store/store.h"

#include <pthread.h>

struct store {
        char *path;             /* the SQLite file */
        char *blob_dir;         /* <data-dir>/blobs */
        char *tmp_dir;          /* <data-dir>/tmp: uploads in progress, same file system */
        pthread_key_t key;      /* this thread's struct db */
        /* This process's write transactions, one at a time: a writer waiting here is woken the
         * moment the one before it ends, instead of polling SQLite's lock. */
        pthread_mutex_t writer;
};

struct stmt_slot {
        const char *sql;        /* the statement's static text doubles as its cache key */
        sqlite3_stmt *stmt;
};

struct db {
        sqlite3 *h;
        struct store *store;
        bool writing;           /* holds store->writer (inside store_begin … commit/rollback) */
        struct stmt_slot *stmts;
        size_t n_stmts, alloc_stmts;
};

/* The cached prepared statement for sql (a string literal), reset and unbound; NULL on error.
 * Callers finish with db_done() so no statement keeps a read snapshot open. */
sqlite3_stmt *db_prepare(struct db *db, const char *sql);
void db_done(sqlite3_stmt *st);
/* Maps an SQLite result code to 0 / -ENOENT / -EEXIST / -EBUSY / -EIO, logging real errors. */
int db_result(struct db *db, int rc);
/* Column text copied into the arena ("" for NULL). */
char *db_col_text(struct arena *a, sqlite3_stmt *st, int col);
/* Column text into a fixed buffer (for validated codes), truncated to fit. */
void db_col_copy(sqlite3_stmt *st, int col, char *dst, size_t size);
/* Steps a one-row UPDATE or DELETE to its end: 0 when it changed exactly one row, -ESTALE when
 * none (a compare-and-set that lost). */
int db_changed_one(struct db *db, sqlite3_stmt *st);
/* Binds text, or NULL when s is NULL or empty. */
int db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s);

/* ---- the data scope (domain/workflow.h), one condition per kind, for every statement that
 * selects applications `a` within a scope ----
 * Bound by db_bind_scope as ?1 the unit (UNIT), the expert (EXPERT) or the code, ?2 the statuses it sees of its own (a
 * JSON array), ?3 (CITY) the statuses it sees of its counties'. The statuses come from the domain;
 * each kind is served by its own index (migration 005). */
#define IN_SET(p) " IN (SELECT value FROM json_each(" p "))"
#define W_UNIT " a.unit_id = ?1 AND a.status" IN_SET("?2")
#define W_REGION " a.review_region = ?1 AND a.status" IN_SET("?2")
#define W_DEPARTMENT " a.review_department = ?1 AND a.status" IN_SET("?2")
#define W_CITY \
        " a.review_city = ?1 AND (CASE WHEN a.review_region = ?1 THEN a.status" IN_SET("?2") \
        " ELSE a.status" IN_SET("?3") " END)"
#define W_ALL " a.status" IN_SET("?2")
/* an expert's active assignments (a declared conflict ends its access) */
#define W_EXPERT \
        " a.id IN (SELECT s.application_id FROM assignments s WHERE s.expert_id = ?1" \
        " AND s.status <> 'conflict_declared') AND a.status" IN_SET("?2")

void db_bind_scope(struct arena *a, sqlite3_stmt *st, const struct app_scope *s);
