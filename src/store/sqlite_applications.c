/* Applications, their attachments and events. Status changes are compare-and-set; who sees what
 * is the domain's scope (domain/workflow.h), run as one statement shape per scope kind, each
 * served by its own covering index (migration 005), with totals from the counts the triggers
 * keep. */
#include <errno.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/arena.h"

#define APP_COLUMNS \
        "a.id, a.campaign, a.unit_id, a.owner_id, a.status, a.version, a.project_name, a.category, a.nature, " \
        "a.affiliation, a.unit_region, a.project_region, a.start_month, a.end_month, " \
        "coalesce(a.total_investment, -1), coalesce(a.non_construction_investment, -1), " \
        "coalesce(a.review_level, ''), coalesce(a.review_region, ''), coalesce(a.review_department, ''), " \
        "coalesce(a.review_city, ''), coalesce(rr.name, dd.name, ''), coalesce(a.submission_no, ''), " \
        "coalesce(a.submitted_at, 0), a.created_at, a.updated_at, n.name, n.credit_code, a.reopened_local"
#define APP_JOINS \
        " JOIN units n ON n.id = a.unit_id " \
        "LEFT JOIN regions rr ON rr.code = a.review_region " \
        "LEFT JOIN departments dd ON dd.code = a.review_department "

/* the list's filters: ?4 campaign (0 any), ?5 category, ?6 region (the unit's, or any of a city's),
 * ?7 ids above (keyset) */
#define W_FILTER \
        " AND (?4 = 0 OR a.campaign = ?4) AND (?5 IS NULL OR a.category = ?5)" \
        " AND (?6 IS NULL OR a.unit_region = ?6 OR a.unit_region IN (SELECT code FROM regions WHERE parent_code = ?6))" \
        " AND a.id > ?7"
/* A page from the start or after a cursor walks the scope's index in id order and stops after
 * ?8 rows; a page further down by number finds its ids from the index alone first (?9 rows
 * skipped) and joins only those. */
#define Q_LIST_(cols, w) "SELECT " cols " FROM applications a" APP_JOINS "WHERE" w W_FILTER " ORDER BY a.id LIMIT ?8"
#define Q_PAGE_(cols, w) \
        "SELECT " cols " FROM (SELECT a.id FROM applications a WHERE" w W_FILTER \
        " ORDER BY a.id LIMIT ?8 OFFSET ?9) p JOIN applications a ON a.id = p.id" APP_JOINS "ORDER BY a.id"
#define Q_LIST(w) Q_LIST_(APP_COLUMNS, w)
#define Q_PAGE(w) Q_PAGE_(APP_COLUMNS, w)
#define Q_COUNT(w) "SELECT count(*) FROM applications a WHERE" w W_FILTER
#define Q_EACH(w) \
        "SELECT " APP_COLUMNS ", a.form, (SELECT count(*) FROM attachments t WHERE t.application_id = a.id)" \
        " FROM (SELECT a.id FROM applications a WHERE" w W_FILTER " ORDER BY a.id LIMIT ?8) p" \
        " JOIN applications a ON a.id = p.id" APP_JOINS "ORDER BY a.id"
#define Q_GET(w) "SELECT " APP_COLUMNS ", a.form FROM applications a" APP_JOINS "WHERE a.id = ?10 AND" w
/* Totals from application_counts (the same ?1..?5). */
#define T_FILTER " AND (?4 = 0 OR campaign = ?4) AND (?5 IS NULL OR category = ?5)"
#define T_SUM "SELECT coalesce(sum(n), 0) FROM application_counts WHERE "

struct scope_sql {
        const char *list, *page, *count, *each, *get;
        const char *tally;              /* NULL: counted from the rows (a unit's few) */
};

