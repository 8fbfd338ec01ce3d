-- Quality checklists per queue, their ticks per case, and escalations with
-- their reasons (counted against first-contact resolution).

CREATE TABLE checklist_items (
    id INTEGER PRIMARY KEY,
    queue_id INTEGER NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX checklist_items_by_queue ON checklist_items (queue_id, position);

CREATE TABLE case_checks (
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES checklist_items (id) ON DELETE CASCADE,
    checked_by INTEGER REFERENCES users (id),
    checked_by_name TEXT NOT NULL,
    checked_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, item_id)
);

CREATE TABLE case_escalations (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    from_queue_id INTEGER NOT NULL REFERENCES queues (id),
    to_queue_id INTEGER NOT NULL REFERENCES queues (id),
    from_tier TEXT NOT NULL,
    to_tier TEXT NOT NULL,
    reason TEXT NOT NULL,
    by_id INTEGER REFERENCES users (id),
    by_name TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX case_escalations_by_case ON case_escalations (case_id);
CREATE INDEX case_escalations_by_at ON case_escalations (at);
