-- The agent workspace: tags kept on the case row for listings (case_tags stays the
-- index for filtering), notes about customers, and indexes for the inbox's sorts.

ALTER TABLE cases ADD COLUMN tags TEXT NOT NULL DEFAULT '';
UPDATE cases SET tags = COALESCE((SELECT group_concat(tag, ',') FROM (SELECT tag FROM case_tags t WHERE t.case_id = cases.id ORDER BY tag)), '');
CREATE INDEX case_tags_by_tag ON case_tags (tag, case_id);

CREATE INDEX cases_open_by_created ON cases (created_at) WHERE status NOT IN ('solved', 'closed');
CREATE INDEX cases_done_by_updated ON cases (updated_at) WHERE status IN ('solved', 'closed');

CREATE TABLE customer_notes (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id),
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    client_id TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (customer_id, client_id)
);
CREATE INDEX customer_notes_by_customer ON customer_notes (customer_id, id);
