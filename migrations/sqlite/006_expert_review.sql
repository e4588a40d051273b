-- The province's formal check and expert review (API.md "Provincial evaluation"): the expert pool,
-- the conflicts someone declared or marked, the draws with their seeds, the assignments with their
-- scores, and what was done to a score after it was submitted.
-- Points are integer hundredths (87.25 → 8725), like money.

-- A formal check that returns an application reopens local review for that one application, for
-- the authority it went back to, until it is recommended to the province again (domain/workflow.c).
ALTER TABLE applications ADD COLUMN reopened_local INTEGER NOT NULL DEFAULT 0 CHECK (reopened_local IN (0, 1));

CREATE TABLE experts (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    unit          TEXT NOT NULL,
    credit_code   TEXT NOT NULL DEFAULT '',         -- '' when not known
    title         TEXT NOT NULL DEFAULT '',
    specialties   TEXT NOT NULL,                    -- JSON array of category codes
    region_code   TEXT NOT NULL REFERENCES regions(code),
    mobile        TEXT NOT NULL,
    former_units  TEXT NOT NULL DEFAULT '[]',       -- JSON [{"name", "credit_code", "until": "YYYY-MM"}]
    user_id       INTEGER UNIQUE REFERENCES users(id),  -- the expert's sign-in account, if any
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;

-- One automatic draw: its seed and what it could not fill, so anyone can re-run it.
CREATE TABLE draws (
    id           INTEGER PRIMARY KEY,
    campaign     INTEGER NOT NULL REFERENCES campaigns(year),
    seed         TEXT NOT NULL,
    per_project  INTEGER NOT NULL CHECK (per_project >= 1),
    created      INTEGER NOT NULL,                  -- assignments it made
    unassigned   TEXT NOT NULL DEFAULT '[]',        -- JSON [{"application_id", "reason", "missing"}]
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL
) STRICT;

-- An expert on an application. Active: every status but conflict_declared. The score is the
-- expert's alone: criteria and comment are saved as drafts until submitted, then final.
CREATE TABLE assignments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign       INTEGER NOT NULL REFERENCES campaigns(year),
    application_id INTEGER NOT NULL REFERENCES applications(id),
    expert_id      INTEGER NOT NULL REFERENCES experts(id),
    status         TEXT NOT NULL DEFAULT 'assigned'
                       CHECK (status IN ('assigned', 'draft', 'submitted', 'conflict_declared')),
    criteria       TEXT NOT NULL DEFAULT '{}',      -- JSON {"fit": 2650, ...}, hundredths
    comment        TEXT NOT NULL DEFAULT '',
    total          INTEGER,                         -- hundredths; NULL while no criterion is scored
    draw_id        INTEGER REFERENCES draws(id),    -- NULL: assigned by hand
    created_by     INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    submitted_at   INTEGER,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (application_id, expert_id),
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL) OR status = 'conflict_declared')
) STRICT;
CREATE INDEX assignments_by_expert ON assignments (expert_id, application_id);
CREATE INDEX assignments_by_campaign ON assignments (campaign, application_id);

-- Conflicts that are facts rather than rules: declared by the expert on an assigned application
-- (the assignment becomes conflict_declared), or marked by the province's office.
CREATE TABLE conflict_marks (
    id             INTEGER PRIMARY KEY,
    campaign       INTEGER NOT NULL REFERENCES campaigns(year),
    expert_id      INTEGER NOT NULL REFERENCES experts(id),
    application_id INTEGER NOT NULL REFERENCES applications(id),
    reason         TEXT NOT NULL CHECK (reason IN ('declared', 'marked')),
    comment        TEXT NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    UNIQUE (expert_id, application_id)
) STRICT;

-- What happened to an assignment besides saving: made, submitted, reopened by the office (with
-- why), a conflict declared, removed. Kept when the assignment itself is deleted.
CREATE TABLE assignment_events (
    id             INTEGER PRIMARY KEY,
    assignment_id  INTEGER NOT NULL,
    application_id INTEGER NOT NULL,
    expert_id      INTEGER NOT NULL,
    at             INTEGER NOT NULL,
    user_id        INTEGER REFERENCES users(id),
    action         TEXT NOT NULL CHECK (action IN ('assign', 'submit', 'reopen', 'declare_conflict', 'remove', 'remind')),
    reason         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX assignment_events_by_assignment ON assignment_events (assignment_id, id);

-- Notifications of the province's steps: the formal check's result, an expert's new assignments,
-- a score sent back, a reminder to score. SQLite cannot change a CHECK in place: the table is
-- rebuilt with its rows, ids and indexes.
CREATE TABLE notifications_new (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at             INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('returned', 'rejected', 'recommended', 'arrived', 'sent_back',
                       'deadline_apply', 'deadline_review', 'reopened', 'formal_passed', 'formal_failed',
                       'assigned', 'score_reopened', 'review_reminder')),
    application_id INTEGER REFERENCES applications(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    read_at        INTEGER,
    once_key       TEXT
) STRICT;
INSERT INTO notifications_new (id, user_id, at, kind, application_id, title, body, read_at, once_key)
    SELECT id, user_id, at, kind, application_id, title, body, read_at, once_key FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, once_key) WHERE once_key IS NOT NULL;
