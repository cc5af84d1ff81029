-- 001: the store of ktdash: master data, meters, readings, consumptions, imports.
CREATE SEQUENCE seq_building START 1;
CREATE SEQUENCE seq_meter START 1;
CREATE SEQUENCE seq_import START 1;

CREATE TABLE districts (
    district_key     VARCHAR PRIMARY KEY,        -- 5-digit Kreisschlüssel, e.g. 07335
    name             VARCHAR NOT NULL UNIQUE,
    kind             VARCHAR NOT NULL,           -- Landkreis | kreisfreie Stadt
    population       INTEGER,
    population_date  DATE
);

CREATE TABLE municipalities (
    municipality_key VARCHAR PRIMARY KEY,        -- official key (Regionalschlüssel)
    name             VARCHAR NOT NULL UNIQUE,
    district_key     VARCHAR NOT NULL,           -- districts.district_key (checked by the loader)
    kind             VARCHAR NOT NULL,           -- Verbandsgemeinde | verbandsfreie Gemeinde | kreisfreie Stadt | Landkreis
    population       INTEGER,                    -- NULL for a Landkreis as building owner
    population_date  DATE
);

CREATE TABLE buildings (
    building_id       INTEGER PRIMARY KEY DEFAULT nextval('seq_building'),
    municipality_key  VARCHAR NOT NULL,          -- municipalities.municipality_key
    name              VARCHAR NOT NULL,
    category          VARCHAR NOT NULL DEFAULT 'Sonstiges',
    floor_area_m2     DOUBLE CHECK (floor_area_m2 IS NULL OR floor_area_m2 > 0),
    year_built        INTEGER,
    created_by_import INTEGER,
    UNIQUE (municipality_key, name)
);

CREATE TABLE meters (
    meter_id          INTEGER PRIMARY KEY DEFAULT nextval('seq_meter'),
    building_id       INTEGER NOT NULL,
    number            VARCHAR NOT NULL,
    carrier           VARCHAR NOT NULL,
    unit              VARCHAR NOT NULL,          -- unit of the stored values (as delivered)
    factor            DOUBLE NOT NULL,           -- unit → kWh (energy) or m³ (water), fixed at first import
    cumulative        BOOLEAN NOT NULL,          -- true: Zählerstände; false: interval values (Lastgang)
    interval_minutes  INTEGER,                   -- for interval meters
    UNIQUE (building_id, number)
);

-- Readings: cumulative meter readings, or interval values of a load profile
-- (timestamp = interval start). Keyed by (meter, timestamp).
CREATE TABLE readings (
    meter_id   INTEGER NOT NULL,
    ts         TIMESTAMP NOT NULL,
    value      DOUBLE NOT NULL,
    import_id  INTEGER NOT NULL,
    PRIMARY KEY (meter_id, ts)
);

-- Consumption over a period, both ends inclusive. Keyed by
-- (building, carrier, meter number or '', period).
CREATE TABLE consumptions (
    building_id   INTEGER NOT NULL,
    carrier       VARCHAR NOT NULL,
    meter_number  VARCHAR NOT NULL DEFAULT '',
    period_start  DATE NOT NULL,
    period_end    DATE NOT NULL,
    value         DOUBLE NOT NULL,               -- as delivered
    unit          VARCHAR NOT NULL,
    factor        DOUBLE NOT NULL,
    kwh           DOUBLE NOT NULL,               -- canonical: kWh, or m³ for water
    import_id     INTEGER NOT NULL,
    CHECK (period_end >= period_start),
    PRIMARY KEY (building_id, carrier, meter_number, period_start, period_end)
);

CREATE TABLE imports (
    import_id         INTEGER PRIMARY KEY DEFAULT nextval('seq_import'),
    created_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    user_name         VARCHAR NOT NULL,
    municipality_key  VARCHAR NOT NULL,
    file_name         VARCHAR NOT NULL,
    sha256            VARCHAR NOT NULL,
    layout            VARCHAR NOT NULL,
    rows_stored       INTEGER NOT NULL,
    rows_rejected     INTEGER NOT NULL,
    rows_replaced     INTEGER NOT NULL,
    status            VARCHAR NOT NULL          -- committed
);

CREATE TABLE mapping_profiles (
    name              VARCHAR PRIMARY KEY,
    municipality_key  VARCHAR,
    profile           JSON NOT NULL,
    updated_at        TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Monthly figures per building and carrier (kWh; m³ for water), kept current
-- inside every import's transaction. Pages and exports read this, never the raw rows.
CREATE TABLE monthly_rollup (
    building_id  INTEGER NOT NULL,
    carrier      VARCHAR NOT NULL,
    month        DATE NOT NULL,
    value        DOUBLE NOT NULL,
    unit         VARCHAR NOT NULL,
    PRIMARY KEY (building_id, carrier, month)
);

CREATE TABLE store_state (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);
INSERT INTO store_state VALUES ('data_version', '0');
