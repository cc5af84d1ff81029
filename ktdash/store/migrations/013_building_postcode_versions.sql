-- 013: a building's postcode in its master-data versions (issue 14).
--
-- The buildings master data may carry a postcode (column PLZ/Postleitzahl; buildings.postcode, migration 010),
-- which picks the building's DWD station of the weather normalisation (ktdash.climate). A master-data import
-- that replaces a building's master data keeps the replaced row in building_versions (migration 007); the
-- postcode is now part of that row, so undo of the import brings the postcode back with category, area and
-- year of construction (ktdash.ingest.versions).
--
-- Unlike those three, the postcode is set only by a file that has a postcode column (an empty cell: NULL, the
-- building follows its municipality); a file without one leaves the stored postcode as it is (an admin may
-- have set it, ktdash.climate.set_postcode). postcode_set says whether the import that replaced the version
-- (replaced_by_import) set the postcode: only then does undo of that import bring the version's postcode
-- back, and a postcode it set that later imports without the column carried on is taken back from those too.
-- Versions kept before this migration were replaced by imports that could not set a postcode: false.
ALTER TABLE building_versions ADD COLUMN postcode VARCHAR;
ALTER TABLE building_versions ADD COLUMN postcode_set BOOLEAN DEFAULT false;
UPDATE building_versions SET postcode_set = false WHERE postcode_set IS NULL;
ALTER TABLE building_versions ALTER COLUMN postcode_set SET NOT NULL;
