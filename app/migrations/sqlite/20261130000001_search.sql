-- Global search: full-text indexes over case subjects, timeline text and
-- customers, kept by triggers, and confirmation-number prefixes through the
-- bookings' unique index (GLOB uses it; it is case-sensitive like the index).
-- Words are runs of letters and digits, lower-cased, accents kept: the same
-- words PostgreSQL's `simple` configuration finds in the same text.

CREATE VIRTUAL TABLE entries_fts USING fts5(
    body, content = 'timeline_entries', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
);
CREATE TRIGGER entries_fts_insert AFTER INSERT ON timeline_entries BEGIN
    INSERT INTO entries_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER entries_fts_delete AFTER DELETE ON timeline_entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE OF body ON timeline_entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO entries_fts (rowid, body) VALUES (new.id, new.body);
END;
INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE cases_fts USING fts5(
    subject, content = 'cases', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
);
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
    INSERT INTO cases_fts (rowid, subject) VALUES (new.id, new.subject);
END;
CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
END;
CREATE TRIGGER cases_fts_update AFTER UPDATE OF subject ON cases BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
    INSERT INTO cases_fts (rowid, subject) VALUES (new.id, new.subject);
END;
INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');

-- Customers: name, email, phone, and the phone's digits run together (so
-- "447700900123" finds "+44 7700 900123"). A table of its own: the digits are
-- not a column of `customers`.
CREATE VIRTUAL TABLE customers_fts USING fts5(
    name, email, phone, digits,
    tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
);
CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_fts (rowid, name, email, phone, digits) VALUES (
        new.id, new.name, COALESCE(new.email, ''), COALESCE(new.phone, ''),
        replace(replace(replace(replace(replace(replace(COALESCE(new.phone, ''), ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '.', ''));
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    DELETE FROM customers_fts WHERE rowid = old.id;
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF name, email, phone ON customers BEGIN
    DELETE FROM customers_fts WHERE rowid = old.id;
    INSERT INTO customers_fts (rowid, name, email, phone, digits) VALUES (
        new.id, new.name, COALESCE(new.email, ''), COALESCE(new.phone, ''),
        replace(replace(replace(replace(replace(replace(COALESCE(new.phone, ''), ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '.', ''));
END;
INSERT INTO customers_fts (rowid, name, email, phone, digits)
SELECT id, name, COALESCE(email, ''), COALESCE(phone, ''),
       replace(replace(replace(replace(replace(replace(COALESCE(phone, ''), ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '.', '')
FROM customers;
