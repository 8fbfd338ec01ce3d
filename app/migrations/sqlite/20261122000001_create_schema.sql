-- Switchboard schema for the embedded SQLite backend. Times are Unix milliseconds.
CREATE TABLE workspaces (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
    password_hash TEXT NOT NULL,
    skills TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT 'en',
    capacity INTEGER NOT NULL DEFAULT 3,
    authority_limit_cents INTEGER NOT NULL DEFAULT 0,
    presence TEXT NOT NULL DEFAULT 'offline' CHECK (presence IN ('online', 'away', 'offline')),
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);

CREATE TABLE queues (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE queue_members (
    queue_id INTEGER NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (queue_id, user_id)
);
CREATE INDEX queue_members_by_user ON queue_members (user_id);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    external_id TEXT,
    tier TEXT NOT NULL DEFAULT 'standard' CHECK (tier IN ('standard', 'enterprise')),
    language TEXT NOT NULL DEFAULT 'en',
    created_at INTEGER NOT NULL
);

CREATE TABLE customer_identities (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'external_id')),
    value TEXT NOT NULL,
    UNIQUE (kind, value)
);
CREATE INDEX customer_identities_by_customer ON customer_identities (customer_id);

CREATE TABLE bookings (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    confirmation TEXT NOT NULL UNIQUE,
    vehicle TEXT NOT NULL,
    pickup_location TEXT NOT NULL,
    return_location TEXT NOT NULL,
    pickup_at INTEGER NOT NULL,
    return_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL DEFAULT 'EUR'
);
CREATE INDEX bookings_by_customer ON bookings (customer_id);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    booking_id INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('charge', 'refund', 'credit')),
    amount_cents INTEGER NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX payments_by_booking ON payments (booking_id);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    tier TEXT NOT NULL DEFAULT 'T1',
    queue_id INTEGER NOT NULL REFERENCES queues (id),
    assignee_id INTEGER REFERENCES users (id),
    sentiment REAL,
    merged_into INTEGER REFERENCES cases (id),
    csat INTEGER,
    preview TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX cases_by_queue_status ON cases (queue_id, status);
CREATE INDEX cases_by_assignee ON cases (assignee_id);
CREATE INDEX cases_by_customer ON cases (customer_id);

CREATE TABLE case_tags (
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (case_id, tag)
);

CREATE TABLE timeline_entries (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    author_id INTEGER REFERENCES users (id),
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    client_id TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (case_id, client_id)
);
CREATE INDEX timeline_entries_by_case ON timeline_entries (case_id, id);

CREATE TABLE events (
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    topics TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, seq)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    actor_label TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    client_addr TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

INSERT INTO workspaces (id, name, last_seq) VALUES (1, 'Switchboard', 0);
