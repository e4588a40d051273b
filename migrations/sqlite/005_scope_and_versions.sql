-- The data scope served by indexes, counts kept as they change, a version per application, and
-- attachment ids that are never handed out twice.

-- The city-level authority that sends an application on to the province: the city of its county,
-- the city itself for 市直 units, 昆山/泰兴/沭阳 for their own (domain/application.c app_route sets it
-- at submission; existing rows are filled here by the same rule).
ALTER TABLE applications ADD COLUMN review_city TEXT REFERENCES regions(code);
UPDATE applications SET review_city = CASE review_level
    WHEN 'city' THEN review_region
    WHEN 'county' THEN (SELECT CASE WHEN g.reports_to_province = 1 THEN g.code ELSE g.parent_code END
                        FROM regions g WHERE g.code = applications.review_region)
    END
WHERE review_level IN ('county', 'city');

-- Every change of the form or the status adds one: a save that names an older version is refused
-- (409) instead of overwriting what someone else saved.
ALTER TABLE applications ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);

-- One index per scope kind (domain/workflow.h), each in id order and carrying the columns the
-- list's filters read, so a page is found without reading the applications themselves.
DROP INDEX applications_status;
DROP INDEX applications_review_region;
DROP INDEX applications_review_department;
CREATE INDEX applications_by_unit ON applications (unit_id, id);
CREATE INDEX applications_by_region ON applications (review_region, id, status, category, campaign, unit_region);
CREATE INDEX applications_by_department ON applications (review_department, id, status, category, campaign, unit_region);
CREATE INDEX applications_by_city ON applications (review_city, id, review_region, status, category, campaign, unit_region);
CREATE INDEX applications_by_id ON applications (id, status, category, campaign, unit_region);

-- How many applications each scope holds, by status and category, kept by the triggers below so a
-- list's total never counts rows. Lanes: 'all' (code ''), 'region' (review_region), 'department'
-- (review_department), 'city_county' (review_city, for what went to one of the city's counties).
CREATE TABLE application_counts (
    lane     TEXT NOT NULL CHECK (lane IN ('all', 'region', 'department', 'city_county')),
    code     TEXT NOT NULL,
    campaign INTEGER NOT NULL,
    status   TEXT NOT NULL,
    category TEXT NOT NULL,
    n        INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (lane, code, campaign, status, category)
) WITHOUT ROWID, STRICT;

CREATE TRIGGER application_counts_insert AFTER INSERT ON applications BEGIN
    INSERT INTO application_counts (lane, code, campaign, status, category, n)
        SELECT l.lane, l.code, new.campaign, new.status, new.category, 1 FROM (
            SELECT 'all' AS lane, '' AS code
            UNION ALL SELECT 'region', new.review_region WHERE new.review_region IS NOT NULL
            UNION ALL SELECT 'department', new.review_department WHERE new.review_department IS NOT NULL
            UNION ALL SELECT 'city_county', new.review_city
                WHERE new.review_city IS NOT NULL AND new.review_city IS NOT new.review_region) l
        WHERE true
        ON CONFLICT (lane, code, campaign, status, category) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER application_counts_delete AFTER DELETE ON applications BEGIN
    UPDATE application_counts SET n = n - 1
        WHERE campaign = old.campaign AND status = old.status AND category = old.category
        AND ((lane = 'all' AND code = '')
             OR (lane = 'region' AND code = old.review_region)
             OR (lane = 'department' AND code = old.review_department)
             OR (lane = 'city_county' AND code = old.review_city AND old.review_city IS NOT old.review_region));
END;

CREATE TRIGGER application_counts_update AFTER UPDATE OF campaign, status, category, review_region,
        review_department, review_city ON applications
    WHEN old.campaign IS NOT new.campaign OR old.status IS NOT new.status OR old.category IS NOT new.category
        OR old.review_region IS NOT new.review_region OR old.review_department IS NOT new.review_department
        OR old.review_city IS NOT new.review_city
BEGIN
    UPDATE application_counts SET n = n - 1
        WHERE campaign = old.campaign AND status = old.status AND category = old.category
        AND ((lane = 'all' AND code = '')
             OR (lane = 'region' AND code = old.review_region)
             OR (lane = 'department' AND code = old.review_department)
             OR (lane = 'city_county' AND code = old.review_city AND old.review_city IS NOT old.review_region));
    INSERT INTO application_counts (lane, code, campaign, status, category, n)
        SELECT l.lane, l.code, new.campaign, new.status, new.category, 1 FROM (
            SELECT 'all' AS lane, '' AS code
            UNION ALL SELECT 'region', new.review_region WHERE new.review_region IS NOT NULL
            UNION ALL SELECT 'department', new.review_department WHERE new.review_department IS NOT NULL
            UNION ALL SELECT 'city_county', new.review_city
                WHERE new.review_city IS NOT NULL AND new.review_city IS NOT new.review_region) l
        WHERE true
        ON CONFLICT (lane, code, campaign, status, category) DO UPDATE SET n = n + 1;
END;

INSERT INTO application_counts (lane, code, campaign, status, category, n)
    SELECT lane, code, campaign, status, category, count(*) FROM (
        SELECT 'all' AS lane, '' AS code, campaign, status, category FROM applications
        UNION ALL SELECT 'region', review_region, campaign, status, category FROM applications
            WHERE review_region IS NOT NULL
        UNION ALL SELECT 'department', review_department, campaign, status, category FROM applications
            WHERE review_department IS NOT NULL
        UNION ALL SELECT 'city_county', review_city, campaign, status, category FROM applications
            WHERE review_city IS NOT NULL AND review_city IS NOT review_region)
    GROUP BY lane, code, campaign, status, category;

-- Attachment ids are never reused: deleting the newest one must not hand its id, and an old link,
-- to the next upload (AUTOINCREMENT keeps the highest id ever given).
CREATE TABLE attachments_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO attachments_new SELECT id, application_id, kind, filename, size, sha256, content_type, uploaded_by,
    created_at FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_new RENAME TO attachments;
CREATE INDEX attachments_application ON attachments (application_id, id);
