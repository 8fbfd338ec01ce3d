-- Snoozed cases wait as pending until `snoozed_until`, then come back open. The
-- scheduler finds them through the partial index; any status change clears it.
ALTER TABLE cases ADD COLUMN snoozed_until INTEGER;
CREATE INDEX cases_snoozed_until ON cases (snoozed_until) WHERE snoozed_until IS NOT NULL;
