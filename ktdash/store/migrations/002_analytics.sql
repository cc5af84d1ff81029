-- 002: what the analytics need besides consumption: degree days, comparison values,
-- emission factors, energy prices, per-building hot-water share, per-municipality targets.

-- Monthly heating degree days G20/15 (K·d) of the station used for weather normalisation.
CREATE TABLE degree_days (
    month                DATE PRIMARY KEY,           -- first day of the month
    heating_degree_days  DOUBLE NOT NULL CHECK (heating_degree_days >= 0),
    source               VARCHAR NOT NULL
);

-- Long-term mean of the degree days per calendar month: the reference of the normalisation.
CREATE TABLE degree_day_normals (
    month_of_year        INTEGER PRIMARY KEY CHECK (month_of_year BETWEEN 1 AND 12),
    heating_degree_days  DOUBLE NOT NULL CHECK (heating_degree_days >= 0),
    source               VARCHAR NOT NULL
);

-- Comparison values (Vergleichswerte) per building category, kWh/(m²·a) on the reference floor area:
-- heat = heating × size factor f(area) + hot water (see ktdash.metrics), electricity as is.
CREATE TABLE comparison_values (
    category                 VARCHAR PRIMARY KEY,
    heating_kwh_per_m2a      DOUBLE,
    hot_water_kwh_per_m2a    DOUBLE,
    electricity_kwh_per_m2a  DOUBLE,
    area_basis               VARCHAR,
    source_table             VARCHAR,
    source_row               VARCHAR,
    source                   VARCHAR NOT NULL
);

-- CO2-equivalent emission factors per carrier and year (kg CO2e per kWh); editable by the admin.
CREATE TABLE emission_factors (
    carrier          VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    kg_co2e_per_kwh  DOUBLE NOT NULL CHECK (kg_co2e_per_kwh >= 0),
    basis            VARCHAR,
    source           VARCHAR NOT NULL,
    PRIMARY KEY (carrier, year)
);

-- Energy prices per carrier (EUR per kWh) for the savings potential in EUR; editable.
CREATE TABLE energy_prices (
    carrier      VARCHAR PRIMARY KEY,
    eur_per_kwh  DOUBLE NOT NULL CHECK (eur_per_kwh >= 0),
    source       VARCHAR NOT NULL
);

-- A municipality's own target (change per year, e.g. -0.03); default is the setting.
CREATE TABLE municipality_targets (
    municipality_key  VARCHAR PRIMARY KEY,
    change_per_year   DOUBLE NOT NULL CHECK (change_per_year BETWEEN -0.5 AND 0.5),
    note              VARCHAR
);

-- Share of heat that does not depend on the weather (hot water, process heat); NULL = default.
ALTER TABLE buildings ADD COLUMN hot_water_share DOUBLE;

-- Yearly figures per building and carrier, kept current with monthly_rollup (same transaction).
-- hdd_actual / hdd_normal: degree days of the months with data and their long-term mean, for the
-- weather normalisation (NULL where a month has no degree days).
CREATE TABLE yearly_rollup (
    building_id  INTEGER NOT NULL,
    carrier      VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    value        DOUBLE NOT NULL,
    unit         VARCHAR NOT NULL,
    months       INTEGER NOT NULL,
    hdd_actual   DOUBLE,
    hdd_normal   DOUBLE,
    PRIMARY KEY (building_id, carrier, year)
);

INSERT INTO yearly_rollup
SELECT building_id, carrier, year(month), sum(value), any_value(unit), count(*), NULL, NULL
FROM monthly_rollup GROUP BY building_id, carrier, year(month);

-- The comparison values of each building: heat = heating × size factor f(A_NGF) + hot water,
-- f = 1.46 up to 500 m², 0.71 from 50,000 m², else 4.53 · A^(−0.215) + 0.27
-- (Bekanntmachung vom 15. April 2021, Nummer 6.3.1; sources in ktdash/reference/README.md).
CREATE VIEW building_comparison_values AS
SELECT b.building_id, b.category,
       CASE WHEN b.floor_area_m2 IS NULL THEN NULL
            WHEN b.floor_area_m2 <= 500 THEN 1.46
            WHEN b.floor_area_m2 >= 50000 THEN 0.71
            ELSE 4.53 * pow(b.floor_area_m2, -0.215) + 0.27 END AS size_factor,
       c.heating_kwh_per_m2a * (CASE WHEN b.floor_area_m2 IS NULL THEN NULL
            WHEN b.floor_area_m2 <= 500 THEN 1.46
            WHEN b.floor_area_m2 >= 50000 THEN 0.71
            ELSE 4.53 * pow(b.floor_area_m2, -0.215) + 0.27 END) + c.hot_water_kwh_per_m2a AS heat_kwh_per_m2a,
       c.electricity_kwh_per_m2a
FROM buildings b JOIN comparison_values c USING (category);
