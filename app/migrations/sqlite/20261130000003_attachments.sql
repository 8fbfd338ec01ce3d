-- Files on messages, kept in the database (so every node serves them and a
-- commit keeps them with the message). `token` is the server-chosen name a file
-- is served under; `filename` is only ever shown. Uploaded first (entry_id
-- NULL), then linked to the message in the transaction that adds it.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    entry_id INTEGER REFERENCES timeline_entries (id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    uploaded_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX attachments_by_entry ON attachments (entry_id) WHERE entry_id IS NOT NULL;
