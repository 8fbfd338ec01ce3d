-- Quick actions on a customer's bookings, with their approvals. One row per
-- action; the client id makes a double click or a retry execute once.

ALTER TABLE payments ADD COLUMN note TEXT NOT NULL DEFAULT '';

CREATE TABLE case_actions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    booking_id INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    summary TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending_approval', 'executed', 'denied', 'failed')),
    requested_by INTEGER NOT NULL REFERENCES users (id),
    requested_by_name TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    client_id TEXT NOT NULL,
    decided_by INTEGER REFERENCES users (id),
    decided_by_name TEXT,
    decided_at INTEGER,
    note TEXT,
    UNIQUE (case_id, client_id)
);
CREATE INDEX case_actions_by_case ON case_actions (case_id, id);
CREATE INDEX case_actions_pending ON case_actions (requested_at) WHERE status = 'pending_approval';
CREATE INDEX case_actions_by_booking ON case_actions (booking_id, kind);
