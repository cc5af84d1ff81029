-- 011: a meter reading's own conversion factor (issue 14, point 6: gas bills with their own Zustandszahl and
-- Brennwert).
--
-- A gas bill or a list of readings in m³ may state the Zustandszahl Z and the Brennwert Hs of each billing
-- period; the energy of that period is m³ × Z × Hs (DVGW G 685), with the Z and Hs of that period. For period
-- consumptions the row's factor goes into consumptions.factor as before. A cumulative meter has one factor
-- (meters.factor, fixed at its first import), so a reading now carries its own: readings.factor is the factor
-- of the interval that ENDS at this reading (the billing period read off at that date), NULL where the file
-- stated none: then meters.factor applies, as for every reading stored before this migration. The monthly
-- rollup converts the difference between two readings with coalesce(later reading's factor, meters.factor)
-- (ktdash.rollup); an interval value of a load profile with coalesce(its factor, meters.factor).
-- reading_versions keeps the factor of a replaced reading, so a re-import with a corrected Brennwert keeps the
-- old one as a version and undo brings it back (ktdash.ingest.versions).
ALTER TABLE readings ADD COLUMN factor DOUBLE;          -- NULL: meters.factor
ALTER TABLE reading_versions ADD COLUMN factor DOUBLE;  -- the replaced reading's readings.factor
