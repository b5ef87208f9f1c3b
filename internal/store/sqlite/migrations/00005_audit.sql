-- +goose Up
-- Acts of staff that are not changes to a case, such as exports, for audits.
CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  action  TEXT NOT NULL,
  detail  TEXT NOT NULL DEFAULT '',
  at      TEXT NOT NULL
);
CREATE INDEX audit_log_by_at ON audit_log (at);

-- +goose Down
SELECT 'irreversible';
