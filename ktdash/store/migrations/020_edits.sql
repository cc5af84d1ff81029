-- 020 (issue 19, point 4): edits made in place — a building's master data, a meter's exchange or conversion factor,
-- a typed meter reading — one row each, so that each can be listed and undone.
--
-- Master data, readings and meter exchanges are stored as a one-row import of the typed values (imports.import_id
-- in import_id: the checks, versions and undo of every import apply to them); a conversion factor (meters.factor)
-- is changed here, old_values keeping the factor it replaced. old_values / new_values: the edited fields as JSON,
-- before and after (ktdash.ingest.edits). undone_at / undone_by: set by the undo (which is audited as well).
CREATE SEQUENCE seq_edit START 1;
CREATE TABLE edits (
    edit_id           INTEGER PRIMARY KEY DEFAULT nextval('seq_edit'),
    kind              VARCHAR NOT NULL,           -- building | reading | meter_exchange | meter_factor
    building_id       INTEGER NOT NULL,
    meter_id          INTEGER,                    -- the meter read, exchanged (the old one) or converted
    municipality_key  VARCHAR NOT NULL,
    import_id         INTEGER,                    -- the one-row import that stored it (NULL: meter_factor)
    old_values        JSON,
    new_values        JSON,
    created_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by        VARCHAR NOT NULL,
    undone_at         TIMESTAMP,
    undone_by         VARCHAR
);
