-- 0001: handoffs with their lifecycle events, contacts, offline messages.
-- Times are RFC 3339 text in UTC with a fixed nine-digit fraction.

CREATE TABLE handoffs (
    id              TEXT    NOT NULL PRIMARY KEY,
    conversation_id TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN
                        ('queued', 'delivered', 'agent_joined', 'closed', 'timed_out', 'cancelled', 'failed')),
    contact_email   TEXT    NOT NULL DEFAULT '',
    contact_phone   TEXT    NOT NULL DEFAULT '',
    contact_name    TEXT    NOT NULL DEFAULT '',
    language        TEXT    NOT NULL DEFAULT '',
    transcript      TEXT    NOT NULL DEFAULT '[]', -- JSON array of {role, content}
    question        TEXT    NOT NULL DEFAULT '',
    triggers        TEXT    NOT NULL DEFAULT '[]', -- JSON array of trigger ids
    reason          TEXT    NOT NULL DEFAULT '',
    classifier      TEXT    NOT NULL DEFAULT '',
    confidence      REAL    NOT NULL DEFAULT 0,
    route           TEXT    NOT NULL DEFAULT '{}', -- JSON object {team, department, language}
    priority        TEXT    NOT NULL DEFAULT '',
    metadata        TEXT,                          -- JSON object, NULL when empty
    connector       TEXT    NOT NULL DEFAULT '',
    remote_id       TEXT    NOT NULL DEFAULT '',
    remote_url      TEXT    NOT NULL DEFAULT '',
    remote_meta     TEXT,                          -- JSON object, NULL when empty
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,                          -- NULL when no attempt is due
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;

-- One conversation, one open handoff. Queries that look up the open handoff
-- repeat this WHERE clause word for word so that SQLite uses the index.
CREATE UNIQUE INDEX handoffs_one_open ON handoffs (conversation_id)
    WHERE state IN ('queued', 'delivered', 'agent_joined');
CREATE INDEX handoffs_conversation ON handoffs (conversation_id, created_at);
CREATE INDEX handoffs_state ON handoffs (state, created_at);
CREATE INDEX handoffs_created ON handoffs (created_at);

CREATE TABLE handoff_events (
    id         INTEGER NOT NULL PRIMARY KEY,
    handoff_id TEXT    NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
    from_state TEXT    NOT NULL DEFAULT '', -- '' for the creation event
    to_state   TEXT    NOT NULL,
    cause      TEXT    NOT NULL DEFAULT '',
    at         TEXT    NOT NULL
) STRICT;
CREATE INDEX handoff_events_handoff ON handoff_events (handoff_id, id);

CREATE TABLE contacts (
    conversation_id TEXT NOT NULL PRIMARY KEY,
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    name            TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE offline_messages (
    id              TEXT NOT NULL PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    handoff_id      TEXT REFERENCES handoffs (id) ON DELETE SET NULL,
    contact_email   TEXT NOT NULL DEFAULT '',
    contact_phone   TEXT NOT NULL DEFAULT '',
    contact_name    TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL,
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX offline_messages_created ON offline_messages (created_at);
CREATE INDEX offline_messages_handoff ON offline_messages (handoff_id) WHERE handoff_id IS NOT NULL;
