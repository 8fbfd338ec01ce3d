-- Chat-widget visitors: known by a token made in their browser, of which only
-- the SHA-256 is stored. An unverified visitor gets a customer record of their
-- own (never an existing customer's, whatever email they type).

CREATE TABLE visitors (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    verified INTEGER NOT NULL DEFAULT 0,
    language TEXT NOT NULL DEFAULT 'en',
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX visitors_by_customer ON visitors (customer_id);

-- The case a hand-off opened: a retry of the same hand-off finds it.
CREATE TABLE visitor_handoffs (
    visitor_id INTEGER NOT NULL REFERENCES visitors(id),
    case_id INTEGER NOT NULL REFERENCES cases(id),
    PRIMARY KEY (visitor_id, case_id)
);
