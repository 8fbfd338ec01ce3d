-- Knowledge base: articles with their figures, a revision counter that tells
-- every node when its in-memory search index is stale, and the searches that
-- found nothing (content gaps). Steps and related slugs are JSON arrays.

CREATE TABLE kb_articles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    category TEXT NOT NULL,
    applies_to TEXT NOT NULL DEFAULT '',
    steps TEXT NOT NULL,
    troubleshooting TEXT NOT NULL DEFAULT '',
    related TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    owner_id INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    views INTEGER NOT NULL DEFAULT 0,
    helpful INTEGER NOT NULL DEFAULT 0,
    not_helpful INTEGER NOT NULL DEFAULT 0,
    deflections INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX kb_articles_by_status ON kb_articles (status, category, title);

CREATE TABLE kb_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO kb_revision (id, revision) VALUES (1, 0);

CREATE TABLE kb_failed_searches (
    query TEXT PRIMARY KEY,
    searches INTEGER NOT NULL,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL
);
CREATE INDEX kb_failed_searches_by_count ON kb_failed_searches (searches DESC, last_at DESC);
