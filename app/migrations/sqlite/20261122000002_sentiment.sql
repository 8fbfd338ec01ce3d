-- Sentiment: each customer message keeps its VADER scores; each case its rolling
-- score (in `sentiment`), its trend and whether the negative alert condition holds.
ALTER TABLE timeline_entries ADD COLUMN sentiment_compound REAL;
ALTER TABLE timeline_entries ADD COLUMN sentiment_pos REAL;
ALTER TABLE timeline_entries ADD COLUMN sentiment_neu REAL;
ALTER TABLE timeline_entries ADD COLUMN sentiment_neg REAL;
ALTER TABLE cases ADD COLUMN sentiment_trend TEXT;
ALTER TABLE cases ADD COLUMN sentiment_negative BOOLEAN NOT NULL DEFAULT FALSE;
