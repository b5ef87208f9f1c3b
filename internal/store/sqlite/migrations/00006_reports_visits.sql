-- +goose Up
-- A district office's monthly report to the governor's office: the figures are computed;
-- what the district adds (notable cases, obstacles) and when it submitted are kept here.
CREATE TABLE monthly_reports (
  unit_code    text NOT NULL REFERENCES units(code),
  period       text NOT NULL,
  notable      text NOT NULL DEFAULT '',
  obstacles    text NOT NULL DEFAULT '',
  submitted_by INTEGER REFERENCES users(id),
  submitted_at TEXT NOT NULL,
  PRIMARY KEY (unit_code, period)
);
-- The governor's field visits (seed 004) and the cases raised at them.
CREATE TABLE visits (
  id            INTEGER PRIMARY KEY,
  number        integer NOT NULL UNIQUE,
  date          TEXT NOT NULL,
  district_code integer NOT NULL REFERENCES districts(code),
  title         text NOT NULL DEFAULT '',
  notes         text NOT NULL DEFAULT '',
  progress      integer NOT NULL DEFAULT 0,
  created_by    INTEGER REFERENCES users(id),
  created_at    TEXT NOT NULL
);
CREATE TABLE visit_cases (
  visit_id INTEGER NOT NULL REFERENCES visits(id),
  case_id  INTEGER NOT NULL REFERENCES cases(id) UNIQUE,
  PRIMARY KEY (visit_id, case_id)
);
-- The five steps: 1 received, 2 solution approved, 3 units notified, 4 follow-up three months
-- after the notice, 5 evaluation (twice a year). Step 5 repeats: round counts them.
CREATE TABLE visit_milestones (
  visit_id INTEGER NOT NULL REFERENCES visits(id),
  step     integer NOT NULL CHECK (step BETWEEN 1 AND 5),
  round    integer NOT NULL DEFAULT 1,
  due_date TEXT,
  done_at  TEXT,
  note     text NOT NULL DEFAULT '',
  PRIMARY KEY (visit_id, step, round)
);
CREATE TABLE visit_notes (
  id       INTEGER PRIMARY KEY,
  visit_id INTEGER NOT NULL REFERENCES visits(id),
  date     TEXT NOT NULL,
  progress integer,
  text     text NOT NULL,
  by_user  INTEGER REFERENCES users(id),
  at       TEXT NOT NULL
);
CREATE INDEX visit_notes_by_visit ON visit_notes (visit_id, date);

-- +goose Down
SELECT 'irreversible';
