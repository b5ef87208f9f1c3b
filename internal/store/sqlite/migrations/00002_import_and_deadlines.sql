-- +goose Up
ALTER TABLE cases ADD COLUMN rating INTEGER;
ALTER TABLE cases ADD COLUMN reopen_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN waiting_citizen INTEGER NOT NULL DEFAULT 0;
-- The earliest deadline the responsible unit still owes (NULL when none), kept up to date
-- with every change so that lists can filter overdue cases and sort by urgency in SQL.
ALTER TABLE cases ADD COLUMN next_due_at TEXT;
CREATE INDEX cases_by_next_due ON cases (next_due_at, id) WHERE next_due_at IS NOT NULL;
CREATE TABLE attachments (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  kind       TEXT NOT NULL,
  url        TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_by_case ON attachments (case_id);
CREATE TABLE holidays (
  date       TEXT PRIMARY KEY,
  name_th    TEXT NOT NULL,
  name_en    TEXT NOT NULL DEFAULT '',
  kind       TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE TABLE sla_targets (
  unit_code           TEXT NOT NULL DEFAULT '',
  category_code       INTEGER NOT NULL DEFAULT 0,
  ack_days            INTEGER NOT NULL,
  first_progress_days INTEGER NOT NULL,
  best_ack_minutes    INTEGER NOT NULL,
  best_result_minutes INTEGER NOT NULL,
  checkpoint_days     TEXT NOT NULL,
  PRIMARY KEY (unit_code, category_code)
);
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  dedupe_key      TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL,
  channel         TEXT NOT NULL,
  recipient       TEXT NOT NULL DEFAULT '',
  unit_code       TEXT NOT NULL DEFAULT '',
  case_id         INTEGER REFERENCES cases(id),
  text            TEXT NOT NULL,
  payload         TEXT,
  status          TEXT NOT NULL DEFAULT 'pending',
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  sent_at         TEXT
);
CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_case ON outbox (case_id);
CREATE TABLE job_leases (
  name   TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  until  TEXT NOT NULL
);

-- +goose Down
SELECT 'irreversible';
