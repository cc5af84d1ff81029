-- 013: a building's postcode in its master-data versions (issue 14).
--
-- The buildings master data may carry a postcode (column PLZ/Postleitzahl; buildings.postcode, migration 010),
-- which picks the building's DWD station of the weather normalisation (ktdash.climate). A master-data import
-- that replaces a building's master data keeps the replaced row in building_versions (migration 007); the
-- postcode is now part of that row, so undo of the import brings the postcode back with category, area and
-- year of construction (ktdash.ingest.versions).
--
-- Versions kept before this migration: no import could set a postcode until now, so such a version gets the
-- postcode the building has today (set by an admin, or none): undoing its import leaves the postcode as it is.
ALTER TABLE building_versions ADD COLUMN postcode VARCHAR;
UPDATE building_versions SET postcode = b.postcode FROM buildings b
WHERE building_versions.building_id = b.building_id;
