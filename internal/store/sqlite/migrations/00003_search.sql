-- +goose Up
-- Thai has no spaces between words, so no tokenizer of SQLite can split it: the application
-- stores the text already split into search terms (internal/thai IndexText of description,
-- address and receipt number), and FTS5 indexes those space-separated terms. Combining
-- marks (M*) count as letters so that Thai vowels and tone marks stay inside their words.
ALTER TABLE cases ADD COLUMN search_text TEXT;
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
-- Duplicate detection looks for open cases of a few categories inside a small box.
CREATE INDEX cases_open_by_place ON cases (category_code, lat, lon)
  WHERE status NOT IN ('completed', 'terminated') AND lat IS NOT NULL;
CREATE INDEX cases_open_by_citizen ON cases (citizen_id)
  WHERE status NOT IN ('completed', 'terminated') AND citizen_id IS NOT NULL;
-- A case linked as a duplicate of another: its citizen follows the original. Undoing the
-- link sets unlinked_at; the row stays as the record of what was done.
CREATE TABLE case_links (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  original_id  INTEGER NOT NULL REFERENCES cases(id),
  linked_by    INTEGER REFERENCES users(id),
  linked_at    TEXT NOT NULL,
  unlinked_by  INTEGER REFERENCES users(id),
  unlinked_at  TEXT
);
CREATE UNIQUE INDEX case_links_active ON case_links (case_id) WHERE unlinked_at IS NULL;
CREATE INDEX case_links_by_original ON case_links (original_id);
CREATE INDEX case_links_by_time ON case_links (linked_at);
-- Learned models (the category suggester), by name; only the latest is kept.
CREATE TABLE models (
  name       TEXT PRIMARY KEY,
  data       BLOB NOT NULL,
  trained_at TEXT NOT NULL,
  info       TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE models;
DROP TABLE case_links;
DROP INDEX cases_open_by_citizen;
DROP INDEX cases_open_by_place;
DROP TRIGGER cases_fts_update;
DROP TRIGGER cases_fts_insert;
DROP TABLE cases_fts;
ALTER TABLE cases DROP COLUMN search_text;
