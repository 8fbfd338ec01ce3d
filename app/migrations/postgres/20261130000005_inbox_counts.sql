-- The inbox at a million cases: listings walk an index in the order they show
-- (so LIMIT stops early instead of sorting every open case), and counts per
-- view come from counters kept by triggers instead of grouping every open case.

-- Replaced by cases_open_by_due: one index less to keep on every reply.
DROP INDEX cases_open_by_sla;

-- A missing due time sorts last: the largest BIGINT stands in for it.
CREATE INDEX cases_open_by_due ON cases (COALESCE(sla_due_at, 9223372036854775807), id)
    WHERE status NOT IN ('solved', 'closed');
CREATE INDEX cases_open_by_priority_due ON cases (priority, COALESCE(sla_due_at, 9223372036854775807), id)
    WHERE status NOT IN ('solved', 'closed');
CREATE INDEX cases_open_by_assignee_due ON cases (assignee_id, COALESCE(sla_due_at, 9223372036854775807), id)
    WHERE status NOT IN ('solved', 'closed');
CREATE INDEX cases_open_by_queue_due ON cases (queue_id, COALESCE(sla_due_at, 9223372036854775807), id)
    WHERE status NOT IN ('solved', 'closed');
CREATE INDEX cases_done_by_due ON cases (COALESCE(sla_due_at, 9223372036854775807), id)
    WHERE status IN ('solved', 'closed');
CREATE INDEX cases_done_by_queue_updated ON cases (queue_id, updated_at)
    WHERE status IN ('solved', 'closed');
-- An agent's listing walks each of their queues in order (see `list_inbox`).
CREATE INDEX cases_open_by_queue_priority_due ON cases (queue_id, priority, COALESCE(sla_due_at, 9223372036854775807), id)
    WHERE status NOT IN ('solved', 'closed');
CREATE INDEX cases_open_by_queue_created ON cases (queue_id, created_at, id)
    WHERE status NOT IN ('solved', 'closed');
CREATE INDEX cases_done_by_queue_due ON cases (queue_id, COALESCE(sla_due_at, 9223372036854775807), id)
    WHERE status IN ('solved', 'closed');

-- Open cases per queue and assignee (0: unassigned).
CREATE TABLE open_counts (
    queue_id BIGINT NOT NULL,
    assignee_id BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (queue_id, assignee_id)
);
INSERT INTO open_counts (queue_id, assignee_id, n)
SELECT queue_id, COALESCE(assignee_id, 0), COUNT(*) FROM cases
WHERE status NOT IN ('solved', 'closed') GROUP BY queue_id, COALESCE(assignee_id, 0);

-- One row out, one row in; the two rows are touched in key order, so two
-- transactions moving cases between the same two rows never deadlock.
CREATE FUNCTION open_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_open BOOLEAN := TG_OP <> 'INSERT' AND OLD.status NOT IN ('solved', 'closed');
    is_open BOOLEAN := TG_OP <> 'DELETE' AND NEW.status NOT IN ('solved', 'closed');
    old_key BIGINT[];
    new_key BIGINT[];
BEGIN
    IF was_open THEN
        old_key := ARRAY[OLD.queue_id, COALESCE(OLD.assignee_id, 0)];
    END IF;
    IF is_open THEN
        new_key := ARRAY[NEW.queue_id, COALESCE(NEW.assignee_id, 0)];
    END IF;
    IF was_open AND is_open AND old_key = new_key THEN
        RETURN NULL;
    END IF;
    IF was_open AND (NOT is_open OR old_key < new_key) THEN
        UPDATE open_counts SET n = n - 1 WHERE queue_id = old_key[1] AND assignee_id = old_key[2];
        was_open := FALSE;
    END IF;
    IF is_open THEN
        INSERT INTO open_counts (queue_id, assignee_id, n) VALUES (new_key[1], new_key[2], 1)
        ON CONFLICT (queue_id, assignee_id) DO UPDATE SET n = open_counts.n + 1;
    END IF;
    IF was_open THEN
        UPDATE open_counts SET n = n - 1 WHERE queue_id = old_key[1] AND assignee_id = old_key[2];
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER open_counts_on_insert AFTER INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION open_counts_track();
CREATE TRIGGER open_counts_on_delete AFTER DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION open_counts_track();
CREATE TRIGGER open_counts_on_update AFTER UPDATE OF status, queue_id, assignee_id ON cases
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.queue_id IS DISTINCT FROM NEW.queue_id
        OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id)
    EXECUTE FUNCTION open_counts_track();
