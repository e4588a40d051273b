/* The SQLite driver: connections (one per worker thread), the statement cache, transactions and
 * migrations. WAL + synchronous=FULL: a government record must survive a power cut. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sqlite_int.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/embedded.h"
#include "util/log.h"

static void db_free_thread(void *p)
{
        store_db_close(p);
}

static int mkdir_p(const char *dir)
{
        char *tmp = strdup(dir);
        if (!tmp)
                return -ENOMEM;
        for (char *p = tmp + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = '\0';
                if (mkdir(tmp, 0750) < 0 && errno != EEXIST) {
                        free(tmp);
                        return -errno;
                }
                *p = '/';
        }
        int r = mkdir(tmp, 0750) < 0 && errno != EEXIST ? -errno : 0;
        free(tmp);
        return r;
}

int store_open(const char *data_dir, const char *url, struct store **ret)
{
        const char *file = NULL;
        if (url && *url) {
                if (strncmp(url, "postgres", 8) == 0) {
                        log_error("PostgreSQL 驱动尚未提供 / the PostgreSQL driver is not available yet: %s",
                                  "use SQLite (the default)");
                        return -ENOTSUP;
                }
                file = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
        }
        int r = mkdir_p(data_dir);
        if (r < 0) {
                log_error("无法创建数据目录 / cannot create data dir %s: %s", data_dir, strerror(-r));
                return r;
        }
        /* no global allocation statistics: their mutex would make every worker thread wait for
         * the others on each allocation (ignored if SQLite is already in use) */
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        struct store *s = calloc(1, sizeof *s);
        if (!s)
                return -ENOMEM;
        if (asprintf(&s->blob_dir, "%s/blobs", data_dir) < 0 || asprintf(&s->tmp_dir, "%s/tmp", data_dir) < 0 ||
            mkdir_p(s->blob_dir) < 0 || mkdir_p(s->tmp_dir) < 0) {
                log_error("无法创建附件目录 / cannot create %s/blobs and %s/tmp", data_dir, data_dir);
                free(s->blob_dir);
                free(s->tmp_dir);
                free(s);
                return -EIO;
        }
        if (file)
                s->path = strdup(file);
        else if (asprintf(&s->path, "%s/shenbao.db", data_dir) < 0)
                s->path = NULL;
        pthread_mutex_init(&s->writer, NULL);
        if (!s->path || pthread_key_create(&s->key, db_free_thread) != 0) {
                free(s->path);
                free(s->blob_dir);
                free(s->tmp_dir);
                free(s);
                return -ENOMEM;
        }
        *ret = s;
        return 0;
}

