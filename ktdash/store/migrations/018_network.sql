-- 018 (issue 18, part 1): the people of the network, their posts and competences.
-- Personal data (people, person_municipalities, competences) is stored only with consent and really deleted when a
-- person is deleted; the audit log records that and by whom, never the content. A post outlives its holder
-- (person_id NULL: vacant).
CREATE TABLE topics (
    code        VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL UNIQUE,
    builtin     BOOLEAN NOT NULL DEFAULT false,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by  VARCHAR NOT NULL
);
INSERT INTO topics (code, name, builtin, created_by) VALUES
    ('pv', 'PV', true, 'ktdash'),
    ('heat_planning', 'Wärmeplanung', true, 'ktdash'),
    ('energy_management', 'Energiemanagement/-controlling', true, 'ktdash'),
    ('funding', 'Förderprogramme', true, 'ktdash'),
    ('mobility', 'Mobilität', true, 'ktdash'),
    ('land_use_planning', 'Bauleitplanung', true, 'ktdash'),
    ('public_relations', 'Öffentlichkeitsarbeit', true, 'ktdash'),
    ('procurement', 'Beschaffung', true, 'ktdash'),
    ('street_lighting', 'Straßenbeleuchtung', true, 'ktdash'),
    ('climate_adaptation', 'Klimaanpassung', true, 'ktdash');

CREATE SEQUENCE seq_person START 1;
CREATE TABLE people (
    person_id   INTEGER PRIMARY KEY DEFAULT nextval('seq_person'),
    name        VARCHAR NOT NULL,
    role_title  VARCHAR,
    email       VARCHAR,
    phone       VARCHAR,
    account     VARCHAR UNIQUE,  -- the user name of the person's own account (edits their own profile)
    consent     BOOLEAN NOT NULL CHECK (consent),
    consent_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by  VARCHAR NOT NULL,
    updated_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by  VARCHAR NOT NULL
);
CREATE TABLE person_municipalities (
    person_id         INTEGER NOT NULL,
    municipality_key  VARCHAR NOT NULL,
    PRIMARY KEY (person_id, municipality_key)
);
CREATE TABLE competences (
    person_id  INTEGER NOT NULL,
    topic      VARCHAR NOT NULL,
    level      VARCHAR NOT NULL,  -- ktdash.core.network_vocabulary.Level
    PRIMARY KEY (person_id, topic)
);
CREATE SEQUENCE seq_post START 1;
CREATE TABLE posts (
    post_id           INTEGER PRIMARY KEY DEFAULT nextval('seq_post'),
    municipality_key  VARCHAR NOT NULL,
    person_id         INTEGER,  -- NULL: vacant
    funding           VARCHAR NOT NULL,  -- ktdash.core.network_vocabulary.Funding
    programme         VARCHAR,
    funding_end       DATE,
    permanent         BOOLEAN NOT NULL DEFAULT false,  -- verstetigt
    share_of_time     DOUBLE NOT NULL CHECK (share_of_time > 0 AND share_of_time <= 1),
    created_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by        VARCHAR NOT NULL,
    updated_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by        VARCHAR NOT NULL
);
