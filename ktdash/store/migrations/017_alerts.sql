-- 017 (issue 17): alerts (Auffälligkeiten) — findings of the checks after an import, an inbox per climate manager
-- with acknowledgement, and the e-mail digest (ktdash.analytics.alerts, ktdash.output.exports.digest).
-- One row per finding, keyed by (building_id, subject, code, month): subject is the carrier of a monthly series or
-- the number of a load-profile meter, month the first day of the month the finding is about (for a stale series:
-- the first month without a value). The same finding is stored once; an acknowledged one (who, when, comment) keeps
-- its row, so it never comes back. Numbers as the rule gave them: value and reference (median, prediction, the
-- previous base load), low/high (the prediction band), score (quality's M).
CREATE SEQUENCE seq_alert START 1;
CREATE TABLE alerts (
    alert_id          INTEGER PRIMARY KEY DEFAULT nextval('seq_alert'),
    building_id       INTEGER NOT NULL,
    municipality_key  VARCHAR NOT NULL,
    subject           VARCHAR NOT NULL,
    code              VARCHAR NOT NULL,
    month             DATE NOT NULL,
    period_end        DATE,
    value             DOUBLE,
    reference         DOUBLE,
    low               DOUBLE,
    high              DOUBLE,
    score             DOUBLE,
    unit              VARCHAR,
    import_id         INTEGER,
    found_at          TIMESTAMP NOT NULL DEFAULT current_timestamp,
    acknowledged_by   VARCHAR,
    acknowledged_at   TIMESTAMP,
    comment           VARCHAR
);
-- which alert went to whom in a digest (a finding of a municipality with two managers goes to each once)
CREATE TABLE alert_mailings (
    alert_id   INTEGER NOT NULL,
    user_name  VARCHAR NOT NULL,
    mailed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (alert_id, user_name)
);
-- where a manager's digest goes and in which language (accounts store neither; an account named by its e-mail
-- address, as an SSO login, needs no row)
CREATE TABLE alert_recipients (
    user_name  VARCHAR PRIMARY KEY,
    email      VARCHAR NOT NULL,
    lang       VARCHAR NOT NULL DEFAULT 'de' CHECK (lang IN ('de', 'en'))
);
