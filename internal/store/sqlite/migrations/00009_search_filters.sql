-- +goose Up
-- The search index also holds the unit, district and category of every case, so that a
-- search restricted to one of them (the unit's own cases, which is what district staff
-- see) finds its newest matches in the index instead of reading every match of the words
-- and throwing away the other units' (internal/store/sqlstore/search.go).
DROP TRIGGER cases_fts_update;
DROP TRIGGER cases_fts_insert;
DROP TABLE cases_fts;
-- Contentless (the terms live in cases.search_text): its columns are named apart from the
-- table's, so that the filters of a search name the table's columns without ambiguity.
CREATE VIRTUAL TABLE cases_fts USING fts5(terms, unit, district, category,
  content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'");
-- +goose StatementBegin
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
  INSERT INTO cases_fts (rowid, terms, unit, district, category)
    VALUES (new.id, new.search_text, new.unit_code, new.district_code, new.category_code);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER cases_fts_update AFTER UPDATE OF search_text, unit_code, district_code, category_code ON cases BEGIN
  DELETE FROM cases_fts WHERE rowid = old.id;
  INSERT INTO cases_fts (rowid, terms, unit, district, category)
    VALUES (new.id, new.search_text, new.unit_code, new.district_code, new.category_code);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
  DELETE FROM cases_fts WHERE rowid = old.id;
END;
-- +goose StatementEnd
INSERT INTO cases_fts (rowid, terms, unit, district, category)
  SELECT id, search_text, unit_code, district_code, category_code FROM cases;

-- +goose Down
DROP TRIGGER cases_fts_delete;
DROP TRIGGER cases_fts_update;
DROP TRIGGER cases_fts_insert;
DROP TABLE cases_fts;
CREATE VIRTUAL TABLE cases_fts USING fts5(search_text, content='cases', content_rowid='id',
  tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'");
-- +goose StatementBegin
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases WHEN new.search_text IS NOT NULL BEGIN
  INSERT INTO cases_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER cases_fts_update AFTER UPDATE OF search_text ON cases BEGIN
  INSERT INTO cases_fts (cases_fts, rowid, search_text) SELECT 'delete', old.id, old.search_text WHERE old.search_text IS NOT NULL;
  INSERT INTO cases_fts (rowid, search_text) SELECT new.id, new.search_text WHERE new.search_text IS NOT NULL;
END;
-- +goose StatementEnd
INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');
