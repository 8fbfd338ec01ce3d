-- The supervisor's metrics read an hourly rollup instead of every case of the
-- range. A row sums the cases created in one UTC hour, of one queue and one
-- channel; reports are aligned to whole hours, so sums of rows are exact.
--
-- Any write that changes a case's figures marks the hour the case was created
-- in as stale (triggers below, in the writer's transaction); a report first
-- recomputes the stale hours of its range, and the scheduler the rest. An
-- hour is marked under one of 8 shards (case id modulo 8), so writers of the
-- same hour rarely wait for one another on PostgreSQL.
CREATE TABLE report_stale (
    hour INTEGER NOT NULL,
    shard INTEGER NOT NULL,
    n INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (hour, shard)
);
INSERT INTO report_stale (hour, shard)
SELECT DISTINCT created_at / 3600000, 0 FROM cases;

CREATE TABLE report_hours (
    hour INTEGER NOT NULL,
    queue_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    volume INTEGER NOT NULL,
    first_response_sum INTEGER NOT NULL,
    first_response_n INTEGER NOT NULL,
    resolution_sum INTEGER NOT NULL,
    resolution_n INTEGER NOT NULL,
    handle_sum INTEGER NOT NULL,
    handle_n INTEGER NOT NULL,
    csat_sum INTEGER NOT NULL,
    csat_n INTEGER NOT NULL,
    one_reply INTEGER NOT NULL,
    escalated INTEGER NOT NULL,
    triage_kept INTEGER NOT NULL,
    triage_n INTEGER NOT NULL,
    handed_off INTEGER NOT NULL,
    PRIMARY KEY (hour, queue_id, channel)
);

-- SLA targets that ended (met, or breached in any round) by the case's priority.
CREATE TABLE report_sla (
    hour INTEGER NOT NULL,
    queue_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    within INTEGER NOT NULL,
    ended INTEGER NOT NULL,
    PRIMARY KEY (hour, queue_id, channel, priority)
);

-- Breaches by the priority and assignee (0: none) they happened at.
CREATE TABLE report_breaches (
    hour INTEGER NOT NULL,
    queue_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    assignee_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (hour, queue_id, channel, priority, assignee_id)
);

CREATE INDEX visitor_handoffs_by_case ON visitor_handoffs (case_id);

CREATE TRIGGER report_cases_insert AFTER INSERT ON cases BEGIN
    INSERT INTO report_stale (hour, shard) VALUES (new.created_at / 3600000, new.id % 8)
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_cases_update AFTER UPDATE OF queue_id, channel, priority, csat ON cases
WHEN old.queue_id IS NOT new.queue_id OR old.channel IS NOT new.channel
  OR old.priority IS NOT new.priority OR old.csat IS NOT new.csat BEGIN
    INSERT INTO report_stale (hour, shard) VALUES (new.created_at / 3600000, new.id % 8)
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_cases_delete AFTER DELETE ON cases BEGIN
    INSERT INTO report_stale (hour, shard) VALUES (old.created_at / 3600000, old.id % 8)
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_sla_clocks_insert AFTER INSERT ON sla_clocks BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = new.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_sla_clocks_update AFTER UPDATE OF met_at ON sla_clocks
WHEN old.met_at IS NOT new.met_at BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = new.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_sla_clocks_delete AFTER DELETE ON sla_clocks BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = old.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_sla_breaches_insert AFTER INSERT ON sla_breaches BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = new.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_sla_breaches_delete AFTER DELETE ON sla_breaches BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = old.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_case_escalations_insert AFTER INSERT ON case_escalations BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = new.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_case_escalations_delete AFTER DELETE ON case_escalations BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = old.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_case_triage_insert AFTER INSERT ON case_triage BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = new.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_case_triage_update AFTER UPDATE OF ruled, corrected ON case_triage
WHEN old.ruled IS NOT new.ruled OR old.corrected IS NOT new.corrected BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = new.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_case_triage_delete AFTER DELETE ON case_triage BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = old.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_timeline_entries_insert AFTER INSERT ON timeline_entries
WHEN new.kind = 'agent_reply' BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = new.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_timeline_entries_update AFTER UPDATE OF case_id ON timeline_entries
WHEN old.case_id IS NOT new.case_id AND new.kind = 'agent_reply' BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = old.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = new.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_timeline_entries_delete AFTER DELETE ON timeline_entries
WHEN old.kind = 'agent_reply' BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = old.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_visitor_handoffs_insert AFTER INSERT ON visitor_handoffs BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = new.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_visitor_handoffs_delete AFTER DELETE ON visitor_handoffs BEGIN
    INSERT INTO report_stale (hour, shard) SELECT created_at / 3600000, id % 8 FROM cases WHERE id = old.case_id
    ON CONFLICT (hour, shard) DO UPDATE SET n = n + 1;
END;
