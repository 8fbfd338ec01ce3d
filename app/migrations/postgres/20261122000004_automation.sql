-- Automation: closing solved cases, reminding and solving pending ones, likely
-- duplicates, re-routing the chats of agents who went away. One settings row.

CREATE TABLE automation_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    close_solved_after_ms BIGINT NOT NULL,
    pending_remind_after_ms BIGINT NOT NULL,
    pending_solve_after_ms BIGINT NOT NULL,
    duplicate_window_ms BIGINT NOT NULL,
    reroute_grace_ms BIGINT NOT NULL
);
INSERT INTO automation_settings VALUES (1, 345600000, 172800000, 259200000, 86400000, 300000);

-- When the case entered its current status, and when a pending case was
-- reminded (cleared when the status changes). The jobs find their cases through
-- these partial indexes, never by scanning all cases.
ALTER TABLE cases ADD COLUMN status_since BIGINT;
ALTER TABLE cases ADD COLUMN reminded_at BIGINT;
UPDATE cases SET status_since = updated_at;
CREATE INDEX cases_pending_since ON cases (status_since) WHERE status = 'pending';
CREATE INDEX cases_solved_since ON cases (status_since) WHERE status = 'solved';

-- When the agent's presence last changed (NULL: never since the account was made).
ALTER TABLE users ADD COLUMN presence_since BIGINT;

-- The admin pages list recent changes by action.
CREATE INDEX audit_log_by_action ON audit_log (action, id);

-- A case opened with a subject only is triaged again on its first customer message.
ALTER TABLE case_triage ADD COLUMN message_triaged BOOLEAN NOT NULL DEFAULT TRUE;
