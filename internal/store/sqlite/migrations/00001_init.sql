-- +goose Up
-- Times are TEXT in UTC, fixed width (2006-01-02T15:04:05.000000Z), so that they sort and
-- compare as strings.
CREATE TABLE districts (
  code    INTEGER PRIMARY KEY,
  name_th TEXT NOT NULL,
  name_en TEXT NOT NULL
);
CREATE TABLE categories (
  code    INTEGER PRIMARY KEY,
  name_th TEXT NOT NULL,
  name_en TEXT NOT NULL
);
CREATE TABLE units (
  code          TEXT PRIMARY KEY,
  type          TEXT NOT NULL,
  name_th       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  district_code INTEGER REFERENCES districts(code)
);
CREATE TABLE sections (
  unit_code TEXT NOT NULL REFERENCES units(code),
  code      TEXT NOT NULL,
  name_th   TEXT NOT NULL,
  name_en   TEXT NOT NULL,
  position  INTEGER NOT NULL,
  PRIMARY KEY (unit_code, code)
);
CREATE TABLE routing_rules (
  category_code      INTEGER NOT NULL REFERENCES categories(code),
  district_code      INTEGER NOT NULL DEFAULT 0,
  to_district_office INTEGER NOT NULL DEFAULT 0,
  unit_code          TEXT REFERENCES units(code),
  section_code       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (category_code, district_code)
);
CREATE TABLE coordinators (
  unit_code         TEXT NOT NULL REFERENCES units(code),
  kind              TEXT NOT NULL CHECK (kind IN ('main', 'best')),
  title             TEXT NOT NULL DEFAULT '',
  first_name        TEXT NOT NULL DEFAULT '',
  last_name         TEXT NOT NULL DEFAULT '',
  position          TEXT NOT NULL DEFAULT '',
  section           TEXT NOT NULL DEFAULT '',
  office_phone      TEXT NOT NULL DEFAULT '',
  mobile_phone      TEXT NOT NULL DEFAULT '',
  line_id           TEXT NOT NULL DEFAULT '',
  line_display_name TEXT NOT NULL DEFAULT '',
  updated_at        TEXT NOT NULL,
  updated_by        INTEGER,
  PRIMARY KEY (unit_code, kind)
);
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL DEFAULT '',
  role          TEXT NOT NULL,
  unit_code     TEXT NOT NULL REFERENCES units(code),
  password_hash TEXT NOT NULL DEFAULT '',
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL
);
CREATE TABLE tokens (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  name       TEXT NOT NULL DEFAULT '',
  hash       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);
CREATE TABLE sessions (
  hash       TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE login_failures (
  username TEXT NOT NULL,
  at       TEXT NOT NULL
);
CREATE INDEX login_failures_by_user ON login_failures (username, at);
CREATE TABLE citizens (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL DEFAULT '',
  phone      TEXT NOT NULL DEFAULT '',
  email      TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX citizens_by_phone ON citizens (phone) WHERE phone <> '';
CREATE TABLE receipt_counters (
  year INTEGER PRIMARY KEY,
  last INTEGER NOT NULL
);
CREATE TABLE cases (
  id               INTEGER PRIMARY KEY,
  receipt          TEXT NOT NULL UNIQUE,
  channel          TEXT NOT NULL,
  kind             TEXT NOT NULL,
  category_code    INTEGER NOT NULL REFERENCES categories(code),
  description      TEXT NOT NULL,
  lat              REAL,
  lon              REAL,
  address          TEXT NOT NULL DEFAULT '',
  district_code    INTEGER REFERENCES districts(code),
  citizen_id       INTEGER REFERENCES citizens(id),
  anonymous        INTEGER NOT NULL DEFAULT 0,
  confidential     INTEGER NOT NULL DEFAULT 0,
  best             INTEGER NOT NULL DEFAULT 0,
  unit_code        TEXT NOT NULL REFERENCES units(code),
  section_code     TEXT NOT NULL DEFAULT '',
  officer_id       INTEGER REFERENCES users(id),
  status           TEXT NOT NULL,
  result           TEXT,
  termination      TEXT,
  source           TEXT,
  source_ref       TEXT,
  created_by       INTEGER REFERENCES users(id),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  reached_unit_at  TEXT,
  acknowledged_at  TEXT,
  closed_at        TEXT,
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX cases_by_source ON cases (source, source_ref) WHERE source IS NOT NULL;
CREATE INDEX cases_by_created ON cases (created_at, id);
CREATE INDEX cases_by_unit ON cases (unit_code, status);
CREATE INDEX cases_by_status ON cases (status);
CREATE INDEX cases_by_district ON cases (district_code);
CREATE INDEX cases_by_category ON cases (category_code);
CREATE INDEX cases_by_citizen ON cases (citizen_id);
CREATE TABLE case_events (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  seq          INTEGER NOT NULL,
  type         TEXT NOT NULL,
  at           TEXT NOT NULL,
  actor_id     INTEGER,
  actor_name   TEXT NOT NULL DEFAULT '',
  actor_role   TEXT NOT NULL DEFAULT '',
  actor_unit   TEXT NOT NULL DEFAULT '',
  from_status  TEXT NOT NULL DEFAULT '',
  to_status    TEXT NOT NULL DEFAULT '',
  unit_code    TEXT NOT NULL DEFAULT '',
  section_code TEXT NOT NULL DEFAULT '',
  officer_id   INTEGER,
  text         TEXT NOT NULL DEFAULT '',
  reason       TEXT NOT NULL DEFAULT '',
  public       INTEGER NOT NULL DEFAULT 0,
  result       TEXT,
  UNIQUE (case_id, seq)
);
CREATE INDEX case_events_by_type_at ON case_events (type, at);
-- The timeline is append-only: no event is ever changed or removed.
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
CREATE TABLE idempotency_keys (
  user_id      INTEGER NOT NULL REFERENCES users(id),
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  created_at   TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE TABLE access_log (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  citizen_id INTEGER NOT NULL REFERENCES citizens(id),
  case_id    INTEGER REFERENCES cases(id),
  purpose    TEXT NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX access_log_by_citizen ON access_log (citizen_id, at);

-- +goose Down
SELECT 'irreversible';
