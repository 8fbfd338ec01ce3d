-- The supervisor's metrics count over a range, so they need the times and the
-- outcomes that running counters forget: when each deflection happened, and
-- whether an agent corrected what a triage rule chose (the rule is forgotten).
CREATE TABLE kb_deflections (
    article_id BIGINT NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    at BIGINT NOT NULL
);
CREATE INDEX kb_deflections_by_at ON kb_deflections (at);

ALTER TABLE case_triage ADD COLUMN ruled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE case_triage ADD COLUMN corrected BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE case_triage SET ruled = TRUE WHERE queue_rule IS NOT NULL OR priority_rule IS NOT NULL;
