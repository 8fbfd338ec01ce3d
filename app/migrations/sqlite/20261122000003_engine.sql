-- The engine's data: business-hours calendars, SLA policies and per-case clocks,
-- triage rules with their accuracy counters, response templates, routing state.

CREATE TABLE calendars (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- engine::calendar::CalendarSpec as JSON (time zone, weekly hours, holidays)
    spec TEXT NOT NULL
);

CREATE TABLE sla_policies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    priority TEXT CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
    channel TEXT CHECK (channel IN ('chat', 'email', 'phone', 'web', 'social')),
    customer_tier TEXT CHECK (customer_tier IN ('standard', 'enterprise')),
    first_response_ms INTEGER CHECK (first_response_ms > 0),
    next_update_ms INTEGER CHECK (next_update_ms > 0),
    resolution_ms INTEGER CHECK (resolution_ms > 0),
    calendar_id INTEGER NOT NULL REFERENCES calendars (id)
);

-- One row per case and kind of promise. A next-update clock starts a new round
-- for each wait; `fired` holds the thresholds fired this round (1 = 50 %,
-- 2 = 80 %, 4 = breach); `due_at` is when the next unfired threshold is reached
-- while the clock runs (NULL when paused, stopped or all fired): the scheduler
-- finds due clocks through its index, never by scanning cases.
CREATE TABLE sla_clocks (
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('first_response', 'next_update', 'resolution')),
    round INTEGER NOT NULL DEFAULT 1,
    policy_id INTEGER NOT NULL REFERENCES sla_policies (id),
    target_ms INTEGER NOT NULL,
    elapsed_ms INTEGER NOT NULL DEFAULT 0,
    since INTEGER,
    met_at INTEGER,
    fired INTEGER NOT NULL DEFAULT 0,
    due_at INTEGER,
    breach_at INTEGER,
    PRIMARY KEY (case_id, kind)
);
CREATE INDEX sla_clocks_due ON sla_clocks (due_at) WHERE due_at IS NOT NULL;

CREATE TABLE sla_breaches (
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    round INTEGER NOT NULL,
    priority TEXT NOT NULL,
    assignee_id INTEGER REFERENCES users (id),
    breached_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, kind, round)
);
CREATE INDEX sla_breaches_by_time ON sla_breaches (breached_at);

CREATE TABLE triage_rules (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    -- engine::triage::{Conditions, Actions} as JSON
    conditions TEXT NOT NULL,
    actions TEXT NOT NULL,
    applied INTEGER NOT NULL DEFAULT 0,
    corrected INTEGER NOT NULL DEFAULT 0
);

-- Which rule set a case's queue and priority, until an agent changes them (a
-- correction, counted once per field).
CREATE TABLE case_triage (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    queue_rule INTEGER REFERENCES triage_rules (id) ON DELETE SET NULL,
    priority_rule INTEGER REFERENCES triage_rules (id) ON DELETE SET NULL
);

CREATE TABLE templates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    shortcut TEXT,
    body TEXT NOT NULL,
    queue_id INTEGER REFERENCES queues (id) ON DELETE SET NULL,
    set_status TEXT,
    add_tags TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);

ALTER TABLE users ADD COLUMN routing_paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_assigned_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN duplicate_of INTEGER REFERENCES cases (id);
ALTER TABLE cases ADD COLUMN sla_due_at INTEGER;
CREATE INDEX cases_open_by_sla ON cases (sla_due_at) WHERE status NOT IN ('solved', 'closed');

-- Defaults every workspace starts with (admins edit them): an around-the-clock
-- calendar for urgent work and chat, office hours for the rest, and the design's
-- priority matrix. A chat policy answers in a minute; P1 is listed first so an
-- urgent chat keeps the P1 targets (equally specific policies: lowest id wins).
INSERT INTO calendars (id, name, spec) VALUES
  (1, 'Around the clock', '{"tz":"UTC","always_open":true}'),
  (2, 'Office hours (Berlin)', '{"tz":"Europe/Berlin","always_open":false,"week":[[{"start_min":480,"end_min":1080}],[{"start_min":480,"end_min":1080}],[{"start_min":480,"end_min":1080}],[{"start_min":480,"end_min":1080}],[{"start_min":480,"end_min":1080}],[],[]],"holidays":["2026-12-25","2026-12-26","2027-01-01","2027-04-02","2027-04-05","2027-05-01","2027-05-13","2027-05-24","2027-10-03","2027-12-25","2027-12-26"]}');
INSERT INTO sla_policies (id, name, priority, channel, customer_tier, first_response_ms, next_update_ms, resolution_ms, calendar_id) VALUES
  (1, 'P1: service down, safety, security', 'P1', NULL, NULL, 900000, 1800000, 14400000, 1),
  (2, 'Live chat', NULL, 'chat', NULL, 60000, 120000, 14400000, 1),
  (3, 'P2: major problem', 'P2', NULL, NULL, 3600000, 7200000, 28800000, 2),
  (4, 'P3: degraded', 'P3', NULL, NULL, 14400000, NULL, 86400000, 2),
  (5, 'P4: how-to and feedback', 'P4', NULL, NULL, 28800000, NULL, 172800000, 2);
