/* The expert review: the pool, the assignments with their scores, the draws and their seeds, the
 * conflicts someone declared or marked, and what happened to an assignment (migration 006). */
#include <errno.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/arena.h"

static int last_id(struct db *db, sqlite3_stmt *st, int64_t *ret_id)
{
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        if (r == 0 && ret_id)
                *ret_id = sqlite3_last_insert_rowid(db->h);
        return r;
}

/* Steps st to its end, pushing each row through read into a growing arena array. */
static int collect(struct db *db, struct arena *a, sqlite3_stmt *st, size_t size,
                   void (*read)(struct arena *, sqlite3_stmt *, void *), void **ret, size_t *ret_n)
{
        size_t n = 0, alloc = 0;
        void *v = NULL;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                read(a, st, arena_push(a, &v, &n, &alloc, size));
        int r = rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = n;
        }
        return r;
}

/* ---- the pool ---- */

/* ?1 the campaign the load is counted in */
#define EXPERT_SELECT \
        "SELECT e.id, e.name, e.unit, e.credit_code, e.title, e.specialties, e.region_code, coalesce(g.name, ''),"     \
        " e.mobile, e.former_units, coalesce(e.user_id, 0), coalesce(u.username, ''), e.active,"                      \
        " (SELECT count(*) FROM assignments s WHERE s.expert_id = e.id AND s.campaign = ?1"                           \
        "  AND s.status <> 'conflict_declared'), e.created_at, e.updated_at"                                           \
        " FROM experts e LEFT JOIN regions g ON g.code = e.region_code LEFT JOIN users u ON u.id = e.user_id "

static void expert_from_row(struct arena *a, sqlite3_stmt *st, void *out)
{
        struct expert_row *e = out;
        e->id = sqlite3_column_int64(st, 0);
        e->name = db_col_text(a, st, 1);
        e->unit = db_col_text(a, st, 2);
        e->credit_code = db_col_text(a, st, 3);
        e->title = db_col_text(a, st, 4);
        e->specialties_json = db_col_text(a, st, 5);
        db_col_copy(st, 6, e->region_code, sizeof e->region_code);
        e->region_name = db_col_text(a, st, 7);
        e->mobile = db_col_text(a, st, 8);
        e->former_units_json = db_col_text(a, st, 9);
        e->user_id = sqlite3_column_int64(st, 10);
        e->username = db_col_text(a, st, 11);
        e->active = sqlite3_column_int(st, 12) != 0;
        e->load = sqlite3_column_int64(st, 13);
        e->created_at = sqlite3_column_int64(st, 14);
        e->updated_at = sqlite3_column_int64(st, 15);
}

static void bind_expert(sqlite3_stmt *st, const struct expert_row *e)
{
        sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, e->unit, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, e->credit_code ? e->credit_code : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, e->title ? e->title : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, e->specialties_json, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, e->region_code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, e->mobile, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, e->former_units_json ? e->former_units_json : "[]", -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 9, e->active);
}

int store_expert_insert(struct db *db, const struct expert_row *e, int64_t now, int64_t *ret_id)
{
        static const char sql[] =
                "INSERT INTO experts (name, unit, credit_code, title, specialties, region_code, mobile, former_units,"
                " active, user_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        bind_expert(st, e);
        if (e->user_id)
                sqlite3_bind_int64(st, 10, e->user_id);
        sqlite3_bind_int64(st, 11, now);
        return last_id(db, st, ret_id);
}

int store_expert_update(struct db *db, const struct expert_row *e, int64_t now)
{
        static const char sql[] =
                "UPDATE experts SET name = ?1, unit = ?2, credit_code = ?3, title = ?4, specialties = ?5,"
                " region_code = ?6, mobile = ?7, former_units = ?8, active = ?9, updated_at = ?11 WHERE id = ?10";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        bind_expert(st, e);
        sqlite3_bind_int64(st, 10, e->id);
        sqlite3_bind_int64(st, 11, now);
        int r = db_changed_one(db, st);
        return r == -ESTALE ? -ENOENT : r;
}

