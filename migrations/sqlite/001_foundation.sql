-- Reference data, the call, accounts and sessions.
-- Times are UTC seconds since 1970 (INTEGER); money is integer hundredths of 万元.

CREATE TABLE regions (
    code                TEXT PRIMARY KEY CHECK (length(code) = 6),
    name                TEXT NOT NULL,
    level               TEXT NOT NULL CHECK (level IN ('province', 'city', 'district', 'county', 'county_city')),
    parent_code         TEXT REFERENCES regions(code),
    reports_to_province INTEGER NOT NULL DEFAULT 0 CHECK (reports_to_province IN (0, 1))
) STRICT;

CREATE TABLE departments (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE campaigns (
    year       INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    definition TEXT NOT NULL  -- JSON, checked by domain/campaign before it is stored
) STRICT;

-- A unit is identified by its 统一社会信用代码: one registration per unit.
CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    credit_code TEXT NOT NULL UNIQUE CHECK (length(credit_code) = 18),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('applicant', 'county_reviewer', 'city_reviewer',
                                                  'department_reviewer', 'province_admin', 'expert')),
    name            TEXT NOT NULL DEFAULT '',
    mobile          TEXT NOT NULL DEFAULT '',
    unit_id         INTEGER REFERENCES units(id),
    region_code     TEXT REFERENCES regions(code),
    department_code TEXT REFERENCES departments(code),
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    -- each role carries exactly the scope it needs
    CHECK ((role = 'applicant') = (unit_id IS NOT NULL)),
    CHECK ((role IN ('county_reviewer', 'city_reviewer')) = (region_code IS NOT NULL)),
    CHECK ((role = 'department_reviewer') = (department_code IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX users_username ON users (lower(username));
CREATE INDEX users_role ON users (role, id);

-- The cookie carries a random token; only its hash is stored, so a copy of the database opens no session.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_last_seen ON sessions (last_seen);
