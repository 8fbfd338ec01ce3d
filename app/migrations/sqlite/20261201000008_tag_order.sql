-- A tag filter's listing walks the tag's rows in the listing's own order and
-- stops at its limit, like every other view: each tag row also carries its
-- case's sort keys (due time, priority, creation), and the open rows of one
-- tag in one queue are indexed in each sort's order. The triggers that keep
-- queue and open state now keep the sort keys too.
ALTER TABLE case_tags ADD COLUMN due_key INTEGER NOT NULL DEFAULT 9223372036854775807;
ALTER TABLE case_tags ADD COLUMN priority TEXT NOT NULL DEFAULT '';
ALTER TABLE case_tags ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
UPDATE case_tags SET (due_key, priority, created_at) = (
    SELECT COALESCE(c.sla_due_at, 9223372036854775807), c.priority, c.created_at
    FROM cases c WHERE c.id = case_tags.case_id);

DROP INDEX case_tags_open_by_tag_queue;
CREATE INDEX case_tags_open_by_due ON case_tags (tag, queue_id, due_key, case_id) WHERE case_open;
CREATE INDEX case_tags_open_by_priority ON case_tags (tag, queue_id, priority, due_key, case_id)
    WHERE case_open;
CREATE INDEX case_tags_open_by_created ON case_tags (tag, queue_id, created_at, case_id) WHERE case_open;

DROP TRIGGER case_tags_fill;
CREATE TRIGGER case_tags_fill AFTER INSERT ON case_tags
BEGIN
    UPDATE case_tags SET (queue_id, case_open, due_key, priority, created_at) = (
        SELECT c.queue_id, c.status NOT IN ('solved', 'closed'),
            COALESCE(c.sla_due_at, 9223372036854775807), c.priority, c.created_at
        FROM cases c WHERE c.id = NEW.case_id)
    WHERE case_id = NEW.case_id AND tag = NEW.tag;
END;

DROP TRIGGER case_tags_follow;
CREATE TRIGGER case_tags_follow AFTER UPDATE OF queue_id, status, sla_due_at, priority ON cases
    WHEN OLD.queue_id <> NEW.queue_id
        OR (OLD.status IN ('solved', 'closed')) <> (NEW.status IN ('solved', 'closed'))
        OR OLD.sla_due_at IS NOT NEW.sla_due_at
        OR OLD.priority <> NEW.priority
BEGIN
    UPDATE case_tags SET queue_id = NEW.queue_id, case_open = NEW.status NOT IN ('solved', 'closed'),
        due_key = COALESCE(NEW.sla_due_at, 9223372036854775807), priority = NEW.priority
    WHERE case_id = NEW.id;
END;
