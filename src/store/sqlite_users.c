/* Units and user accounts. */
#include <errno.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/arena.h"

#define USER_COLUMNS \
        "u.id, u.username, u.role, u.name, u.mobile, u.password_hash, coalesce(u.region_code, ''), " \
        "coalesce(r.name, ''), coalesce(u.department_code, ''), coalesce(d.name, ''), " \
        "coalesce(u.unit_id, 0), coalesce(n.name, ''), coalesce(n.credit_code, ''), " \
        "u.failed_logins, u.locked_until, u.created_at, coalesce(e.id, 0) " \
        "FROM users u LEFT JOIN regions r ON r.code = u.region_code " \
        "LEFT JOIN departments d ON d.code = u.department_code LEFT JOIN units n ON n.id = u.unit_id " \
        "LEFT JOIN experts e ON e.user_id = u.id "

static void user_from_row(struct arena *a, sqlite3_stmt *st, struct user *u)
{
        u->id = sqlite3_column_int64(st, 0);
        u->username = db_col_text(a, st, 1);
        u->role = role_parse((const char *)sqlite3_column_text(st, 2));
        u->name = db_col_text(a, st, 3);
        u->mobile = db_col_text(a, st, 4);
        u->password_hash = db_col_text(a, st, 5);
        u->region_code = db_col_text(a, st, 6);
        u->region_name = db_col_text(a, st, 7);
        u->department_code = db_col_text(a, st, 8);
        u->department_name = db_col_text(a, st, 9);
        u->unit_id = sqlite3_column_int64(st, 10);
        u->unit_name = db_col_text(a, st, 11);
        u->credit_code = db_col_text(a, st, 12);
        u->failed_logins = sqlite3_column_int(st, 13);
        u->locked_until = sqlite3_column_int64(st, 14);
        u->created_at = sqlite3_column_int64(st, 15);
        u->expert_id = sqlite3_column_int64(st, 16);
}

static int user_one(struct db *db, struct arena *a, sqlite3_stmt *st, struct user *ret)
{
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : db_result(db, rc);
        if (r == 0)
                user_from_row(a, st, ret);
        db_done(st);
        return r;
}

int store_user_get(struct db *db, struct arena *a, int64_t id, struct user *ret)
{
        static const char sql[] = "SELECT " USER_COLUMNS "WHERE u.id = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, id);
        return user_one(db, a, st, ret);
}

int store_user_by_username(struct db *db, struct arena *a, const char *username, struct user *ret)
{
        static const char sql[] = "SELECT " USER_COLUMNS "WHERE lower(u.username) = lower(?)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
        return user_one(db, a, st, ret);
}

static int exists(struct db *db, const char *sql, const char *value, bool *ret)
{
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_result(db, rc);
        if (r == 0)
                *ret = rc == SQLITE_ROW;
        db_done(st);
        return r;
}

int store_username_taken(struct db *db, const char *username, bool *ret)
{
        static const char sql[] = "SELECT 1 FROM users WHERE lower(username) = lower(?)";
        return exists(db, sql, username, ret);
}

int store_credit_code_taken(struct db *db, const char *credit_code, bool *ret)
{
        static const char sql[] = "SELECT 1 FROM units WHERE credit_code = ?";
        return exists(db, sql, credit_code, ret);
}

static int insert_unit(struct db *db, const struct new_user *u, int64_t now, int64_t *ret_id)
{
        static const char sql[] = "INSERT INTO units (credit_code, name, created_at) VALUES (?, ?, ?)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, u->credit_code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, u->unit_name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, now);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        if (r == 0)
                *ret_id = sqlite3_last_insert_rowid(db->h);
        return r;
}

int store_user_insert(struct db *db, const struct new_user *u, int64_t now, int64_t *ret_id,
                      const char **ret_field)
{
        static const char sql[] =
                "INSERT INTO users (username, password_hash, role, name, mobile, unit_id, region_code,"
                " department_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        bool taken = false;
        int64_t unit_id = 0;
        /* inside the caller's transaction when there is one (an expert made with its account) */
        bool own = !db->writing;
        int r = own ? store_begin(db) : 0;
        if (r < 0)
                return r;
        /* the write lock is held from here: the checks below cannot race another registration */
        r = store_username_taken(db, u->username, &taken);
        if (r == 0 && taken) {
                *ret_field = "username";
                r = -EEXIST;
        }
        if (r == 0 && u->role == ROLE_APPLICANT) {
                r = store_credit_code_taken(db, u->credit_code, &taken);
                if (r == 0 && taken) {
                        *ret_field = "credit_code";
                        r = -EEXIST;
                }
                if (r == 0)
                        r = insert_unit(db, u, now, &unit_id);
        }
        if (r == 0) {
                sqlite3_stmt *st = db_prepare(db, sql);
                if (!st) {
                        r = -EIO;
                } else {
                        sqlite3_bind_text(st, 1, u->username, -1, SQLITE_STATIC);
                        sqlite3_bind_text(st, 2, u->password_hash, -1, SQLITE_STATIC);
                        sqlite3_bind_text(st, 3, role_code(u->role), -1, SQLITE_STATIC);
                        sqlite3_bind_text(st, 4, u->name ? u->name : "", -1, SQLITE_STATIC);
                        sqlite3_bind_text(st, 5, u->mobile ? u->mobile : "", -1, SQLITE_STATIC);
                        if (unit_id)
                                sqlite3_bind_int64(st, 6, unit_id);
                        else
                                sqlite3_bind_null(st, 6);
                        db_bind_text_or_null(st, 7, u->region_code);
                        db_bind_text_or_null(st, 8, u->department_code);
                        sqlite3_bind_int64(st, 9, now);
                        r = db_result(db, sqlite3_step(st));
                        db_done(st);
                        if (r == -EEXIST)
                                *ret_field = "username";
                }
        }
        if (r == 0) {
                int64_t id = sqlite3_last_insert_rowid(db->h);
                r = own ? store_commit(db) : 0;
                if (r == 0)
                        *ret_id = id;
        }
        if (r < 0 && own)
                store_rollback(db);
        return r;
}

int store_user_set_login_state(struct db *db, int64_t id, int failures, int64_t locked_until)
{
        static const char sql[] = "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, failures);
        sqlite3_bind_int64(st, 2, locked_until);
        sqlite3_bind_int64(st, 3, id);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        return r;
}

int store_user_set_password(struct db *db, int64_t id, const char *password_hash)
{
        static const char sql[] =
                "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = 0 WHERE id = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, password_hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, id);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        return r;
}

int store_user_list(struct db *db, struct arena *a, enum role role, size_t offset, size_t limit,
                    struct user **ret, size_t *ret_n, size_t *ret_total)
{
        static const char count_sql[] = "SELECT count(*) FROM users WHERE ?1 = '' OR role = ?1";
        static const char sql[] =
                "SELECT " USER_COLUMNS "WHERE ?1 = '' OR u.role = ?1 ORDER BY u.id LIMIT ?2 OFFSET ?3";
        const char *code = role_code(role);
        sqlite3_stmt *st = db_prepare(db, count_sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        size_t total = sqlite3_step(st) == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
        db_done(st);
        st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)offset);
        struct user *v = arena_alloc(a, (limit ? limit : 1) * sizeof *v);
        size_t n = 0;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < limit)
                user_from_row(a, st, &v[n++]);
        int r = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = n;
                *ret_total = total;
        }
        return r;
}
