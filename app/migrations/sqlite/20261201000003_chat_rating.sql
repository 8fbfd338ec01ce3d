-- The customer's rating of a solved chat: when it was given and what they
-- wrote beside the score (`csat`). One rating per case.
ALTER TABLE cases ADD COLUMN csat_comment TEXT;
ALTER TABLE cases ADD COLUMN csat_at BIGINT;

-- A waiting visitor's expected wait averages their queue's latest first
-- responses: found newest first through this index, never by scanning clocks.
CREATE INDEX sla_clocks_first_met ON sla_clocks (met_at)
    WHERE kind = 'first_response' AND met_at IS NOT NULL;
