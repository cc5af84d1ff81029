-- 004: the network's joint campaigns, their activities and reach, and photovoltaic units of the
-- Marktstammdatenregister (MaStR) as outcomes. Every row carries the import that stored it (undo).

-- Gemeinden (8-digit Amtlicher Gemeindeschlüssel) → the owner key ktdash counts them for
-- (a Verbandsgemeinde or a kreisfreie Stadt). Master data: sample_data/master/places.csv.
CREATE TABLE places (
    ags               VARCHAR PRIMARY KEY,
    name              VARCHAR NOT NULL,
    municipality_key  VARCHAR NOT NULL
);

CREATE TABLE campaigns (
    campaign_id  VARCHAR PRIMARY KEY,     -- the file's number (Nr), else the campaign's name
    name         VARCHAR NOT NULL,
    topic        VARCHAR NOT NULL,        -- ktdash.campaigns.vocabulary.Topic
    lead_key     VARCHAR NOT NULL,        -- a municipality_key or a district_key
    start_date   DATE NOT NULL,
    end_date     DATE NOT NULL,
    description  VARCHAR,
    import_id    INTEGER NOT NULL,
    CHECK (end_date >= start_date)
);

-- The municipalities taking part in a campaign.
CREATE TABLE campaign_members (
    campaign_id       VARCHAR NOT NULL,
    municipality_key  VARCHAR NOT NULL,
    import_id         INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, municipality_key)
);

-- One event or item of a campaign in one municipality, with its reach where recorded (NULL: not recorded).
CREATE TABLE activities (
    campaign_id       VARCHAR NOT NULL,
    activity_date     DATE NOT NULL,
    municipality_key  VARCHAR NOT NULL,
    format            VARCHAR NOT NULL,   -- online | Präsenz | hybrid
    kind              VARCHAR NOT NULL,   -- ktdash.campaigns.vocabulary.ActivityKind
    title             VARCHAR NOT NULL DEFAULT '',
    cost_eur          DOUBLE CHECK (cost_eur IS NULL OR cost_eur >= 0),
    participants      INTEGER CHECK (participants IS NULL OR participants >= 0),
    registrations     INTEGER CHECK (registrations IS NULL OR registrations >= 0),
    consultations     INTEGER CHECK (consultations IS NULL OR consultations >= 0),
    page_views        INTEGER CHECK (page_views IS NULL OR page_views >= 0),
    leads             INTEGER CHECK (leads IS NULL OR leads >= 0),
    outcomes          INTEGER CHECK (outcomes IS NULL OR outcomes >= 0),  -- known implemented measures
    import_id         INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, activity_date, municipality_key, kind, title)
);

-- Solar units of the Marktstammdatenregister, one row per unit (MaStR-Nr.), counted in the year
-- they were commissioned.
CREATE TABLE pv_units (
    unit_id           VARCHAR PRIMARY KEY,  -- MaStR-Nr. der Einheit (SEE…)
    ags               VARCHAR NOT NULL,
    municipality_key  VARCHAR NOT NULL,
    commissioned      DATE NOT NULL,
    gross_kw          DOUBLE NOT NULL CHECK (gross_kw >= 0),   -- Bruttoleistung = kWp
    status            VARCHAR,
    plug_in           BOOLEAN NOT NULL,     -- steckerfertige Solaranlage (balcony)
    import_id         INTEGER NOT NULL
);
