-- Recommendation packages (推荐项目汇总表, stamped, sent once per authority and call) and the
-- contact person (负责同志) each city and direct county registers (the notice's 四.1).

CREATE TABLE packages (
    id              INTEGER PRIMARY KEY,
    campaign        INTEGER NOT NULL REFERENCES campaigns(year),
    authority_kind  TEXT NOT NULL CHECK (authority_kind IN ('region', 'department')),
    region_code     TEXT REFERENCES regions(code),
    department_code TEXT REFERENCES departments(code),
    submitted_at    INTEGER NOT NULL,
    submitted_by    INTEGER NOT NULL REFERENCES users(id),
    -- the stamped scan, stored once by SHA-256 under <data-dir>/blobs
    file_sha256     TEXT NOT NULL CHECK (length(file_sha256) = 64),
    file_name       TEXT NOT NULL,
    file_size       INTEGER NOT NULL CHECK (file_size > 0),
    file_type       TEXT NOT NULL,
    -- what was recommended when it was sent: a JSON array of application ids, and the counts by
    -- category as a JSON object ({"infrastructure": 1, ..., "total": 4})
    -- (no json_valid() here: the connection runs with trusted_schema=OFF)
    application_ids TEXT NOT NULL CHECK (application_ids LIKE '[%]'),
    counts          TEXT NOT NULL CHECK (counts LIKE '{%}'),
    CHECK ((authority_kind = 'region') = (region_code IS NOT NULL)),
    CHECK ((authority_kind = 'department') = (department_code IS NOT NULL))
) STRICT;
-- once per authority and call
CREATE UNIQUE INDEX packages_region ON packages (campaign, region_code) WHERE region_code IS NOT NULL;
CREATE UNIQUE INDEX packages_department ON packages (campaign, department_code) WHERE department_code IS NOT NULL;

CREATE TABLE contacts (
    campaign    INTEGER NOT NULL REFERENCES campaigns(year),
    region_code TEXT NOT NULL REFERENCES regions(code),
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,       -- first recorded: decides whether it came late
    updated_at  INTEGER NOT NULL,
    updated_by  INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (campaign, region_code)
) STRICT;
