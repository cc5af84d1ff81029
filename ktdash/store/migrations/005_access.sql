-- 005: accounts, roles, login sessions and the audit log (ktdash.auth, ktdash.audit).

CREATE SEQUENCE seq_audit START 1;

-- One account. role: admin (the energy agency), manager (climate manager of the municipalities in
-- user_municipalities), viewer (read-only, may export). password_hash: argon2id in PHC form, never the password.
CREATE TABLE users (
    user_name      VARCHAR PRIMARY KEY,
    display_name   VARCHAR,
    role           VARCHAR NOT NULL CHECK (role IN ('admin', 'manager', 'viewer')),
    password_hash  VARCHAR NOT NULL,
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    disabled       BOOLEAN NOT NULL DEFAULT false
);

-- The municipalities a manager may import into, undo imports of and change master data of.
CREATE TABLE user_municipalities (
    user_name         VARCHAR NOT NULL,
    municipality_key  VARCHAR NOT NULL,
    PRIMARY KEY (user_name, municipality_key)
);

-- Login sessions. Only the SHA-256 (hex) of a session token is stored: a copy of the store holds no
-- usable token. Times in UTC; a session ends last_seen + KTDASH_SESSION_MINUTES or at expires_at.
CREATE TABLE sessions (
    token_sha256  VARCHAR PRIMARY KEY,
    user_name     VARCHAR NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    last_seen     TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL
);

-- Who did what when. action: a stable code (ktdash.audit.ACTIONS); object: what it was done to (an import's
-- number, a user name, …); detail: JSON; sha256: of the file, for imports.
CREATE TABLE audit_log (
    audit_id          BIGINT PRIMARY KEY DEFAULT nextval('seq_audit'),
    logged_at         TIMESTAMP NOT NULL DEFAULT current_timestamp,  -- ("at" is a reserved word)
    user_name         VARCHAR NOT NULL,
    action            VARCHAR NOT NULL,
    municipality_key  VARCHAR,
    object            VARCHAR,
    detail            JSON,
    sha256            VARCHAR
);