static const struct scope_sql scope_sql[] = {
        /* a unit's own list carries the form: whether it is complete decides if it may be submitted */
        [SCOPE_UNIT] = { Q_LIST_(APP_COLUMNS ", a.form", W_UNIT), Q_PAGE_(APP_COLUMNS ", a.form", W_UNIT), Q_COUNT(W_UNIT), Q_EACH(W_UNIT), Q_GET(W_UNIT), NULL },
        [SCOPE_REGION] = { Q_LIST(W_REGION), Q_PAGE(W_REGION), Q_COUNT(W_REGION), Q_EACH(W_REGION), Q_GET(W_REGION),
                           T_SUM "lane = 'region' AND code = ?1 AND status" IN_SET("?2") T_FILTER },
        [SCOPE_DEPARTMENT] = { Q_LIST(W_DEPARTMENT), Q_PAGE(W_DEPARTMENT), Q_COUNT(W_DEPARTMENT), Q_EACH(W_DEPARTMENT), Q_GET(W_DEPARTMENT),
                               T_SUM "lane = 'department' AND code = ?1 AND status" IN_SET("?2") T_FILTER },
        [SCOPE_CITY] = { Q_LIST(W_CITY), Q_PAGE(W_CITY), Q_COUNT(W_CITY), Q_EACH(W_CITY), Q_GET(W_CITY),
                         T_SUM "((lane = 'region' AND code = ?1 AND status" IN_SET("?2") ") OR (lane = 'city_county'"
                               " AND code = ?1 AND status" IN_SET("?3") "))" T_FILTER },
        [SCOPE_ALL] = { Q_LIST(W_ALL), Q_PAGE(W_ALL), Q_COUNT(W_ALL), Q_EACH(W_ALL), Q_GET(W_ALL),
                        T_SUM "lane = 'all' AND code = '' AND status" IN_SET("?2") T_FILTER },
        /* an expert's few, counted from the rows */
        [SCOPE_EXPERT] = { Q_LIST(W_EXPERT), Q_PAGE(W_EXPERT), Q_COUNT(W_EXPERT), Q_EACH(W_EXPERT), Q_GET(W_EXPERT), NULL },
};

/* The statement for a scope, or NULL when the scope sees nothing (SCOPE_NONE). */
static const struct scope_sql *sql_for(const struct app_scope *s)
{
        return s->kind > SCOPE_NONE && s->kind <= SCOPE_EXPERT ? &scope_sql[s->kind] : NULL;
}

void db_bind_scope(struct arena *a, sqlite3_stmt *st, const struct app_scope *s)
{
        if (s->kind == SCOPE_UNIT)
                sqlite3_bind_int64(st, 1, s->unit_id);
        else if (s->kind == SCOPE_EXPERT)
                sqlite3_bind_int64(st, 1, s->expert_id);
        else
                sqlite3_bind_text(st, 1, s->code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, status_set_json(s->statuses, a), -1, SQLITE_TRANSIENT);
        if (s->kind == SCOPE_CITY)
                sqlite3_bind_text(st, 3, status_set_json(s->county_statuses, a), -1, SQLITE_TRANSIENT);
}

static void bind_filter(struct arena *a, sqlite3_stmt *st, const struct app_filter *f, int64_t after_id)
{
        db_bind_scope(a, st, &f->scope);
        sqlite3_bind_int(st, 4, f->campaign);
        db_bind_text_or_null(st, 5, f->category);
        db_bind_text_or_null(st, 6, f->region_code);
        sqlite3_bind_int64(st, 7, after_id);
}

/* Column text copied into the arena, or with no arena borrowed from the statement (valid until
 * its next step: the callbacks of store_app_list and store_app_each). */
static char *col_str(struct arena *a, sqlite3_stmt *st, int col)
{
        if (a)
                return db_col_text(a, st, col);
        const unsigned char *t = sqlite3_column_text(st, col);
        return t ? (char *)t : (char *)"";
}

