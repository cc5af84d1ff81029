-- 010: the figures a municipality must report (issue 14): real DWD climate data per station, postcodes
-- with their nearest stations, a station per building, two normalisations in the yearly rollup,
-- emission factor sets (BISKO-type CO2e, direct CO2), heat networks with their own factors,
-- categories that cannot be compared with the Vergleichswerte.

-- DWD stations and their monthly degree days G20/15 (IWU "Gradtagzahlen-Deutschland" / clidamonger,
-- CC BY 4.0, from DWD observations; newer months from DWD's own hdd_3807 files via the import).
CREATE TABLE climate_stations (
    station_id   INTEGER PRIMARY KEY,
    name         VARCHAR NOT NULL,
    state        VARCHAR,
    latitude     DOUBLE,
    longitude    DOUBLE,
    altitude_m   DOUBLE,
    data_from    DATE,
    data_to      DATE
);

CREATE TABLE station_degree_days (
    station_id         INTEGER NOT NULL,
    month              DATE NOT NULL,                        -- first day of the month
    g20_15_kd          DOUBLE NOT NULL CHECK (g20_15_kd >= 0),
    heating_days       DOUBLE,
    ta_mean_c          DOUBLE,
    ta_heating_days_c  DOUBLE,
    completeness       DOUBLE,                               -- share of the month's days observed (1 = complete)
    source             VARCHAR NOT NULL,
    import_id          INTEGER,                              -- NULL: shipped with ktdash
    PRIMARY KEY (station_id, month)
);

-- Every German postcode with its three nearest DWD stations (distances in metres).
CREATE TABLE postcodes (
    postcode      VARCHAR PRIMARY KEY,
    place         VARCHAR,
    latitude      DOUBLE,
    longitude     DOUBLE,
    station_1     INTEGER,
    station_2     INTEGER,
    station_3     INTEGER,
    distance_1_m  INTEGER,
    distance_2_m  INTEGER,
    distance_3_m  INTEGER
);

-- The settings the yearly rollup's degree days were computed with (one row; ktdash.climate.sync_settings).
CREATE TABLE climate_settings (
    reference_from          INTEGER NOT NULL,
    reference_to            INTEGER NOT NULL,
    min_completeness        DOUBLE NOT NULL,
    heating_limit_c         DOUBLE NOT NULL,
    benchmark_station_id    INTEGER NOT NULL,
    benchmark_reference_kd  DOUBLE                            -- NULL: the benchmark station's mean over the period
);
INSERT INTO climate_settings VALUES (1991, 2020, 0.9, 15, 3987, NULL);

-- A building's postcode (default: its municipality's) and an admin's choice of station.
ALTER TABLE municipalities ADD COLUMN postcode VARCHAR;
ALTER TABLE municipalities ADD COLUMN climate_station_id INTEGER;
ALTER TABLE buildings ADD COLUMN postcode VARCHAR;
ALTER TABLE buildings ADD COLUMN climate_station_id INTEGER;

