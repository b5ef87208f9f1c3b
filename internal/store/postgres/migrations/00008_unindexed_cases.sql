-- +goose Up
-- Every start looks for cases still without search terms (written before search existed);
-- this index is empty in normal times, so the look costs nothing instead of a full scan.
CREATE INDEX cases_without_search_text ON cases (id) WHERE search_text IS NULL;

-- +goose Down
DROP INDEX cases_without_search_text;