int store_expert_set_user(struct db *db, int64_t id, int64_t user_id)
{
        static const char sql[] = "UPDATE experts SET user_id = ?2 WHERE id = ?1 AND user_id IS NULL";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, user_id);
        return db_changed_one(db, st);
}

int store_expert_list(struct db *db, struct arena *a, int campaign, struct expert_row **ret, size_t *ret_n)
{
        static const char sql[] = EXPERT_SELECT "ORDER BY e.id";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        return collect(db, a, st, sizeof **ret, expert_from_row, (void **)ret, ret_n);
}

int store_expert_get(struct db *db, struct arena *a, int campaign, int64_t id, struct expert_row *ret)
{
        static const char sql[] = EXPERT_SELECT "WHERE e.id = ?2";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        sqlite3_bind_int64(st, 2, id);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : db_result(db, rc);
        if (r == 0)
                expert_from_row(a, st, ret);
        db_done(st);
        return r;
}

/* ---- assignments ---- */

#define ASSIGNMENT_SELECT \
        "SELECT s.id, s.campaign, s.application_id, s.expert_id, s.status, s.criteria, s.comment,"               \
        " coalesce(s.total, -1), coalesce(s.draw_id, 0), s.created_at, s.updated_at, coalesce(s.submitted_at, 0)," \
        " s.version, e.name, a.project_name, coalesce(a.submission_no, ''), a.category, n.name, a.status,"        \
        " (SELECT x.reason FROM assignment_events x WHERE x.assignment_id = s.id AND x.action = 'reopen'"          \
        "  ORDER BY x.id DESC LIMIT 1),"                                                                             \
        " (SELECT x.at FROM assignment_events x WHERE x.assignment_id = s.id AND x.action = 'reopen'"              \
        "  ORDER BY x.id DESC LIMIT 1)"                                                                              \
        " FROM assignments s JOIN experts e ON e.id = s.expert_id JOIN applications a ON a.id = s.application_id" \
        " JOIN units n ON n.id = a.unit_id "

static void assignment_from_row(struct arena *a, sqlite3_stmt *st, void *out)
{
        struct assignment_row *s = out;
        s->id = sqlite3_column_int64(st, 0);
        s->campaign = sqlite3_column_int(st, 1);
        s->application_id = sqlite3_column_int64(st, 2);
        s->expert_id = sqlite3_column_int64(st, 3);
        db_col_copy(st, 4, s->status, sizeof s->status);
        s->criteria_json = db_col_text(a, st, 5);
        s->comment = db_col_text(a, st, 6);
        s->total = sqlite3_column_int64(st, 7);
        s->draw_id = sqlite3_column_int64(st, 8);
        s->created_at = sqlite3_column_int64(st, 9);
        s->updated_at = sqlite3_column_int64(st, 10);
        s->submitted_at = sqlite3_column_int64(st, 11);
        s->version = sqlite3_column_int64(st, 12);
        s->expert_name = db_col_text(a, st, 13);
        s->project_name = db_col_text(a, st, 14);
        s->submission_no = db_col_text(a, st, 15);
        s->category = db_col_text(a, st, 16);
        s->unit_name = db_col_text(a, st, 17);
        db_col_copy(st, 18, s->app_status, sizeof s->app_status);
        s->reopen_reason = sqlite3_column_type(st, 19) == SQLITE_NULL ? NULL : db_col_text(a, st, 19);
        s->reopened_at = sqlite3_column_int64(st, 20);
}

