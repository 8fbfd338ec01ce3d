-- The supervisor's metrics read an hourly rollup instead of every case of the
-- range; reports are aligned to whole UTC hours, so sums of rows are exact.
--
--   report_cases     one row of figures per case (the view report_case_facts)
--   report_hours     sums and counts per hour of creation, queue and channel
--   report_sla       ended SLA targets, and those met in time, per priority too
--   report_breaches  breaches per priority and assignee (0: none) at the time
--
-- Any write that changes a case's figures marks the case stale (triggers
-- below, in the writer's transaction). A refresh takes marks, recomputes
-- those cases' rows from the view, then the hours they fall in from
-- report_cases; a report refreshes the marks of its range first, the
-- scheduler the rest.
-- On PostgreSQL the marks are made by constraint triggers deferred to
-- commit, with an upsert that locks the mark: a refresh that takes a mark waits
-- for the writer holding it, so it sees that write or the mark survives; the
-- lock is held only for the commit itself.
CREATE TABLE report_stale (
    case_id BIGINT PRIMARY KEY,
    hour BIGINT NOT NULL,
    n BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX report_stale_by_hour ON report_stale (hour);

CREATE TABLE report_cases (
    case_id BIGINT PRIMARY KEY,
    hour BIGINT NOT NULL,
    queue_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    first_response BIGINT,
    resolution BIGINT,
    handle BIGINT,
    csat BIGINT,
    one_reply BIGINT NOT NULL,
    escalated BIGINT NOT NULL,
    triage_kept BIGINT NOT NULL,
    triage_n BIGINT NOT NULL,
    handed_off BIGINT NOT NULL,
    sla_within BIGINT NOT NULL,
    sla_ended BIGINT NOT NULL
);
CREATE INDEX report_cases_by_hour ON report_cases (hour);

CREATE TABLE report_case_breaches (
    case_id BIGINT NOT NULL,
    hour BIGINT NOT NULL,
    queue_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    assignee_id BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (case_id, priority, assignee_id)
);
CREATE INDEX report_case_breaches_by_hour ON report_case_breaches (hour);

CREATE TABLE report_hours (
    hour BIGINT NOT NULL,
    queue_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    volume BIGINT NOT NULL,
    first_response_sum BIGINT NOT NULL,
    first_response_n BIGINT NOT NULL,
    resolution_sum BIGINT NOT NULL,
    resolution_n BIGINT NOT NULL,
    handle_sum BIGINT NOT NULL,
    handle_n BIGINT NOT NULL,
    csat_sum BIGINT NOT NULL,
    csat_n BIGINT NOT NULL,
    one_reply BIGINT NOT NULL,
    escalated BIGINT NOT NULL,
    triage_kept BIGINT NOT NULL,
    triage_n BIGINT NOT NULL,
    handed_off BIGINT NOT NULL,
    PRIMARY KEY (hour, queue_id, channel)
);

CREATE TABLE report_sla (
    hour BIGINT NOT NULL,
    queue_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    within BIGINT NOT NULL,
    ended BIGINT NOT NULL,
    PRIMARY KEY (hour, queue_id, channel, priority)
);

CREATE TABLE report_breaches (
    hour BIGINT NOT NULL,
    queue_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    assignee_id BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (hour, queue_id, channel, priority, assignee_id)
);

CREATE INDEX visitor_handoffs_by_case ON visitor_handoffs (case_id);

CREATE VIEW report_case_facts AS
SELECT c.id AS case_id, c.created_at / 3600000 AS hour, c.queue_id, c.channel, c.priority,
    f.met_at - c.created_at AS first_response,
    r.met_at - c.created_at AS resolution,
    r.met_at - f.met_at AS handle,
    c.csat,
    CASE WHEN r.met_at IS NOT NULL AND (SELECT COUNT(*) FROM timeline_entries e
        WHERE e.case_id = c.id AND e.kind = 'agent_reply') = 1 THEN 1 ELSE 0 END AS one_reply,
    CASE WHEN EXISTS (SELECT 1 FROM case_escalations x WHERE x.case_id = c.id) THEN 1 ELSE 0 END AS escalated,
    CASE WHEN t.ruled AND NOT t.corrected THEN 1 ELSE 0 END AS triage_kept,
    CASE WHEN t.ruled THEN 1 ELSE 0 END AS triage_n,
    CASE WHEN EXISTS (SELECT 1 FROM visitor_handoffs h WHERE h.case_id = c.id) THEN 1 ELSE 0 END AS handed_off,
    (SELECT COUNT(*) FROM sla_clocks k WHERE k.case_id = c.id AND k.met_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM sla_breaches b WHERE b.case_id = k.case_id AND b.kind = k.kind)) AS sla_within,
    (SELECT COUNT(*) FROM sla_clocks k WHERE k.case_id = c.id AND (k.met_at IS NOT NULL
        OR EXISTS (SELECT 1 FROM sla_breaches b WHERE b.case_id = k.case_id AND b.kind = k.kind))) AS sla_ended