static void app_from_row(struct arena *a, sqlite3_stmt *st, struct app_row *r)
{
        int c = 0;
        r->id = sqlite3_column_int64(st, c++);
        r->campaign = sqlite3_column_int(st, c++);
        r->unit_id = sqlite3_column_int64(st, c++);
        r->owner_id = sqlite3_column_int64(st, c++);
        db_col_copy(st, c++, r->status, sizeof r->status);
        r->version = sqlite3_column_int64(st, c++);
        r->project_name = col_str(a, st, c++);
        r->category = col_str(a, st, c++);
        r->nature = col_str(a, st, c++);
        r->affiliation = col_str(a, st, c++);
        r->unit_region = col_str(a, st, c++);
        r->project_region = col_str(a, st, c++);
        r->start_month = col_str(a, st, c++);
        r->end_month = col_str(a, st, c++);
        r->total_investment = sqlite3_column_int64(st, c++);
        r->non_construction_investment = sqlite3_column_int64(st, c++);
        db_col_copy(st, c++, r->review_level, sizeof r->review_level);
        db_col_copy(st, c++, r->review_region, sizeof r->review_region);
        db_col_copy(st, c++, r->review_department, sizeof r->review_department);
        db_col_copy(st, c++, r->review_city, sizeof r->review_city);
        r->review_name = col_str(a, st, c++);
        r->submission_no = col_str(a, st, c++);
        r->submitted_at = sqlite3_column_int64(st, c++);
        r->created_at = sqlite3_column_int64(st, c++);
        r->updated_at = sqlite3_column_int64(st, c++);
        r->unit_name = col_str(a, st, c++);
        r->credit_code = col_str(a, st, c++);
        r->reopened_local = sqlite3_column_int(st, c++) != 0;
        r->form_json = NULL;
        if (sqlite3_column_count(st) > c)
                r->form_json = col_str(a, st, c);
}

static void bind_money(sqlite3_stmt *st, int idx, int64_t v)
{
        if (v < 0)
                sqlite3_bind_null(st, idx);
        else
                sqlite3_bind_int64(st, idx, v);
}

static void bind_str(sqlite3_stmt *st, int idx, const char *s)
{
        sqlite3_bind_text(st, idx, s ? s : "", -1, SQLITE_STATIC);
}

/* Binds the form and its facts at ?10.. (shared by insert and save). */
static void bind_form(sqlite3_stmt *st, const char *form_json, const struct form_facts *f)
{
        bind_str(st, 10, form_json);
        bind_str(st, 11, f->project_name);
        bind_str(st, 12, f->category);
        bind_str(st, 13, f->unit_nature);
        bind_str(st, 14, f->affiliation);
        bind_str(st, 15, f->unit_region);
        bind_str(st, 16, f->project_region);
        bind_money(st, 17, f->total_investment);
        bind_money(st, 18, f->non_construction_investment);
        bind_str(st, 19, f->start_month);
        bind_str(st, 20, f->end_month);
}

int store_app_insert(struct db *db, int campaign, int64_t unit_id, int64_t owner_id, const char *form_json,
                     const struct form_facts *f, int64_t now, int64_t *ret_id)
{
        static const char sql[] =
                "INSERT INTO applications (campaign, unit_id, owner_id, created_at, updated_at, form, project_name,"
                " category, nature, affiliation, unit_region, project_region, total_investment,"
                " non_construction_investment, start_month, end_month)"
                " VALUES (?1, ?2, ?3, ?4, ?4, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        sqlite3_bind_int64(st, 2, unit_id);
        sqlite3_bind_int64(st, 3, owner_id);
        sqlite3_bind_int64(st, 4, now);
        bind_form(st, form_json, f);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        if (r == 0)
                *ret_id = sqlite3_last_insert_rowid(db->h);
        return r;
}

int store_app_get(struct db *db, struct arena *a, int64_t id, const struct app_scope *scope, struct app_row *ret)
{
        const struct scope_sql *q = sql_for(scope);
        if (!q)
                return -ENOENT;
        sqlite3_stmt *st = db_prepare(db, q->get);
        if (!st)
                return -EIO;
        db_bind_scope(a, st, scope);
        sqlite3_bind_int64(st, 10, id);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : db_result(db, rc);
        if (r == 0)
                app_from_row(a, st, ret);
        db_done(st);
        return r;
}

