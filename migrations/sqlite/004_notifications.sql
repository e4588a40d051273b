-- In-app notifications, and the province admin's reopenings of the local review for one authority.

-- One row per person told something: made in the same transaction as the change that causes it
-- (api/notifications.c), or lazily for deadline reminders.
CREATE TABLE notifications (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at             INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('returned', 'rejected', 'recommended', 'arrived', 'sent_back',
                       'deadline_apply', 'deadline_review', 'reopened')),
    application_id INTEGER REFERENCES applications(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    read_at        INTEGER,
    -- a reminder is sent once per person per deadline: "apply_close:2023", "local_review_due:2023"
    once_key       TEXT
) STRICT;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, once_key) WHERE once_key IS NOT NULL;

-- After local_review_due only the province admin can reopen the local review, for one authority
-- (a region's or a department's reviewers), until a date, with a reason. Never edited or removed.
CREATE TABLE review_reopenings (
    id             INTEGER PRIMARY KEY,
    campaign       INTEGER NOT NULL REFERENCES campaigns(year),
    authority_kind TEXT NOT NULL CHECK (authority_kind IN ('region', 'department')),
    authority_code TEXT NOT NULL,
    until          TEXT NOT NULL CHECK (length(until) = 10),   -- Beijing date, inclusive
    reason         TEXT NOT NULL CHECK (length(reason) > 0),
    created_by     INTEGER NOT NULL REFERENCES users(id),
    created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX review_reopenings_authority ON review_reopenings (campaign, authority_kind, authority_code);