void store_close(struct store *s)
{
        if (!s)
                return;
        struct db *db = pthread_getspecific(s->key);
        if (db) {
                pthread_setspecific(s->key, NULL);
                store_db_close(db);
        }
        pthread_key_delete(s->key);
        /* worker connections that closed at the same moment may each have left the WAL to the
         * other: a last connection of our own checkpoints it and removes it */
        struct db *last = store_db_open(s);
        if (last) {
                sqlite3_exec(last->h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
                store_db_close(last);
        }
        free(s->path);
        free(s->blob_dir);
        free(s->tmp_dir);
        free(s);
}

/* Waiting for another connection's write lock (this process's other threads, or another process
 * such as the command line): short sleeps first, so a waiter is not left asleep long after a
 * brief write ends, then longer ones; about 10 s in all, as busy_timeout would. */
static int busy(void *arg, int count)
{
        (void)arg;
        if (count < 200) {
                usleep(50);             /* 10 ms */
                return 1;
        }
        if (count < 200 + 1000) {
                usleep(1000);           /* 1 s */
                return 1;
        }
        if (count < 200 + 1000 + 900) {
                usleep(10000);          /* 9 s */
                return 1;
        }
        return 0;
}

struct db *store_db_open(struct store *s)
{
        struct db *db = calloc(1, sizeof *db);
        if (!db)
                return NULL;
        db->store = s;
        int rc = sqlite3_open_v2(s->path, &db->h,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                                         SQLITE_OPEN_EXRESCODE,
                                 NULL);
        if (rc != SQLITE_OK) {
                log_error("无法打开数据库 / cannot open database %s: %s", s->path,
                          db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
                store_db_close(db);
                return NULL;
        }
        sqlite3_busy_handler(db->h, busy, NULL);
        char *err = NULL;
        rc = sqlite3_exec(db->h,
                          "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                          "PRAGMA trusted_schema=OFF;",
                          NULL, NULL, &err);
        if (rc != SQLITE_OK) {
                log_error("数据库设置失败 / database pragmas failed: %s", err ? err : "");
                sqlite3_free(err);
                store_db_close(db);
                return NULL;
        }
        return db;
}

void store_db_close(struct db *db)
{
        if (!db)
                return;
        for (size_t i = 0; i < db->n_stmts; i++)
                sqlite3_finalize(db->stmts[i].stmt);
        free(db->stmts);
        if (db->h)
                sqlite3_close(db->h);
        free(db);
}

struct db *store_db(struct store *s)
{
        struct db *db = pthread_getspecific(s->key);
        if (db)
                return db;
        db = store_db_open(s);
        if (db)
                pthread_setspecific(s->key, db);
        return db;
}

sqlite3_stmt *db_prepare(struct db *db, const char *sql)
{
        for (size_t i = 0; i < db->n_stmts; i++)
                if (db->stmts[i].sql == sql)
                        return db->stmts[i].stmt;
        if (db->n_stmts == db->alloc_stmts) {
                size_t n = db->alloc_stmts ? db->alloc_stmts * 2 : 32;
                struct stmt_slot *p = realloc(db->stmts, n * sizeof *p);
                if (!p)
                        return NULL;
                db->stmts = p;
                db->alloc_stmts = n;
        }
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
        if (rc != SQLITE_OK) {
                log_error("SQL 预编译失败 / prepare failed: %s", sqlite3_errmsg(db->h));
                return NULL;
        }
        db->stmts[db->n_stmts++] = (struct stmt_slot){ sql, st };
        return st;
}

void db_done(sqlite3_stmt *st)
{
        if (!st)
                return;
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
}

int db_result(struct db *db, int rc)
{
        switch (rc & 0xff) {
        case SQLITE_OK:
        case SQLITE_DONE:
        case SQLITE_ROW:
                return 0;
        case SQLITE_CONSTRAINT:
                if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
                        return -EEXIST;
                log_error("数据库约束 / constraint: %s", sqlite3_errmsg(db->h));
                return -EINVAL;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
                log_warn("数据库繁忙 / database busy: %s", sqlite3_errmsg(db->h));
                return -EBUSY;
        default:
                log_error("数据库错误 / database error %d: %s", rc, sqlite3_errmsg(db->h));
                return -EIO;
        }
}

char *db_col_text(struct arena *a, sqlite3_stmt *st, int col)
{
        const unsigned char *t = sqlite3_column_text(st, col);
        return arena_strdup(a, t ? (const char *)t : "");
}

void db_col_copy(sqlite3_stmt *st, int col, char *dst, size_t size)
{
        const unsigned char *t = sqlite3_column_text(st, col);
        size_t n = t ? strnlen((const char *)t, size - 1) : 0;
        memcpy(dst, t ? (const char *)t : "", n);
        dst[n] = '\0';
}

int db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s)
{
        if (!s || !*s)
                return sqlite3_bind_null(st, idx);
        return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

static int exec(struct db *db, const char *sql)
{
        char *err = NULL;
        int rc = sqlite3_exec(db->h, sql, NULL, NULL, &err);
        if (rc != SQLITE_OK) {
                log_error("SQL 执行失败 / exec failed: %s", err ? err : sqlite3_errstr(rc));
                sqlite3_free(err);
        }
        return db_result(db, rc);
}

int store_begin(struct db *db)
{
        pthread_mutex_lock(&db->store->writer);
        db->writing = true;
        int r = exec(db, "BEGIN IMMEDIATE");
        if (r < 0) {
                db->writing = false;
                pthread_mutex_unlock(&db->store->writer);
        }
        return r;
}

static void end_writing(struct db *db)
{
        if (db->writing) {
                db->writing = false;
                pthread_mutex_unlock(&db->store->writer);
        }
}

int store_commit(struct db *db)
{
        int r = exec(db, "COMMIT");
        if (r == 0)
                end_writing(db);
        return r;       /* on failure the caller rolls back, which ends it */
}

int db_changed_one(struct db *db, sqlite3_stmt *st)
{
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        if (r == 0 && sqlite3_changes(db->h) != 1)
                r = -ESTALE;
        return r;
}

int store_read_begin(struct db *db)
{
        return exec(db, "BEGIN");
}

void store_read_end(struct db *db)
{
        if (!sqlite3_get_autocommit(db->h))
                exec(db, "COMMIT");
}

void store_rollback(struct db *db)
{
        if (!sqlite3_get_autocommit(db->h))
                exec(db, "ROLLBACK");
        end_writing(db);
}

int store_ping(struct db *db)
{
        static const char sql[] = "SELECT 1";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        return r;
}

int store_migrate(struct db *db)
{
        static const char prefix[] = "migrations/sqlite/";
        int r = exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                         " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        if (r < 0)
                return r;
        for (const struct embedded_file *f = embedded_files; f->name; f++) {
                if (strncmp(f->name, prefix, sizeof prefix - 1) != 0)
                        continue;
                const char *base = f->name + sizeof prefix - 1;
                int version = atoi(base);
                if (version <= 0)
                        continue;
                r = store_begin(db);
                if (r < 0)
                        return r;
                sqlite3_stmt *st = NULL;
                sqlite3_prepare_v2(db->h, "SELECT 1 FROM schema_migrations WHERE version = ?", -1, &st, NULL);
                sqlite3_bind_int(st, 1, version);
                bool applied = sqlite3_step(st) == SQLITE_ROW;
                sqlite3_finalize(st);
                if (applied) {
                        store_rollback(db);
                        continue;
                }
                r = exec(db, f->data);
                if (r == 0) {
                        sqlite3_prepare_v2(db->h,
                                           "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                           -1, &st, NULL);
                        sqlite3_bind_int(st, 1, version);
                        sqlite3_bind_text(st, 2, base, -1, SQLITE_STATIC);
                        sqlite3_bind_int64(st, 3, clock_now());
                        r = db_result(db, sqlite3_step(st));
                        sqlite3_finalize(st);
                }
                if (r == 0)
                        r = store_commit(db);
                if (r < 0) {
                        store_rollback(db);
                        log_error("迁移失败 / migration %s failed", base);
                        return r;
                }
                log_info("已应用迁移 / applied migration %s", base);
        }
        return 0;
}