int store_app_save_form(struct db *db, int64_t id, int64_t version, status_set editable, const char *form_json,
                        const struct form_facts *f, int64_t now)
{
        /* Two statements, because SQLite maintains every index on a column a SET names, changed or
         * not: the facts the list indexes carry (category, unit_region) are written only when they
         * change, so an autosave rewrites the row and nothing else. */
        static const char sql[] =
                "UPDATE applications SET updated_at = ?2, version = version + 1, form = ?10, project_name = ?11,"
                " nature = ?13, affiliation = ?14, project_region = ?16, total_investment = ?17,"
                " non_construction_investment = ?18, start_month = ?19, end_month = ?20"
                " WHERE id = ?1 AND version = ?3 AND status" IN_SET("?4");
        static const char indexed[] =
                "UPDATE applications SET category = ?12, unit_region = ?15"
                " WHERE id = ?1 AND (category IS NOT ?12 OR unit_region IS NOT ?15)";
        struct arena *a = arena_new();
        sqlite3_stmt *st = db_prepare(db, sql);
        int r = -EIO;
        if (st) {
                sqlite3_bind_int64(st, 1, id);
                sqlite3_bind_int64(st, 2, now);
                sqlite3_bind_int64(st, 3, version);
                sqlite3_bind_text(st, 4, status_set_json(editable, a), -1, SQLITE_TRANSIENT);
                bind_form(st, form_json, f);
                r = db_changed_one(db, st);
        }
        if (r == 0 && !(st = db_prepare(db, indexed)))
                r = -EIO;
        if (r == 0) {
                sqlite3_bind_int64(st, 1, id);
                bind_form(st, form_json, f);
                r = db_result(db, sqlite3_step(st));
                db_done(st);
        }
        arena_free(a);
        return r;
}

int store_app_set_status(struct db *db, int64_t id, const char *from, const char *to, bool reopened, int64_t now)
{
        static const char sql[] = "UPDATE applications SET status = ?3, updated_at = ?4, version = version + 1,"
                                  " reopened_local = ?5 WHERE id = ?1 AND status = ?2";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, id);
        bind_str(st, 2, from);
        bind_str(st, 3, to);
        sqlite3_bind_int64(st, 4, now);
        sqlite3_bind_int(st, 5, reopened);
        return db_changed_one(db, st);
}

int store_app_touch(struct db *db, int64_t id, const char *status, int64_t now)
{
        static const char sql[] = "UPDATE applications SET updated_at = ?3 WHERE id = ?1 AND status = ?2";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, id);
        bind_str(st, 2, status);
        sqlite3_bind_int64(st, 3, now);
        return db_changed_one(db, st);
}

int store_app_submit(struct db *db, int64_t id, const char *from, const char *to, const struct review_target *t,
                     int64_t now)
{
        /* the number is kept across withdrawals and returns: people quote it */
        static const char sql[] =
                "UPDATE applications SET status = ?8, updated_at = ?3, submitted_at = ?3,"
                " version = version + 1, review_level = ?4, review_region = ?5, review_department = ?6,"
                " review_city = ?7,"
                " submission_seq = coalesce(submission_seq,"
                "   (SELECT coalesce(max(submission_seq), 0) + 1 FROM applications WHERE campaign = applications.campaign)),"
                " submission_no = coalesce(submission_no, 'ZHJS' || campaign || '-' || printf('%04d',"
                "   (SELECT coalesce(max(submission_seq), 0) + 1 FROM applications WHERE campaign = applications.campaign)))"
                " WHERE id = ?1 AND status = ?2";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, id);
        bind_str(st, 2, from);
        sqlite3_bind_int64(st, 3, now);
        bind_str(st, 4, review_level_code(t->level));
        if (t->level == REVIEW_DEPARTMENT) {
                sqlite3_bind_null(st, 5);
                bind_str(st, 6, t->code);
        } else {
                bind_str(st, 5, t->code);
                sqlite3_bind_null(st, 6);
        }
        db_bind_text_or_null(st, 7, t->city);
        bind_str(st, 8, to);
        return db_changed_one(db, st);
}

