-- Sentiment: each customer message keeps its VADER scores; each case its rolling
-- score (in `sentiment`), its trend and whether the negative alert condition holds.
ALTER TABLE timeline_entries ADD COLUMN sentiment_compound DOUBLE PRECISION;
ALTER TABLE timeline_entries ADD COLUMN sentiment_pos DOUBLE PRECISION;
ALTER TABLE timeline_entries ADD COLUMN sentiment_neu DOUBLE PRECISION;
ALTER TABLE timeline_entries ADD COLUMN sentiment_neg DOUBLE PRECISION;
ALTER TABLE cases ADD COLUMN sentiment_trend TEXT;
ALTER TABLE cases ADD COLUMN sentiment_negative BOOLEAN NOT NULL DEFAULT FALSE;
