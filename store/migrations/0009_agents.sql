-- 0006: the agent desk (package desk). Agents who log in to /desk/, their
-- login sessions (only a hash of the cookie's token is kept), transfers of a
-- conversation to a colleague or a team with the note for them, and the
-- offline messages an agent has handled. Handoffs keep what the bot used
-- before handing off (request_human_handoff's context, JSON) and the user's
-- timezone, for the agent.

ALTER TABLE handoffs ADD COLUMN context  TEXT;
ALTER TABLE handoffs ADD COLUMN timezone TEXT NOT NULL DEFAULT '';

CREATE TABLE agents (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL,
    teams         TEXT NOT NULL DEFAULT '[]',
    languages     TEXT NOT NULL DEFAULT '[]',
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    messages_seen_at TEXT
);

CREATE TABLE desk_sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id   INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX desk_sessions_agent ON desk_sessions (agent_id);

CREATE TABLE desk_transfers (
    id         INTEGER PRIMARY KEY,
    handoff_id TEXT NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
    from_agent TEXT NOT NULL,
    to_agent   TEXT NOT NULL,
    to_team    TEXT NOT NULL,
    note       TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX desk_transfers_handoff ON desk_transfers (handoff_id, id);

CREATE TABLE desk_handled (
    message_id TEXT PRIMARY KEY REFERENCES offline_messages (id) ON DELETE CASCADE,
    agent      TEXT NOT NULL,
    how        TEXT NOT NULL,
    reply      TEXT NOT NULL,
    at         TEXT NOT NULL
);