static int single_count(struct db *db, sqlite3_stmt *st, size_t *ret)
{
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : db_result(db, rc);
        if (r == 0)
                *ret = (size_t)sqlite3_column_int64(st, 0);
        db_done(st);
        return r;
}

int store_app_count(struct db *db, const struct app_filter *f, size_t *ret)
{
        const struct scope_sql *q = sql_for(&f->scope);
        if (!q) {
                *ret = 0;
                return 0;
        }
        /* the kept counts know status, category and campaign; a region filter counts the rows */
        bool tally = q->tally && !f->region_code;
        struct arena *a = arena_new();
        sqlite3_stmt *st = db_prepare(db, tally ? q->tally : q->count);
        int r = -EIO;
        if (st) {
                bind_filter(a, st, f, 0);
                r = single_count(db, st, ret);
        }
        arena_free(a);
        return r;
}

/* Runs a walk statement of a scope: each row to fn, its strings borrowed. offset: rows to skip
 * (?9, for the statements that take one); counted: the last column is the number of attachments. */
static int walk(struct db *db, const char *sql, const struct app_filter *f, int64_t after_id, size_t limit,
                size_t offset, bool counted, store_app_fn fn, void *closure)
{
        struct arena *a = arena_new();
        sqlite3_stmt *st = db_prepare(db, sql);
        int r = -EIO;
        if (st) {
                bind_filter(a, st, f, after_id);
                sqlite3_bind_int64(st, 8, (sqlite3_int64)limit);
                if (offset)
                        sqlite3_bind_int64(st, 9, (sqlite3_int64)offset);
                int rc = SQLITE_DONE;
                r = 0;
                while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                        struct app_row row;
                        app_from_row(NULL, st, &row);
                        r = fn(closure, &row, counted ? sqlite3_column_int64(st, sqlite3_column_count(st) - 1) : -1);
                }
                if (r == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
                        r = db_result(db, rc);
                db_done(st);
        }
        arena_free(a);
        return r;
}

int store_app_list(struct db *db, const struct app_filter *f, size_t offset, size_t limit, store_app_fn fn,
                   void *closure)
{
        const struct scope_sql *q = sql_for(&f->scope);
        return q ? walk(db, offset ? q->page : q->list, f, f->after_id, limit, offset, false, fn, closure) : 0;
}

int store_app_each(struct db *db, const struct app_filter *f, int64_t after_id, size_t limit, store_app_fn fn,
                   void *closure)
{
        const struct scope_sql *q = sql_for(&f->scope);
        return q ? walk(db, q->each, f, after_id, limit, 0, true, fn, closure) : 0;
}

/* ---- attachments ---- */

#define ATT_COLUMNS "id, application_id, kind, filename, size, sha256, content_type, uploaded_by, created_at"

static void att_from_row(struct arena *a, sqlite3_stmt *st, struct attachment_row *r)
{
        r->id = sqlite3_column_int64(st, 0);
        r->application_id = sqlite3_column_int64(st, 1);
        db_col_copy(st, 2, r->kind, sizeof r->kind);
        r->filename = db_col_text(a, st, 3);
        r->size = sqlite3_column_int64(st, 4);
        db_col_copy(st, 5, r->sha256, sizeof r->sha256);
        db_col_copy(st, 6, r->content_type, sizeof r->content_type);
        r->uploaded_by = sqlite3_column_int64(st, 7);
        r->created_at = sqlite3_column_int64(st, 8);
}

int store_attachment_insert(struct db *db, const struct attachment_row *a, int64_t *ret_id)
{
        static const char sql[] =
                "INSERT INTO attachments (application_id, kind, filename, size, sha256, content_type, uploaded_by,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, a->application_id);
        bind_str(st, 2, a->kind);
        bind_str(st, 3, a->filename);
        sqlite3_bind_int64(st, 4, a->size);
        bind_str(st, 5, a->sha256);
        bind_str(st, 6, a->content_type);
        sqlite3_bind_int64(st, 7, a->uploaded_by);
        sqlite3_bind_int64(st, 8, a->created_at);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        if (r == 0)
                *ret_id = sqlite3_last_insert_rowid(db->h);
        return r;
}

