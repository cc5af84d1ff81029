-- 007: versions of replaced values, so that no correction loses the value it corrected.
--
-- When an import replaces a stored value (same key, new import), the value it replaced moves here with the
-- import that had stored it (import_id) and the import that replaced it (replaced_by_import); when, by whom
-- and from which file come from the imports row of replaced_by_import. Undo of an import brings back the
-- versions it replaced and drops its own (ktdash.ingest.versions). The current value of a key stays in
-- readings / consumptions / buildings, so every query reads them as before.

-- readings: the key is (meter_id, ts)
CREATE TABLE reading_versions (
    meter_id            INTEGER NOT NULL,
    ts                  TIMESTAMP NOT NULL,
    value               DOUBLE NOT NULL,
    import_id           INTEGER NOT NULL,      -- the import that stored this version
    replaced_by_import  INTEGER NOT NULL       -- the import that replaced it
);

-- consumptions: the key is (building_id, carrier, meter_number, period_start, period_end)
CREATE TABLE consumption_versions (
    building_id         INTEGER NOT NULL,
    carrier             VARCHAR NOT NULL,
    meter_number        VARCHAR NOT NULL,
    period_start        DATE NOT NULL,
    period_end          DATE NOT NULL,
    value               DOUBLE NOT NULL,
    unit                VARCHAR NOT NULL,
    factor              DOUBLE NOT NULL,
    kwh                 DOUBLE NOT NULL,
    cost_eur            DOUBLE,
    import_id           INTEGER NOT NULL,
    replaced_by_import  INTEGER NOT NULL
);

-- building master data (category, reference floor area, year of construction) set by a master-data import
ALTER TABLE buildings ADD COLUMN masterdata_import_id INTEGER;  -- the import that set them (NULL: at creation)
CREATE TABLE building_versions (
    building_id         INTEGER NOT NULL,
    category            VARCHAR NOT NULL,
    floor_area_m2       DOUBLE,
    year_built          INTEGER,
    import_id           INTEGER,               -- the import that had set them (NULL: at creation)
    replaced_by_import  INTEGER NOT NULL
);

-- Digits before the decimal point of a cumulative meter's register (a five-digit counter rolls over from
-- 99999 to 00000); NULL: not known, a reading lower than the one before is rejected (reading_backwards).
ALTER TABLE meters ADD COLUMN digits INTEGER;  -- 1 … 12, checked by the import
