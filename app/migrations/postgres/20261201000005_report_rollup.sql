-- The supervisor's metrics read an hourly rollup instead of every case of the
-- range. A row sums the cases created in one UTC hour, of one queue and one
-- channel; reports are aligned to whole hours, so sums of rows are exact.
--
-- Any write that changes a case's figures marks the hour the case was created
-- in as stale (triggers below, in the writer's transaction); a report first
-- recomputes the stale hours of its range, and the scheduler the rest. An
-- hour is marked under one of 8 shards (case id modulo 8), so writers of the
-- same hour rarely wait for one another. On PostgreSQL the marks are made by
-- constraint triggers deferred to commit: the upsert's row lock, which makes a
-- refresh wait for a writer it must see, is held only for the commit itself.
CREATE TABLE report_stale (
    hour BIGINT NOT NULL,
    shard BIGINT NOT NULL,
    n BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (hour, shard)
);
INSERT INTO report_stale (hour, shard)
SELECT DISTINCT created_at / 3600000, 0 FROM cases;

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

-- SLA targets that ended (met, or breached in any round) by the case's priority.
CREATE TABLE report_sla (
    hour BIGINT NOT NULL,
    queue_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    within BIGINT NOT NULL,
    ended BIGINT NOT NULL,
    PRIMARY KEY (hour, queue_id, channel, priority)
);

-- Breaches by the priority and assignee (0: none) they happened at.
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

CREATE FUNCTION report_mark(case_id BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO report_stale (hour, shard)
    SELECT c.created_at / 3600000, c.id % 8 FROM cases c WHERE c.id = report_mark.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = report_stale.n + 1;
$$;

-- A case's own columns: the case is OLD (deleted) or NEW.
CREATE FUNCTION report_stale_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO report_stale (hour, shard) VALUES (OLD.created_at / 3600000, OLD.id % 8)
        ON CONFLICT (hour, shard) DO UPDATE SET n = report_stale.n + 1;
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
    IF TG_OP <> 'DELETE' THEN
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