int store_assignment_insert(struct db *db, int campaign, int64_t app_id, int64_t expert_id, int64_t draw_id,
                            int64_t by, int64_t now, int64_t *ret_id)
{
        static const char sql[] =
                "INSERT INTO assignments (campaign, application_id, expert_id, draw_id, created_by, created_at,"
                " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        sqlite3_bind_int64(st, 2, app_id);
        sqlite3_bind_int64(st, 3, expert_id);
        if (draw_id)
                sqlite3_bind_int64(st, 4, draw_id);
        if (by)
                sqlite3_bind_int64(st, 5, by);
        sqlite3_bind_int64(st, 6, now);
        return last_id(db, st, ret_id);
}

int store_assignment_list(struct db *db, struct arena *a, const struct assignment_filter *f,
                          struct assignment_row **ret, size_t *ret_n)
{
        static const char sql[] = ASSIGNMENT_SELECT
                "WHERE (?1 = 0 OR s.campaign = ?1) AND (?2 = 0 OR s.expert_id = ?2) AND (?3 = 0 OR s.application_id = ?3)"
                " AND (?4 = 0 OR s.status <> 'conflict_declared') ORDER BY s.application_id, s.expert_id";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, f->campaign);
        sqlite3_bind_int64(st, 2, f->expert_id);
        sqlite3_bind_int64(st, 3, f->application_id);
        sqlite3_bind_int(st, 4, f->active_only);
        return collect(db, a, st, sizeof **ret, assignment_from_row, (void **)ret, ret_n);
}

int store_assignment_get(struct db *db, struct arena *a, int64_t id, struct assignment_row *ret)
{
        static const char sql[] = ASSIGNMENT_SELECT "WHERE s.id = ?1";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, id);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : db_result(db, rc);
        if (r == 0)
                assignment_from_row(a, st, ret);
        db_done(st);
        return r;
}

int store_assignment_delete(struct db *db, int64_t id)
{
        static const char sql[] = "DELETE FROM assignments WHERE id = ?1";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, id);
        int r = db_changed_one(db, st);
        return r == -ESTALE ? -ENOENT : r;
}

int store_assignment_score(struct db *db, int64_t id, const char *from, const char *to, const char *criteria_json,
                           const char *comment, int64_t total, int64_t now)
{
        static const char sql[] =
                "UPDATE assignments SET status = ?3, criteria = ?4, comment = ?5, total = ?6, updated_at = ?7,"
                " submitted_at = CASE WHEN ?3 = 'submitted' THEN ?7 END, version = version + 1"
                " WHERE id = ?1 AND status = ?2";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, criteria_json, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, comment, -1, SQLITE_STATIC);
        if (total >= 0)
                sqlite3_bind_int64(st, 6, total);
        sqlite3_bind_int64(st, 7, now);
        return db_changed_one(db, st);
}

int store_assignment_set_status(struct db *db, int64_t id, const char *from, const char *to, int64_t now)
{
        static const char sql[] =
                "UPDATE assignments SET status = ?3, updated_at = ?4, version = version + 1,"
                " submitted_at = CASE WHEN ?3 = 'submitted' THEN submitted_at END WHERE id = ?1 AND status = ?2";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, now);
        return db_changed_one(db, st);
}

int store_assignment_event(struct db *db, const struct assignment_row *s, int64_t at, int64_t user_id,
                           const char *action, const char *reason)
{
        static const char sql[] =
                "INSERT INTO assignment_events (assignment_id, application_id, expert_id, at, user_id, action, reason)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, s->id);
        sqlite3_bind_int64(st, 2, s->application_id);
        sqlite3_bind_int64(st, 3, s->expert_id);
        sqlite3_bind_int64(st, 4, at);
        if (user_id)
                sqlite3_bind_int64(st, 5, user_id);
        sqlite3_bind_text(st, 6, action, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, reason ? reason : "", -1, SQLITE_STATIC);
        return last_id(db, st, NULL);
}

/* ---- draws ---- */

