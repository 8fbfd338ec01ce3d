-- A tag filter's listing walks the tag's rows in the listing's own order and
-- stops at its limit, like every other view: each tag row also carries its
-- case's sort keys (due time, priority, creation), and the open rows of one
-- tag in one queue are indexed in each sort's order. The triggers that keep
-- queue and open state now keep the sort keys too.
ALTER TABLE case_tags ADD COLUMN due_key BIGINT NOT NULL DEFAULT 9223372036854775807,
    ADD COLUMN priority TEXT NOT NULL DEFAULT '',
    ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
UPDATE case_tags t SET due_key = COALESCE(c.sla_due_at, 9223372036854775807),
    priority = c.priority, created_at = c.created_at
FROM cases c WHERE c.id = t.case_id;

DROP INDEX case_tags_open_by_tag_queue;
CREATE INDEX case_tags_open_by_due ON case_tags (tag, queue_id, due_key, case_id) WHERE case_open;
CREATE INDEX case_tags_open_by_priority ON case_tags (tag, queue_id, priority, due_key, case_id)
    WHERE case_open;
CREATE INDEX case_tags_open_by_created ON case_tags (tag, queue_id, created_at, case_id) WHERE case_open;

-- As before, `FOR SHARE` waits for a transaction changing the case and then
-- reads what it committed.
CREATE OR REPLACE FUNCTION case_tags_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT c.queue_id, c.status NOT IN ('solved', 'closed'),
        COALESCE(c.sla_due_at, 9223372036854775807), c.priority, c.created_at
    INTO NEW.queue_id, NEW.case_open, NEW.due_key, NEW.priority, NEW.created_at
    FROM cases c WHERE c.id = NEW.case_id FOR SHARE;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION case_tags_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE case_tags SET queue_id = NEW.queue_id, case_open = NEW.status NOT IN ('solved', 'closed'),
        due_key = COALESCE(NEW.sla_due_at, 9223372036854775807), priority = NEW.priority
    WHERE case_id = NEW.id;
    RETURN NULL;
END
$$;
DROP TRIGGER case_tags_follow ON cases;
CREATE TRIGGER case_tags_follow AFTER UPDATE OF queue_id, status, sla_due_at, priority ON cases
    FOR EACH ROW
    WHEN (OLD.queue_id IS DISTINCT FROM NEW.queue_id
        OR (OLD.status IN ('solved', 'closed')) IS DISTINCT FROM (NEW.status IN ('solved', 'closed'))
        OR OLD.sla_due_at IS DISTINCT FROM NEW.sla_due_at
        OR OLD.priority IS DISTINCT FROM NEW.priority)
    EXECUTE FUNCTION case_tags_follow();