FROM cases c
LEFT JOIN sla_clocks f ON f.case_id = c.id AND f.kind = 'first_response'
LEFT JOIN sla_clocks r ON r.case_id = c.id AND r.kind = 'resolution'
LEFT JOIN case_triage t ON t.case_id = c.id;

-- Every case already there is stale: the first refreshes compute it.
INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases;

CREATE FUNCTION report_mark(case_id BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO report_stale (case_id, hour)
    SELECT c.id, c.created_at / 3600000 FROM cases c WHERE c.id = report_mark.case_id
    ON CONFLICT (case_id) DO UPDATE SET n = report_stale.n + 1;
$$;

-- A case's own columns: the case is OLD (deleted) or NEW.
CREATE FUNCTION report_stale_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO report_stale (case_id, hour) VALUES (OLD.id, OLD.created_at / 3600000)
        ON CONFLICT (case_id) DO UPDATE SET n = report_stale.n + 1;
    ELSE
        PERFORM report_mark(NEW.id);
    END IF;
    RETURN NULL;
END
$$;

-- A row that belongs to a case: its case before and after (a merge moves replies).
CREATE FUNCTION report_stale_child() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM report_mark(OLD.case_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR OLD.case_id IS DISTINCT FROM NEW.case_id) THEN
        PERFORM report_mark(NEW.case_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER report_cases_insert AFTER INSERT ON cases
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION report_stale_case();
CREATE CONSTRAINT TRIGGER report_cases_update AFTER UPDATE OF queue_id, channel, priority, csat ON cases
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.queue_id IS DISTINCT FROM NEW.queue_id OR OLD.channel IS DISTINCT FROM NEW.channel
        OR OLD.priority IS DISTINCT FROM NEW.priority OR OLD.csat IS DISTINCT FROM NEW.csat)
    EXECUTE FUNCTION report_stale_case();
-- A deleted case (or a row deleted with it) is marked at once: by commit it is gone.
CREATE TRIGGER report_cases_delete AFTER DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION report_stale_case();
CREATE CONSTRAINT TRIGGER report_sla_clocks_insert AFTER INSERT ON sla_clocks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION report_stale_child();
CREATE CONSTRAINT TRIGGER report_sla_clocks_update AFTER UPDATE OF met_at ON sla_clocks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.met_at IS DISTINCT FROM NEW.met_at)
    EXECUTE FUNCTION report_stale_child();
CREATE TRIGGER report_sla_clocks_delete AFTER DELETE ON sla_clocks
    FOR EACH ROW
    EXECUTE FUNCTION report_stale_child();
CREATE CONSTRAINT TRIGGER report_sla_breaches_insert AFTER INSERT ON sla_breaches
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION report_stale_child();
CREATE TRIGGER report_sla_breaches_delete AFTER DELETE ON sla_breaches
    FOR EACH ROW
    EXECUTE FUNCTION report_stale_child();
CREATE CONSTRAINT TRIGGER report_case_escalations_insert AFTER INSERT ON case_escalations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION report_stale_child();
CREATE TRIGGER report_case_escalations_delete AFTER DELETE ON case_escalations
    FOR EACH ROW
    EXECUTE FUNCTION report_stale_child();
CREATE CONSTRAINT TRIGGER report_case_triage_insert AFTER INSERT ON case_triage
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION report_stale_child();
CREATE CONSTRAINT TRIGGER report_case_triage_update AFTER UPDATE OF ruled, corrected ON case_triage
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.ruled IS DISTINCT FROM NEW.ruled OR OLD.corrected IS DISTINCT FROM NEW.corrected)
    EXECUTE FUNCTION report_stale_child();
CREATE TRIGGER report_case_triage_delete AFTER DELETE ON case_triage
    FOR EACH ROW
    EXECUTE FUNCTION report_stale_child();
CREATE CONSTRAINT TRIGGER report_timeline_entries_insert AFTER INSERT ON timeline_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.kind = 'agent_reply')
    EXECUTE FUNCTION report_stale_child();
CREATE CONSTRAINT TRIGGER report_timeline_entries_update AFTER UPDATE OF case_id ON timeline_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id AND NEW.kind = 'agent_reply')
    EXECUTE FUNCTION report_stale_child();
CREATE TRIGGER report_timeline_entries_delete AFTER DELETE ON timeline_entries
    FOR EACH ROW
    WHEN (OLD.kind = 'agent_reply')
    EXECUTE FUNCTION report_stale_child();
CREATE CONSTRAINT TRIGGER report_visitor_handoffs_insert AFTER INSERT ON visitor_handoffs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION report_stale_child();
CREATE TRIGGER report_visitor_handoffs_delete AFTER DELETE ON visitor_handoffs
    FOR EACH ROW
    EXECUTE FUNCTION report_stale_child();
