-- 006: readings without the primary-key index.
--
-- The ART index behind PRIMARY KEY (meter_id, ts) made every import of a load profile pay for it: inserting
-- 7 million rows into it took longer than reading the whole file, its commit longer still, and the index of the
-- whole table was held in memory by every import. The key stays the key: the import replaces stored rows of
-- the same meter and timestamp (delete, then insert, in the import's transaction under the write lock;
-- ktdash.ingest.commit), so a reading is never stored twice. Rows are copied in key order, which keeps the
-- zone maps of meter_id and ts tight.
CREATE TABLE readings_keyed_by_import (
    meter_id   INTEGER NOT NULL,
    ts         TIMESTAMP NOT NULL,
    value      DOUBLE NOT NULL,
    import_id  INTEGER NOT NULL
);
INSERT INTO readings_keyed_by_import SELECT meter_id, ts, value, import_id FROM readings ORDER BY meter_id, ts;
DROP TABLE readings;
ALTER TABLE readings_keyed_by_import RENAME TO readings;
