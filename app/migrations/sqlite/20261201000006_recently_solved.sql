-- "Recently solved" lists the newest solved first: the listing of every queue
-- walks this index down from the top and stops at its limit (one queue's
-- walks `cases_done_by_queue_updated`). The id breaks ties in the same order.
DROP INDEX cases_done_by_updated;
CREATE INDEX cases_done_by_updated ON cases (updated_at, id)
    WHERE status IN ('solved', 'closed');
