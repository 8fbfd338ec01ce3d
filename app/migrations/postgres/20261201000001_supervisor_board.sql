-- The supervisor board: arrivals per queue over the last hour, alerts read
-- from the event log by kind, and who marked an alert handled.

CREATE INDEX cases_by_created ON cases (created_at, queue_id);
CREATE INDEX events_by_kind ON events (workspace_id, kind, seq);

CREATE TABLE alert_marks (
    seq BIGINT PRIMARY KEY,
    handled_by BIGINT NOT NULL REFERENCES users(id),
    handled_by_name TEXT NOT NULL,
    handled_at BIGINT NOT NULL
);
