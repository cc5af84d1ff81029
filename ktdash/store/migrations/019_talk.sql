-- 019 (issue 18, part 2): the Klima.Taten.Talk — the fortnightly office hours of the regional office, and the
-- members' support requests and agenda topics with their handling.
-- Office hours are stored as wall-clock time in Europe/Berlin (a talk at 10:00 is at 10:00 in summer and winter);
-- a series is generated date by date (a cancelled date keeps its row). Request times (filed, first answer, done)
-- are instants in UTC (naive TIMESTAMP in UTC), so that durations across a clock change are right.
CREATE SEQUENCE seq_talk START 1;
CREATE TABLE talk_dates (
    talk_id     INTEGER PRIMARY KEY DEFAULT nextval('seq_talk'),
    starts_at   TIMESTAMP NOT NULL UNIQUE,  -- local wall-clock time, Europe/Berlin
    minutes     INTEGER NOT NULL DEFAULT 60 CHECK (minutes BETWEEN 5 AND 480),
    series      VARCHAR,  -- the series it was generated in; NULL: a single date
    cancelled   BOOLEAN NOT NULL DEFAULT false,
    note        VARCHAR,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by  VARCHAR NOT NULL
);
CREATE SEQUENCE seq_request START 1;
CREATE TABLE support_requests (
    request_id        INTEGER PRIMARY KEY DEFAULT nextval('seq_request'),
    kind              VARCHAR NOT NULL DEFAULT 'support',  -- ktdash.core.network_vocabulary.RequestKind
    topic             VARCHAR NOT NULL,  -- topics.code
    municipality_key  VARCHAR NOT NULL,
    description       VARCHAR NOT NULL,
    urgency           VARCHAR NOT NULL,  -- ktdash.core.network_vocabulary.Urgency
    status            VARCHAR NOT NULL DEFAULT 'open',  -- ktdash.core.network_vocabulary.RequestStatus
    talk_id           INTEGER,  -- on the agenda of this office hour (NULL: not yet)
    filed_at          TIMESTAMP NOT NULL,  -- UTC
    filed_by          VARCHAR NOT NULL,  -- the account that filed it
    taken_by          INTEGER,  -- people.person_id of who took it; NULL: nobody yet, or the person was deleted
    first_answer_at   TIMESTAMP,  -- UTC: when it first left "open" (taken, answered or closed)
    answer            VARCHAR,
    done_at           TIMESTAMP,  -- UTC: when it was set to done (NULL again if reopened)
    updated_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by        VARCHAR NOT NULL
);