int store_draw_insert(struct db *db, const struct draw_row *d, int64_t *ret_id)
{
        static const char sql[] =
                "INSERT INTO draws (campaign, seed, per_project, created, unassigned, created_by, created_at)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, d->campaign);
        sqlite3_bind_text(st, 2, d->seed, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, d->per_project);
        sqlite3_bind_int64(st, 4, d->created);
        sqlite3_bind_text(st, 5, d->unassigned_json ? d->unassigned_json : "[]", -1, SQLITE_STATIC);
        if (d->created_by)
                sqlite3_bind_int64(st, 6, d->created_by);
        sqlite3_bind_int64(st, 7, d->created_at);
        return last_id(db, st, ret_id);
}

static void draw_from_row(struct arena *a, sqlite3_stmt *st, void *out)
{
        struct draw_row *d = out;
        d->id = sqlite3_column_int64(st, 0);
        d->campaign = sqlite3_column_int(st, 1);
        d->seed = db_col_text(a, st, 2);
        d->per_project = sqlite3_column_int(st, 3);
        d->created = sqlite3_column_int64(st, 4);
        d->unassigned_json = db_col_text(a, st, 5);
        d->created_by = sqlite3_column_int64(st, 6);
        d->created_at = sqlite3_column_int64(st, 7);
        d->created_by_name = db_col_text(a, st, 8);
}

int store_draw_list(struct db *db, struct arena *a, int campaign, struct draw_row **ret, size_t *ret_n)
{
        static const char sql[] =
                "SELECT d.id, d.campaign, d.seed, d.per_project, d.created, d.unassigned, coalesce(d.created_by, 0),"
                " d.created_at, coalesce(u.name, '') FROM draws d LEFT JOIN users u ON u.id = d.created_by"
                " WHERE d.campaign = ?1 ORDER BY d.id DESC";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        return collect(db, a, st, sizeof **ret, draw_from_row, (void **)ret, ret_n);
}

/* ---- declared and marked conflicts ---- */

int store_conflict_mark_insert(struct db *db, const struct conflict_mark_row *m, int64_t *ret_id)
{
        static const char sql[] =
                "INSERT INTO conflict_marks (campaign, expert_id, application_id, reason, comment, created_by, created_at)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, m->campaign);
        sqlite3_bind_int64(st, 2, m->expert_id);
        sqlite3_bind_int64(st, 3, m->application_id);
        sqlite3_bind_text(st, 4, m->reason, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, m->comment ? m->comment : "", -1, SQLITE_STATIC);
        if (m->created_by)
                sqlite3_bind_int64(st, 6, m->created_by);
        sqlite3_bind_int64(st, 7, m->created_at);
        return last_id(db, st, ret_id);
}

static void mark_from_row(struct arena *a, sqlite3_stmt *st, void *out)
{
        struct conflict_mark_row *m = out;
        m->id = sqlite3_column_int64(st, 0);
        m->campaign = sqlite3_column_int(st, 1);
        m->expert_id = sqlite3_column_int64(st, 2);
        m->application_id = sqlite3_column_int64(st, 3);
        db_col_copy(st, 4, m->reason, sizeof m->reason);
        m->comment = db_col_text(a, st, 5);
        m->created_by = sqlite3_column_int64(st, 6);
        m->created_at = sqlite3_column_int64(st, 7);
}

int store_conflict_mark_list(struct db *db, struct arena *a, int campaign, struct conflict_mark_row **ret,
                             size_t *ret_n)
{
        static const char sql[] =
                "SELECT id, campaign, expert_id, application_id, reason, comment, coalesce(created_by, 0), created_at"
                " FROM conflict_marks WHERE campaign = ?1 ORDER BY expert_id, application_id";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        return collect(db, a, st, sizeof **ret, mark_from_row, (void **)ret, ret_n);
}

int store_conflict_mark_delete(struct db *db, int campaign, int64_t id)
{
        static const char sql[] = "DELETE FROM conflict_marks WHERE campaign = ?1 AND id = ?2 AND reason = 'marked'";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        sqlite3_bind_int64(st, 2, id);
        int r = db_changed_one(db, st);
        return r == -ESTALE ? -ENOENT : r;
}
