-- 009: versions of replaced campaign data (as 007 for energy values): a re-imported campaign, member list,
-- activity or solar unit keeps the row it replaced, and undo of the re-import brings it back
-- (ktdash.ingest.versions).
CREATE TABLE campaign_versions (
    campaign_id VARCHAR NOT NULL, name VARCHAR NOT NULL, topic VARCHAR NOT NULL, lead_key VARCHAR NOT NULL,
    start_date DATE NOT NULL, end_date DATE NOT NULL, description VARCHAR,
    import_id INTEGER NOT NULL, replaced_by_import INTEGER NOT NULL
);
-- a campaign's member list is replaced as a whole: its rows are one version
CREATE TABLE campaign_member_versions (
    campaign_id VARCHAR NOT NULL, municipality_key VARCHAR NOT NULL,
    import_id INTEGER NOT NULL, replaced_by_import INTEGER NOT NULL
);
CREATE TABLE activity_versions (
    campaign_id VARCHAR NOT NULL, activity_date DATE NOT NULL, municipality_key VARCHAR NOT NULL,
    format VARCHAR NOT NULL, kind VARCHAR NOT NULL, title VARCHAR NOT NULL, cost_eur DOUBLE,
    participants INTEGER, registrations INTEGER, consultations INTEGER, page_views INTEGER, leads INTEGER,
    outcomes INTEGER, import_id INTEGER NOT NULL, replaced_by_import INTEGER NOT NULL
);
CREATE TABLE pv_unit_versions (
    unit_id VARCHAR NOT NULL, ags VARCHAR NOT NULL, municipality_key VARCHAR NOT NULL, commissioned DATE NOT NULL,
    gross_kw DOUBLE NOT NULL, status VARCHAR, plug_in BOOLEAN NOT NULL,
    import_id INTEGER NOT NULL, replaced_by_import INTEGER NOT NULL
);
