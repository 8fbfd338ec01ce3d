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
-- (SQLite has one writer at a time: a refresh never runs beside a write.)
CREATE TABLE report_stale (
    case_id INTEGER PRIMARY KEY,
    hour INTEGER NOT NULL,
    n INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX report_stale_by_hour ON report_stale (hour);

CREATE TABLE report_cases (
    case_id INTEGER PRIMARY KEY,
    hour INTEGER NOT NULL,
    queue_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    first_response INTEGER,
    resolution INTEGER,
    handle INTEGER,
    csat INTEGER,
    one_reply INTEGER NOT NULL,
    escalated INTEGER NOT NULL,
    triage_kept INTEGER NOT NULL,
    triage_n INTEGER NOT NULL,
    handed_off INTEGER NOT NULL,
    sla_within INTEGER NOT NULL,
    sla_ended INTEGER NOT NULL
);
CREATE INDEX report_cases_by_hour ON report_cases (hour);

CREATE TABLE report_case_breaches (
    case_id INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    queue_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    assignee_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (case_id, priority, assignee_id)
);
CREATE INDEX report_case_breaches_by_hour ON report_case_breaches (hour);

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

CREATE TABLE report_sla (
    hour INTEGER NOT NULL,
    queue_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    within INTEGER NOT NULL,
    ended INTEGER NOT NULL,
    PRIMARY KEY (hour, queue_id, channel, priority)
);

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

CREATE TRIGGER report_cases_insert AFTER INSERT ON cases BEGIN
    INSERT INTO report_stale (case_id, hour) VALUES (new.id, new.created_at / 3600000)
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_cases_update AFTER UPDATE OF queue_id, channel, priority, csat ON cases
WHEN old.queue_id IS NOT new.queue_id OR old.channel IS NOT new.channel
  OR old.priority IS NOT new.priority OR old.csat IS NOT new.csat BEGIN
    INSERT INTO report_stale (case_id, hour) VALUES (new.id, new.created_at / 3600000)
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_cases_delete AFTER DELETE ON cases BEGIN
    INSERT INTO report_stale (case_id, hour) VALUES (old.id, old.created_at / 3600000)
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_sla_clocks_insert AFTER INSERT ON sla_clocks BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = new.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_sla_clocks_update AFTER UPDATE OF met_at ON sla_clocks
WHEN old.met_at IS NOT new.met_at BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = new.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_sla_clocks_delete AFTER DELETE ON sla_clocks BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = old.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_sla_breaches_insert AFTER INSERT ON sla_breaches BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = new.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_sla_breaches_delete AFTER DELETE ON sla_breaches BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = old.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_case_escalations_insert AFTER INSERT ON case_escalations BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = new.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_case_escalations_delete AFTER DELETE ON case_escalations BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = old.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_case_triage_insert AFTER INSERT ON case_triage BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = new.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_case_triage_update AFTER UPDATE OF ruled, corrected ON case_triage
WHEN old.ruled IS NOT new.ruled OR old.corrected IS NOT new.corrected BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = new.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_case_triage_delete AFTER DELETE ON case_triage BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = old.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_timeline_entries_insert AFTER INSERT ON timeline_entries
WHEN new.kind = 'agent_reply' BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = new.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_timeline_entries_update AFTER UPDATE OF case_id ON timeline_entries
WHEN old.case_id IS NOT new.case_id AND new.kind = 'agent_reply' BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = old.case_id
    ON CONFLICT (case_id) DO NOTHING;
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = new.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_timeline_entries_delete AFTER DELETE ON timeline_entries
WHEN old.kind = 'agent_reply' BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = old.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_visitor_handoffs_insert AFTER INSERT ON visitor_handoffs BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = new.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
CREATE TRIGGER report_visitor_handoffs_delete AFTER DELETE ON visitor_handoffs BEGIN
    INSERT INTO report_stale (case_id, hour) SELECT id, created_at / 3600000 FROM cases WHERE id = old.case_id
    ON CONFLICT (case_id) DO NOTHING;
END;
