-- 008: load-profile intervals in UTC.
--
-- readings.ts of an interval meter (meters.cumulative = false, a load profile) is from now on the interval
-- start in UTC: German civil time repeats the hour 02:00–03:00 on the last Sunday of October and skips it on
-- the last Sunday of March, so a local timestamp cannot tell the two autumn hours apart (the import used to
-- reject or merge them). readings.ts of a cumulative meter (meters.cumulative = true, Zählerstände) stays a
-- local civil date and time: a date read on site. The rules (EU summer time, Directive 2000/84/EC: from the
-- last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC) live in ktdash/localtime.py; the
-- monthly rollup sums an interval by the local month of its start (ktdash/rollup.py).
--
-- The stored interval values were local times. They never hold two copies of the repeated autumn hour (the
-- import kept the first, which is summer time: +02:00), so the conversion cannot collide. A meter with values
-- in the spring hour 02:00–03:00, which civil time does not have, was delivered in MEZ without summer time
-- (UTC+01:00 all year; 96 quarter hours every day): its values move back by one hour, as the import now reads
-- such a file. Replaced versions of interval values (reading_versions) move with them. For those meters the
-- monthly rollup moves the values whose local month changes (an hour at the end of a summer month); the yearly
-- sums do not change (summer months end within the year).

-- localtime.local_to_utc(ts) (first occurrence of the repeated hour) and localtime.utc_to_local(ts)
CREATE OR REPLACE TEMP MACRO kt_m008_last_sunday(ts) AS 31 - dayofweek(make_date(year(ts), month(ts), 31));
CREATE OR REPLACE TEMP MACRO kt_m008_summer_local(ts) AS CASE
    WHEN month(ts) BETWEEN 4 AND 9 THEN true
    WHEN month(ts) = 3 THEN day(ts) > kt_m008_last_sunday(ts) OR (day(ts) = kt_m008_last_sunday(ts) AND hour(ts) >= 3)
    WHEN month(ts) = 10 THEN day(ts) < kt_m008_last_sunday(ts) OR (day(ts) = kt_m008_last_sunday(ts) AND hour(ts) < 3)
    ELSE false END;
CREATE OR REPLACE TEMP MACRO kt_m008_summer_utc(ts) AS CASE
    WHEN month(ts) BETWEEN 4 AND 9 THEN true
    WHEN month(ts) = 3 THEN day(ts) > kt_m008_last_sunday(ts) OR (day(ts) = kt_m008_last_sunday(ts) AND hour(ts) >= 1)
    WHEN month(ts) = 10 THEN day(ts) < kt_m008_last_sunday(ts) OR (day(ts) = kt_m008_last_sunday(ts) AND hour(ts) < 1)
    ELSE false END;

-- interval meters and, of them, those read as MEZ all year (values in the spring hour that does not exist)
CREATE OR REPLACE TEMP TABLE kt_m008_meters AS
SELECT m.meter_id, m.building_id, m.carrier, m.factor, coalesce(x.mez, false) AS mez
FROM meters m LEFT JOIN (
    SELECT DISTINCT r.meter_id, true AS mez FROM readings r
    WHERE month(r.ts) = 3 AND day(r.ts) >= 25 AND dayofweek(r.ts) = 0 AND hour(r.ts) = 2) x USING (meter_id)
WHERE NOT m.cumulative;

-- the monthly rollup of the MEZ meters: values whose local month changes move to it
CREATE OR REPLACE TEMP TABLE kt_m008_moves AS
WITH moved AS (
    SELECT m.building_id, m.carrier, r.value * m.factor AS value, date_trunc('month', r.ts)::DATE AS old_month,
           date_trunc('month', r.ts - INTERVAL 1 HOUR + CASE WHEN kt_m008_summer_utc(r.ts - INTERVAL 1 HOUR)
                                                             THEN INTERVAL 2 HOUR ELSE INTERVAL 1 HOUR END)::DATE
               AS new_month
    FROM readings r JOIN kt_m008_meters m USING (meter_id) WHERE m.mez
)
SELECT building_id, carrier, month, sum(delta) AS delta FROM (
    SELECT building_id, carrier, old_month AS month, -value AS delta FROM moved WHERE old_month <> new_month
    UNION ALL
    SELECT building_id, carrier, new_month AS month, value AS delta FROM moved WHERE old_month <> new_month)
GROUP BY ALL;

UPDATE monthly_rollup SET value = monthly_rollup.value + d.delta
FROM kt_m008_moves d
WHERE monthly_rollup.building_id = d.building_id AND monthly_rollup.carrier = d.carrier
  AND monthly_rollup.month = d.month;

INSERT INTO monthly_rollup (building_id, carrier, month, value, unit)
SELECT d.building_id, d.carrier, d.month, d.delta, CASE WHEN d.carrier = 'Wasser' THEN 'm³' ELSE 'kWh' END
FROM kt_m008_moves d
WHERE NOT EXISTS (SELECT 1 FROM monthly_rollup r
                  WHERE r.building_id = d.building_id AND r.carrier = d.carrier AND r.month = d.month);

-- the values themselves (and their replaced versions): local → UTC
UPDATE readings SET ts = CASE WHEN m.mez THEN readings.ts - INTERVAL 1 HOUR
                              WHEN kt_m008_summer_local(readings.ts) THEN readings.ts - INTERVAL 2 HOUR
                              ELSE readings.ts - INTERVAL 1 HOUR END
FROM kt_m008_meters m WHERE readings.meter_id = m.meter_id;

UPDATE reading_versions SET ts = CASE WHEN m.mez THEN reading_versions.ts - INTERVAL 1 HOUR
                                      WHEN kt_m008_summer_local(reading_versions.ts)
                                          THEN reading_versions.ts - INTERVAL 2 HOUR
                                      ELSE reading_versions.ts - INTERVAL 1 HOUR END
FROM kt_m008_meters m WHERE reading_versions.meter_id = m.meter_id;

DROP TABLE kt_m008_moves;
DROP TABLE kt_m008_meters;
DROP MACRO kt_m008_summer_utc;
DROP MACRO kt_m008_summer_local;
DROP MACRO kt_m008_last_sunday;
