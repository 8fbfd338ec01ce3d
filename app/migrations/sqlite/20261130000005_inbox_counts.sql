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
    queue_id INTEGER NOT NULL,
    assignee_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (queue_id, assignee_id)
);
INSERT INTO open_counts (queue_id, assignee_id, n)
SELECT queue_id, COALESCE(assignee_id, 0), COUNT(*) FROM cases
WHERE status NOT IN ('solved', 'closed') GROUP BY queue_id, COALESCE(assignee_id, 0);

CREATE TRIGGER open_counts_insert AFTER INSERT ON cases
WHEN new.status NOT IN ('solved', 'closed') BEGIN
    INSERT INTO open_counts (queue_id, assignee_id, n) VALUES (new.queue_id, COALESCE(new.assignee_id, 0), 1)
    ON CONFLICT (queue_id, assignee_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER open_counts_delete AFTER DELETE ON cases
WHEN old.status NOT IN ('solved', 'closed') BEGIN
    UPDATE open_counts SET n = n - 1 WHERE queue_id = old.queue_id AND assignee_id = COALESCE(old.assignee_id, 0);
END;
CREATE TRIGGER open_counts_update AFTER UPDATE OF status, queue_id, assignee_id ON cases
WHEN (old.status NOT IN ('solved', 'closed')) <> (new.status NOT IN ('solved', 'closed'))
  OR old.queue_id <> new.queue_id OR old.assignee_id IS NOT new.assignee_id BEGIN
    UPDATE open_counts SET n = n - 1
    WHERE old.status NOT IN ('solved', 'closed') AND queue_id = old.queue_id AND assignee_id = COALESCE(old.assignee_id, 0);
    INSERT INTO open_counts (queue_id, assignee_id, n)
    SELECT new.queue_id, COALESCE(new.assignee_id, 0), 1 WHERE new.status NOT IN ('solved', 'closed')
    ON CONFLICT (queue_id, assignee_id) DO UPDATE SET n = n + 1;
END;
