-- +goose Up
-- The search index also holds, for every case:
--   - the block of case IDs it falls in at six sizes (1,024 IDs and each eight times the
--     last), so that a search can ask for the matches among the newest cases first and read
--     from the table only about as many rows as it returns;
--   - its unit, district and category, so that a search restricted to one of them (the
--     unit's own cases, which is what district staff see) finds those matches in the index
--     instead of reading every match of the words and throwing away the other units'.
-- See internal/store/sqlstore/search_window.go. These terms begin with "~", which the parser
-- never produces from a query's words.
CREATE FUNCTION case_search_vector(tsv tsvector, id bigint, unit_code text, district_code integer, category_code integer)
  RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN tsv || array_to_tsvector(ARRAY['~a' || (id >> 10), '~b' || (id >> 13), '~c' || (id >> 16),
    '~d' || (id >> 19), '~e' || (id >> 22), '~f' || (id >> 25),
    '~u' || unit_code, '~k' || COALESCE(district_code, 0), '~g' || category_code]);
CREATE INDEX cases_search_blocks ON cases
  USING gin (case_search_vector(search_tsv, id, unit_code, district_code, category_code));
DROP INDEX cases_search;

-- +goose Down
CREATE INDEX cases_search ON cases USING gin (search_tsv);
DROP INDEX cases_search_blocks;
DROP FUNCTION case_search_vector(tsvector, bigint, text, integer, integer);
