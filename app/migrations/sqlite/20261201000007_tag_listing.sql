-- A tag filter's listing: each tag row carries its case's queue and whether
-- the case is open, so the open cases of one queue with one tag are a range
-- of `case_tags_open_by_tag_queue`. A listing counts that range first: few
-- cases are read from the tag, many by walking the listing's own index (which
-- then meets them often). Triggers keep the two columns equal to the case's.
ALTER TABLE case_tags ADD COLUMN queue_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_tags ADD COLUMN case_open BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE case_tags SET
    queue_id = (SELECT c.queue_id FROM cases c WHERE c.id = case_tags.case_id),
    case_open = (SELECT c.status NOT IN ('solved', 'closed') FROM cases c WHERE c.id = case_tags.case_id);
CREATE INDEX case_tags_open_by_tag_queue ON case_tags (tag, queue_id) WHERE case_open;

CREATE TRIGGER case_tags_fill AFTER INSERT ON case_tags
BEGIN
    UPDATE case_tags SET
        queue_id = (SELECT c.queue_id FROM cases c WHERE c.id = NEW.case_id),
        case_open = (SELECT c.status NOT IN ('solved', 'closed') FROM cases c WHERE c.id = NEW.case_id)
    WHERE case_id = NEW.case_id AND tag = NEW.tag;
END;

CREATE TRIGGER case_tags_follow AFTER UPDATE OF queue_id, status ON cases
    WHEN OLD.queue_id <> NEW.queue_id
        OR (OLD.status IN ('solved', 'closed')) <> (NEW.status IN ('solved', 'closed'))
BEGIN
    UPDATE case_tags SET queue_id = NEW.queue_id, case_open = NEW.status NOT IN ('solved', 'closed')
    WHERE case_id = NEW.id;
END;
