-- 014: mapping profiles owned per municipality (issue 15).
--
-- Until now a profile was global by its name: a manager saving a profile under a name another municipality
-- already used overwrote that municipality's profile (and its next import failed). Now the key is
-- (name, owner): owner is the municipality key of the municipality the profile belongs to, or '' for a profile
-- of the energy agency (made by an admin), which every municipality sees. An admin may share a municipality's
-- profile with all municipalities (shared). Loading a name for a municipality takes its own profile first,
-- then the shared one of that name (ktdash.ingest.profiles); at most one shared profile has a given name.
--
-- Existing profiles keep their municipality (municipality_key) and are not shared; a profile saved without a
-- municipality (only possible through the library or a script) becomes the agency's shared profile, so
-- nothing that used it by name stops working. DuckDB cannot change a primary key: the table is rebuilt.
CREATE TEMPORARY TABLE mapping_profiles_013 AS SELECT * FROM mapping_profiles;
DROP TABLE mapping_profiles;
CREATE TABLE mapping_profiles (
    name        VARCHAR NOT NULL,
    owner       VARCHAR NOT NULL,                 -- municipality key; '' = the energy agency (admins), shared
    shared      BOOLEAN NOT NULL DEFAULT false,   -- visible to every municipality (the agency's: always)
    profile     JSON NOT NULL,
    updated_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by  VARCHAR,
    PRIMARY KEY (name, owner)
);
INSERT INTO mapping_profiles (name, owner, shared, profile, updated_at)
SELECT name, coalesce(municipality_key, ''), municipality_key IS NULL, profile, updated_at FROM mapping_profiles_013;
DROP TABLE mapping_profiles_013;
