-- 012: versions of replaced station degree days (issue 14), as 007 for energy values and 009 for campaign data.
--
-- An imported month of a DWD station (ktdash.ingest.degree_days: DWD's hdd_3807 files, the IWU workbook's
-- table Data.TA.HD) replaces the month stored so far — shipped with ktdash (import_id NULL) or of an earlier
-- import. The replaced row moves here with the import that had stored it (NULL: shipped) and the import that
-- replaced it; undo of that import brings it back exactly (ktdash.ingest.versions).
CREATE TABLE station_degree_day_versions (
    station_id          INTEGER NOT NULL,
    month               DATE NOT NULL,                  -- first day of the month
    g20_15_kd           DOUBLE NOT NULL,
    heating_days        DOUBLE,
    ta_mean_c           DOUBLE,
    ta_heating_days_c   DOUBLE,
    completeness        DOUBLE,
    source              VARCHAR NOT NULL,
    import_id           INTEGER,                        -- the import that stored this version (NULL: shipped)
    replaced_by_import  INTEGER NOT NULL                -- the import that replaced it
);
