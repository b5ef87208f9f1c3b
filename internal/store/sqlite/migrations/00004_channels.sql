-- +goose Up
-- Channels: LINE and Facebook intake, conversation tickets, citizen identities, and the
-- outbox delivery lease. Times are TEXT in UTC, fixed width.
ALTER TABLE citizens ADD COLUMN merged_into INTEGER REFERENCES citizens(id);
CREATE INDEX citizens_by_name ON citizens (name) WHERE name <> '';
CREATE INDEX citizens_by_email ON citizens (email) WHERE email <> '';
-- One row per channel account of a person: kind line or facebook, value the platform's
-- user id. A merge moves the rows to the surviving profile.
CREATE TABLE citizen_identities (
  kind       TEXT NOT NULL,
  value      TEXT NOT NULL,
  citizen_id INTEGER NOT NULL REFERENCES citizens(id),
  account    TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (kind, value)
);
CREATE INDEX citizen_identities_by_citizen ON citizen_identities (citizen_id);
-- Raw webhook events, stored before the webhook is acknowledged, processed afterwards.
CREATE TABLE channel_events (
  id           INTEGER PRIMARY KEY,
  channel      TEXT NOT NULL,
  account      TEXT NOT NULL DEFAULT '',
  event_id     TEXT NOT NULL,
  body         TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending',
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error   TEXT NOT NULL DEFAULT '',
  received_at  TEXT NOT NULL,
  processed_at TEXT,
  UNIQUE (channel, event_id)
);
CREATE INDEX channel_events_pending ON channel_events (status, next_attempt_at);
-- What a LINE chat has told so far, until it becomes a case.
CREATE TABLE chat_sessions (
  channel    TEXT NOT NULL,
  account    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  state      TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (channel, account, user_id)
);
CREATE TABLE blobs (
  id           INTEGER PRIMARY KEY,
  content_type TEXT NOT NULL,
  data         BLOB NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE TABLE conversations (
  id              INTEGER PRIMARY KEY,
  channel         TEXT NOT NULL,
  thread_key      TEXT NOT NULL,
  kind            TEXT NOT NULL,
  citizen_id      INTEGER REFERENCES citizens(id),
  post_id         TEXT NOT NULL DEFAULT '',
  assignee_id     INTEGER REFERENCES users(id),
  case_id         INTEGER REFERENCES cases(id),
  tags            TEXT NOT NULL DEFAULT '',
  unanswered      INTEGER NOT NULL DEFAULT 1,
  last_message_at TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  UNIQUE (channel, thread_key)
);
CREATE INDEX conversations_by_citizen ON conversations (citizen_id);
CREATE INDEX conversations_by_last ON conversations (last_message_at, id);
CREATE TABLE conversation_messages (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  direction       TEXT NOT NULL,
  external_id     TEXT NOT NULL DEFAULT '',
  text            TEXT NOT NULL,
  author_id       INTEGER REFERENCES users(id),
  at              TEXT NOT NULL
);
CREATE INDEX conversation_messages_by_conv ON conversation_messages (conversation_id, id);
CREATE UNIQUE INDEX conversation_messages_by_external ON conversation_messages (external_id) WHERE external_id <> '';
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';

-- +goose Down
SELECT 'irreversible';
