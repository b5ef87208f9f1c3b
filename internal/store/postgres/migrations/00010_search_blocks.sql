-- +goose Up
-- The search index also names, for every case, the block of case IDs it falls in at six
-- sizes (1,024 IDs and each eight times the last), so that a search can ask for the matches
-- among the newest cases first and read from the table only about as many rows as it
-- returns (internal/store/sqlstore/search_window.go). The block terms begin with "~", which
-- the parser never produces from a query's words.
CREATE FUNCTION case_search_vector(tsv tsvector, id bigint) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN tsv || array_to_tsvector(ARRAY['~a' || (id >> 10), '~b' || (id >> 13), '~c' || (id >> 16),
    '~d' || (id >> 19), '~e' || (id >> 22), '~f' || (id >> 25)]);
CREATE INDEX cases_search_blocks ON cases USING gin (case_search_vector(search_tsv, id));
DROP INDEX cases_search;

-- +goose Down
CREATE INDEX cases_search ON cases USING gin (search_tsv);
DROP INDEX cases_search_blocks;
DROP FUNCTION case_search_vector(tsvector, bigint);
