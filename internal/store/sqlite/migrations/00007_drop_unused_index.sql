-- +goose Up
-- Reports read timelines by case (the (case_id, seq) key), never by event type and time;
-- the index only slowed every change and every import.
DROP INDEX case_events_by_type_at;

-- +goose Down
CREATE INDEX case_events_by_type_at ON case_events (type, at);
