-- Global search: GIN indexes over the words of case subjects, timeline text and
-- customers, and confirmation-number prefixes through a pattern index. Words
-- are runs of letters and digits (everything else becomes a space first), in the
-- `simple` configuration: the same words SQLite's FTS5 `unicode61` finds. The
-- queries repeat these expressions exactly, so the planner uses the indexes.

CREATE INDEX timeline_entries_words ON timeline_entries USING GIN
    (to_tsvector('simple', regexp_replace(body, '[^[:alnum:]]+', ' ', 'g')));
CREATE INDEX cases_subject_words ON cases USING GIN
    (to_tsvector('simple', regexp_replace(subject, '[^[:alnum:]]+', ' ', 'g')));
CREATE INDEX customers_words ON customers USING GIN
    (to_tsvector('simple', regexp_replace(
        name || ' ' || COALESCE(email, '') || ' ' || COALESCE(phone, '') || ' '
        || regexp_replace(COALESCE(phone, ''), '[^0-9]+', '', 'g'),
        '[^[:alnum:]]+', ' ', 'g')));
CREATE INDEX bookings_confirmation_prefix ON bookings (confirmation text_pattern_ops);
