-- 021 (issue 19): the Energiebericht's own logo and foreword, per municipality or district (whatever the report is
-- made for; a district's key is its Kreisverwaltung's municipality key, so its managers may set it). The logo is
-- stored as the uploaded bytes (PNG or JPEG, checked with Pillow and size-limited by ktdash.ingest.report_assets),
-- with its format and pixel size; the foreword as plain text. Who set each and when; removing one clears its columns
-- (a row without logo and foreword is deleted). Every change is also in the audit log (masterdata_change).
CREATE TABLE report_assets (
    level         VARCHAR NOT NULL CHECK (level IN ('municipality', 'district')),
    entity_key    VARCHAR NOT NULL,
    logo          BLOB,
    logo_format   VARCHAR CHECK (logo_format IN ('PNG', 'JPEG')),
    logo_width    INTEGER,
    logo_height   INTEGER,
    logo_sha256   VARCHAR,
    logo_by       VARCHAR,
    logo_at       TIMESTAMP,
    foreword      VARCHAR,
    foreword_by   VARCHAR,
    foreword_at   TIMESTAMP,
    PRIMARY KEY (level, entity_key)
);
