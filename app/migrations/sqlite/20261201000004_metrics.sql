-- The supervisor's metrics count over a range, so they need the times and the
-- outcomes that running counters forget: when each deflection happened, and
-- whether an agent corrected what a triage rule chose (the rule is forgotten).
CREATE TABLE kb_deflections (
    article_id INTEGER NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    at INTEGER NOT NULL
);
CREATE INDEX kb_deflections_by_at ON kb_deflections (at);

ALTER TABLE case_triage ADD COLUMN ruled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_triage ADD COLUMN corrected INTEGER NOT NULL DEFAULT 0;
UPDATE case_triage SET ruled = 1 WHERE queue_rule IS NOT NULL OR priority_rule IS NOT NULL;
