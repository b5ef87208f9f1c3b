-- +goose Up
-- Staff find a citizen by the beginning of the name (LIKE 'prefix%'). The database's
-- collation (C.UTF-8 here, a language's elsewhere) is not "C", so PostgreSQL cannot serve
-- such a prefix from an ordinary B-tree and scanned every profile; text_pattern_ops compares
-- by bytes and can.
DROP INDEX citizens_by_name;
CREATE INDEX citizens_by_name ON citizens (name text_pattern_ops) WHERE name <> '';

-- +goose Down
DROP INDEX citizens_by_name;
CREATE INDEX citizens_by_name ON citizens (name) WHERE name <> '';
