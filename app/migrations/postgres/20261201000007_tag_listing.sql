-- A tag filter's listing: each tag row carries its case's queue and whether
-- the case is open, so the open cases of one queue with one tag are a range
-- of `case_tags_open_by_tag_queue`. A listing counts that range first: few
-- cases are read from the tag, many by walking the listing's own index (which
-- then meets them often). Triggers keep the two columns equal to the case's.
ALTER TABLE case_tags ADD COLUMN queue_id BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN case_open BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE case_tags t SET queue_id = c.queue_id, case_open = c.status NOT IN ('solved', 'closed')
FROM cases c WHERE c.id = t.case_id;
CREATE INDEX case_tags_open_by_tag_queue ON case_tags (tag, queue_id) WHERE case_open;

-- `FOR SHARE` waits for a transaction changing the case and then reads what it
-- committed; a change after this one waits for this insert's commit, and its
-- trigger then sees the new row.
CREATE FUNCTION case_tags_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT c.queue_id, c.status NOT IN ('solved', 'closed') INTO NEW.queue_id, NEW.case_open
    FROM cases c WHERE c.id = NEW.case_id FOR SHARE;
    RETURN NEW;
END
$$;
CREATE TRIGGER case_tags_fill BEFORE INSERT ON case_tags
    FOR EACH ROW EXECUTE FUNCTION case_tags_fill();

CREATE FUNCTION case_tags_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE case_tags SET queue_id = NEW.queue_id, case_open = NEW.status NOT IN ('solved', 'closed')
    WHERE case_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER case_tags_follow AFTER UPDATE OF queue_id, status ON cases
    FOR EACH ROW
    WHEN (OLD.queue_id IS DISTINCT FROM NEW.queue_id
        OR (OLD.status IN ('solved', 'closed')) IS DISTINCT FROM (NEW.status IN ('solved', 'closed')))
    EXECUTE FUNCTION case_tags_follow();