-- Yearly rollup: besides hdd_actual / hdd_normal (the station's long-term mean: progress), the benchmark
-- reference (Potsdam), the station used and how many months came from a substitute station or had none.
ALTER TABLE yearly_rollup ADD COLUMN hdd_benchmark DOUBLE;
ALTER TABLE yearly_rollup ADD COLUMN station_id INTEGER;
ALTER TABLE yearly_rollup ADD COLUMN hdd_months_substituted INTEGER;
ALTER TABLE yearly_rollup ADD COLUMN hdd_months_missing INTEGER;

-- The single-site degree days of before: generated for the demo, or loaded by hand. Values loaded by hand
-- are kept (no value is lost); the generated ones go.
CREATE TABLE legacy_degree_days AS
SELECT month, NULL::INTEGER AS month_of_year, heating_degree_days, source FROM degree_days
WHERE source NOT LIKE '%synthetisch%'
UNION ALL
SELECT NULL::DATE, month_of_year, heating_degree_days, source FROM degree_day_normals
WHERE source NOT LIKE '%synthetisch%';
DROP TABLE degree_days;
DROP TABLE degree_day_normals;

-- Comparability with the Vergleichswerte (false: e.g. Schwimmhallen, whose pool-water heating the
-- comparison value leaves out; categories without a value).
ALTER TABLE comparison_values ADD COLUMN comparable BOOLEAN;
ALTER TABLE comparison_values ADD COLUMN comparability_note VARCHAR;

-- Emission factors in sets: 'bisko' (CO2e with upstream chains, Bundesstrommix; the default) and 'direct'.
-- The factors stored so far were direct CO2 (ktdash/reference/README.md) and become the 'direct' set.
CREATE TABLE emission_factors_by_set (
    factor_set       VARCHAR NOT NULL,
    carrier          VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    kg_co2e_per_kwh  DOUBLE NOT NULL CHECK (kg_co2e_per_kwh >= 0),
    basis            VARCHAR,
    source           VARCHAR NOT NULL,
    status           VARCHAR,                                 -- official | secondary | assumption
    PRIMARY KEY (factor_set, carrier, year)
);
INSERT INTO emission_factors_by_set
SELECT 'direct', carrier, year, kg_co2e_per_kwh, basis, source, NULL FROM emission_factors;
DROP TABLE emission_factors;
ALTER TABLE emission_factors_by_set RENAME TO emission_factors;

-- District / local heating networks with the factor their supplier states (per year); buildings on one.
CREATE TABLE heat_networks (
    network_id        VARCHAR PRIMARY KEY,
    name              VARCHAR NOT NULL,
    year              INTEGER NOT NULL,
    kg_co2e_per_kwh   DOUBLE NOT NULL CHECK (kg_co2e_per_kwh >= 0),
    exergetic         BOOLEAN NOT NULL DEFAULT false,         -- CHP allocated by exergy, as BISKO asks
    source            VARCHAR NOT NULL
);
ALTER TABLE buildings ADD COLUMN heat_network_id VARCHAR;

-- Long-term mean G20/15 per station and calendar month over the reference period of climate_settings,
-- from complete months only; rebuilt by ktdash.climate when the settings or the degree days change.
CREATE TABLE station_normals (
    station_id     INTEGER NOT NULL,
    month_of_year  INTEGER NOT NULL CHECK (month_of_year BETWEEN 1 AND 12),
    g20_15_kd      DOUBLE NOT NULL,
    years          INTEGER NOT NULL,                          -- complete months averaged
    PRIMARY KEY (station_id, month_of_year)
);

-- The station of each building: an admin's choice for the building; else the nearest station of the building's
-- own postcode; else an admin's choice for its municipality; else the nearest of the municipality's postcode.
-- station_2 / station_3 of the postcode stand in for incomplete months.
CREATE VIEW building_stations AS
SELECT b.building_id,
       coalesce(b.postcode, m.postcode) AS postcode,
       CASE WHEN b.postcode IS NOT NULL THEN 'building' WHEN m.postcode IS NOT NULL THEN 'municipality' END
           AS postcode_from,
       coalesce(b.climate_station_id, CASE WHEN b.postcode IS NULL THEN m.climate_station_id END) AS chosen_station_id,
       CASE WHEN b.climate_station_id IS NOT NULL THEN 'building'
            WHEN b.postcode IS NULL AND m.climate_station_id IS NOT NULL THEN 'municipality' END AS chosen_by,
       p.station_1, p.station_2, p.station_3, p.distance_1_m, p.distance_2_m, p.distance_3_m,
       coalesce(b.climate_station_id, CASE WHEN b.postcode IS NULL THEN m.climate_station_id END, p.station_1)
           AS station_id
FROM buildings b
JOIN municipalities m USING (municipality_key)
LEFT JOIN postcodes p ON p.postcode = coalesce(b.postcode, m.postcode);
