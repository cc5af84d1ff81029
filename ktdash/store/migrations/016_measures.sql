-- 016 (issue 17): measures (Maßnahmen) per building — what was done, what it cost, what it is expected to save.
-- type and status are codes of ktdash.core.measure_vocabulary; carriers are ktdash.core.domain.Carrier values;
-- expected savings in kWh/a per carrier are a MAP carrier → kWh/a (one row is one version of a measure).
-- import_id: the import that stored the row (NULL: entered on the form, or changed there since).
CREATE SEQUENCE seq_measure START 1;
CREATE TABLE measures (
    measure_id      INTEGER PRIMARY KEY DEFAULT nextval('seq_measure'),
    building_id     INTEGER NOT NULL,
    type            VARCHAR NOT NULL,
    title           VARCHAR NOT NULL,
    carriers        VARCHAR[] NOT NULL,
    completed_on    DATE,
    investment_eur  DOUBLE CHECK (investment_eur IS NULL OR investment_eur >= 0),
    funding_eur     DOUBLE CHECK (funding_eur IS NULL OR funding_eur >= 0),
    expected_kwh    MAP(VARCHAR, DOUBLE),
    status          VARCHAR NOT NULL,
    note            VARCHAR,
    import_id       INTEGER,
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by      VARCHAR NOT NULL,
    updated_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by      VARCHAR NOT NULL
);
-- a changed, deleted or re-imported measure keeps the row it replaced (as the store's other *_versions);
-- replaced_by_import: the import that replaced it (NULL: the form); undo of that import brings it back
CREATE TABLE measure_versions (
    measure_id      INTEGER NOT NULL,
    building_id     INTEGER NOT NULL,
    type            VARCHAR NOT NULL,
    title           VARCHAR NOT NULL,
    carriers        VARCHAR[] NOT NULL,
    completed_on    DATE,
    investment_eur  DOUBLE,
    funding_eur     DOUBLE,
    expected_kwh    MAP(VARCHAR, DOUBLE),
    status          VARCHAR NOT NULL,
    note            VARCHAR,
    import_id       INTEGER,
    created_at      TIMESTAMP NOT NULL,
    created_by      VARCHAR NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    updated_by      VARCHAR NOT NULL,
    replaced_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    replaced_by     VARCHAR,  -- the user who changed it on the form (an import: imports.user_name)
    replaced_by_import INTEGER,
    reason          VARCHAR NOT NULL  -- 'update', 'delete', 'import'
);
