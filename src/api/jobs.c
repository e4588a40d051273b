/* Work a running server does by itself: the deadline reminders. domain/notify.c says when each is
 * due, to whom and in what words; this job finds the people with something pending and tells each
 * of them once (the reminder's once key), however often it runs. It runs when the server starts,
 * before the first request, and then once a minute on a thread of its own with its own
 * connection — so reading notifications never writes any. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "domain/campaign.h"
#include "domain/notify.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/log.h"

#define PAGE 200

struct apply_job {
        struct db *db;
        struct arena *a;
        const struct campaign *cp;
        const char *key;
        int64_t now;
        int64_t last_id;
        size_t rows;
};

/* One unsubmitted application: its owner is reminded unless already. */
static int remind_owner(void *closure, const struct app_row *row, int64_t n_attachments)
{
        (void)n_attachments;
        struct apply_job *j = closure;
        j->last_id = row->id;
        j->rows++;
        bool sent = false;
        int err = store_notification_once_sent(j->db, row->owner_id, j->key, &sent);
        if (err < 0 || sent)
                return err;
        struct notice x = notify_deadline_notice(DEADLINE_APPLY, j->cp, row->project_name, 0, j->a);
        return store_notification_insert(j->db, row->owner_id, j->now, x.kind, row->id, x.title, x.body, j->key);
}

static int remind_applicants(struct db *db, struct arena *a, const struct campaign *cp, int64_t now)
{
        struct app_filter f = { .scope = { .kind = SCOPE_ALL, .statuses = status_editable() }, .campaign = cp->year };
        struct apply_job j = { .db = db, .a = a, .cp = cp, .now = now,
                               .key = notify_deadline_key(DEADLINE_APPLY, cp, a) };
        int err = 0;
        do {
                /* a page per transaction: one sync for many reminders */
                j.rows = 0;
                err = store_begin(db);
                if (err == 0)
                        err = store_app_each(db, &f, j.last_id, PAGE, remind_owner, &j);
                if (err == 0)
                        err = store_commit(db);
                else
                        store_rollback(db);
        } while (err == 0 && j.rows == PAGE);
        return err;
}

/* Every local reviewer with applications waiting for them is reminded once. */
static int remind_reviewers(struct db *db, struct arena *a, const struct campaign *cp, int64_t now)
{
        static const enum role roles[] = { ROLE_COUNTY_REVIEWER, ROLE_CITY_REVIEWER, ROLE_DEPARTMENT_REVIEWER };
        const char *key = notify_deadline_key(DEADLINE_REVIEW, cp, a);
        int err = 0;
        for (size_t r = 0; r < sizeof roles / sizeof roles[0] && err == 0; r++) {
                if (notify_deadline_for(roles[r], cp, now) != DEADLINE_REVIEW)
                        continue;
                struct user *v;
                size_t n = 0, total = 0;
                for (size_t off = 0; err == 0 && (off == 0 || off < total); off += PAGE) {
                        err = store_user_list(db, a, roles[r], off, PAGE, &v, &n, &total);
                        for (size_t i = 0; i < n && err == 0; i++) {
                                bool sent = false;
                                err = store_notification_once_sent(db, v[i].id, key, &sent);
                                if (err < 0 || sent)
                                        continue;
                                struct wf_party p = { .role = v[i].role, .region_code = v[i].region_code,
                                                      .department_code = v[i].department_code };
                                struct app_filter f = { .scope = workflow_waiting(&p), .campaign = cp->year };
                                size_t waiting = 0;
                                err = store_app_count(db, &f, &waiting);
                                if (err < 0 || waiting == 0)
                                        continue;
                                struct notice x = notify_deadline_notice(DEADLINE_REVIEW, cp, "", (long)waiting, a);
                                err = store_notification_insert(db, v[i].id, now, x.kind, 0, x.title, x.body, key);
                        }
                        if (n == 0)
                                break;
                }
        }
        return err;
}

int api_jobs_run(struct db *db, int64_t now)
{
        int err = 0;
        for (size_t i = 0; i < api_campaigns_count() && err == 0; i++) {
                const struct campaign *cp = api_campaign_at(i);
                struct arena *a = arena_new();
                if (notify_deadline_for(ROLE_APPLICANT, cp, now) == DEADLINE_APPLY)
                        err = remind_applicants(db, a, cp, now);
                if (err == 0)
                        err = remind_reviewers(db, a, cp, now);
                arena_free(a);
        }
        return err;
}

static pthread_t worker;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static bool stopping, started;

static void *loop(void *arg)
{
        struct db *db = store_db_open(arg);
        pthread_mutex_lock(&lock);
        while (!stopping) {
                struct timespec until;
                clock_gettime(CLOCK_REALTIME, &until);
                until.tv_sec += 60;
                if (pthread_cond_timedwait(&wake, &lock, &until) != ETIMEDOUT || stopping)
                        continue;
                pthread_mutex_unlock(&lock);
                int err = db ? api_jobs_run(db, clock_now()) : -EIO;
                if (err < 0)
                        log_warn("定时任务失败 / periodic job failed: %s", strerror(-err));
                pthread_mutex_lock(&lock);
        }
        pthread_mutex_unlock(&lock);
        store_db_close(db);
        return NULL;
}

int api_jobs_start(struct store *store)
{
        struct db *db = store_db_open(store);
        int err = db ? api_jobs_run(db, clock_now()) : -EIO;
        store_db_close(db);
        if (err < 0)
                log_warn("定时任务失败 / periodic job failed: %s", strerror(-err));
        stopping = false;
        if (pthread_create(&worker, NULL, loop, store) != 0)
                return -errno;
        started = true;
        return 0;
}

void api_jobs_stop(void)
{
        if (!started)
                return;
        pthread_mutex_lock(&lock);
        stopping = true;
        pthread_cond_signal(&wake);
        pthread_mutex_unlock(&lock);
        pthread_join(worker, NULL);
        started = false;
}
