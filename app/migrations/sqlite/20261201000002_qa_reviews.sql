-- QA reviews: one per solved case, scored 1 to 5 on four criteria.

CREATE TABLE qa_reviews (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL UNIQUE REFERENCES cases(id),
    agent_id INTEGER NOT NULL REFERENCES users(id),
    reviewer_id INTEGER NOT NULL REFERENCES users(id),
    reviewer_name TEXT NOT NULL,
    accuracy INTEGER NOT NULL CHECK (accuracy BETWEEN 1 AND 5),
    tone INTEGER NOT NULL CHECK (tone BETWEEN 1 AND 5),
    process INTEGER NOT NULL CHECK (process BETWEEN 1 AND 5),
    efficiency INTEGER NOT NULL CHECK (efficiency BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX qa_reviews_by_agent ON qa_reviews (agent_id, created_at);