int store_attachment_list(struct db *db, struct arena *a, int64_t app_id, struct attachment_row **ret, size_t *ret_n)
{
        static const char sql[] = "SELECT " ATT_COLUMNS " FROM attachments WHERE application_id = ? ORDER BY id";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, app_id);
        size_t n = 0, alloc = 0;
        struct attachment_row *v = NULL;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                att_from_row(a, st, arena_push(a, (void **)&v, &n, &alloc, sizeof *v));
        int r = rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = n;
        }
        return r;
}

int store_attachment_get(struct db *db, struct arena *a, int64_t app_id, int64_t id, struct attachment_row *ret)
{
        static const char sql[] = "SELECT " ATT_COLUMNS " FROM attachments WHERE application_id = ? AND id = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, app_id);
        sqlite3_bind_int64(st, 2, id);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : db_result(db, rc);
        if (r == 0)
                att_from_row(a, st, ret);
        db_done(st);
        return r;
}

int store_attachment_delete(struct db *db, int64_t app_id, int64_t id)
{
        static const char sql[] = "DELETE FROM attachments WHERE application_id = ? AND id = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, app_id);
        sqlite3_bind_int64(st, 2, id);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        if (r == 0 && sqlite3_changes(db->h) != 1)
                r = -ENOENT;
        return r;
}

int store_attachment_total(struct db *db, int64_t app_id, int64_t *ret_bytes)
{
        static const char sql[] = "SELECT coalesce(sum(size), 0) FROM attachments WHERE application_id = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, app_id);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : db_result(db, rc);
        if (r == 0)
                *ret_bytes = sqlite3_column_int64(st, 0);
        db_done(st);
        return r;
}

/* ---- events ---- */

int store_event_insert(struct db *db, int64_t app_id, int64_t at, int64_t user_id, const char *role,
                       const char *action, const char *from, const char *to, const char *reason)
{
        static const char sql[] =
                "INSERT INTO application_events (application_id, at, user_id, role, action, from_status, to_status,"
                " reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, app_id);
        sqlite3_bind_int64(st, 2, at);
        if (user_id)
                sqlite3_bind_int64(st, 3, user_id);
        else
                sqlite3_bind_null(st, 3);
        bind_str(st, 4, role);
        bind_str(st, 5, action);
        db_bind_text_or_null(st, 6, from);
        db_bind_text_or_null(st, 7, to);
        bind_str(st, 8, reason);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        return r;
}

int store_event_list(struct db *db, struct arena *a, int64_t app_id, struct event_row **ret, size_t *ret_n)
{
        static const char sql[] =
                "SELECT e.id, e.at, coalesce(e.user_id, 0), coalesce(u.name, ''), e.role, e.action,"
                " coalesce(e.from_status, ''), coalesce(e.to_status, ''), e.reason"
                " FROM application_events e LEFT JOIN users u ON u.id = e.user_id"
                " WHERE e.application_id = ? ORDER BY e.id";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, app_id);
        size_t n = 0, alloc = 0;
        struct event_row *v = NULL;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct event_row *e = arena_push(a, (void **)&v, &n, &alloc, sizeof *v);
                e->id = sqlite3_column_int64(st, 0);
                e->at = sqlite3_column_int64(st, 1);
                e->user_id = sqlite3_column_int64(st, 2);
                e->user_name = db_col_text(a, st, 3);
                e->role = db_col_text(a, st, 4);
                e->action = db_col_text(a, st, 5);
                e->from_status = db_col_text(a, st, 6);
                e->to_status = db_col_text(a, st, 7);
                e->reason = db_col_text(a, st, 8);
        }
        int r = rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = n;
        }
        return r;
}
