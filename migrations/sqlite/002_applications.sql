-- Applications (申报表), their attachments and their history.

CREATE TABLE applications (
    id            INTEGER PRIMARY KEY,
    campaign      INTEGER NOT NULL REFERENCES campaigns(year),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    owner_id      INTEGER NOT NULL REFERENCES users(id),
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'rejected',
                      'county_recommended', 'city_recommended', 'formal_passed', 'formal_failed', 'expert_review',
                      'defense', 'evaluated', 'key_project', 'not_selected', 'landmark')),
    form          TEXT NOT NULL,            -- the whole 申报表 as JSON (domain/form.h)
    -- facts copied from the form at every save, for lists, filters and routing
    project_name  TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    nature        TEXT NOT NULL DEFAULT '',
    affiliation   TEXT NOT NULL DEFAULT '',
    unit_region   TEXT NOT NULL DEFAULT '',
    project_region TEXT NOT NULL DEFAULT '',
    total_investment INTEGER,               -- hundredths of 万元
    non_construction_investment INTEGER,
    start_month   TEXT NOT NULL DEFAULT '',
    end_month     TEXT NOT NULL DEFAULT '',
    -- where it went when submitted: a county or city authority, or a provincial department
    review_level  TEXT CHECK (review_level IN ('county', 'city', 'department')),
    review_region TEXT REFERENCES regions(code),
    review_department TEXT REFERENCES departments(code),
    submission_seq INTEGER,
    submission_no TEXT,
    submitted_at  INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    -- one application per unit (one unit per credit code) per call
    UNIQUE (campaign, unit_id),
    UNIQUE (campaign, submission_seq),
    CHECK ((review_level IS NULL) = (submitted_at IS NULL)),
    CHECK (review_level IS NOT 'department' OR review_department IS NOT NULL),
    CHECK (review_level NOT IN ('county', 'city') OR review_region IS NOT NULL)
) STRICT;
CREATE INDEX applications_status ON applications (campaign, status);
CREATE INDEX applications_review_region ON applications (review_region, status);
CREATE INDEX applications_review_department ON applications (review_department, status);

-- Files are stored once by SHA-256 under <data-dir>/blobs; this table says who attached what.
CREATE TABLE attachments (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('business_license', 'investment_proof', 'stamped_form',
                       'ownership_statement', 'authorization_letter', 'detailed_materials', 'award_proof',
                       'qualification_proof', 'other')),
    filename       TEXT NOT NULL,
    size           INTEGER NOT NULL CHECK (size >= 0),
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    content_type   TEXT NOT NULL,
    uploaded_by    INTEGER NOT NULL REFERENCES users(id),
    created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX attachments_application ON attachments (application_id, id);

-- Every change of an application: who, in which role, when, from which status to which, why.
CREATE TABLE application_events (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    at             INTEGER NOT NULL,
    user_id        INTEGER REFERENCES users(id),
    role           TEXT NOT NULL,
    action         TEXT NOT NULL,
    from_status    TEXT,
    to_status      TEXT,
    reason         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX application_events_application ON application_events (application_id, id);
