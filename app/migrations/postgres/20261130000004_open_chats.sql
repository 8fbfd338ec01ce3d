-- The automation pass looks up the open chats of agents who went away: through
-- this partial index it reads only those, not every case the agent ever had.
CREATE INDEX cases_open_chats_by_assignee ON cases (assignee_id)
    WHERE channel = 'chat' AND status IN ('new', 'open');
