-- 0003: the live session. The messages of a handoff after it was accepted
-- (the user's words relayed to the agent, the agent's replies, our notices),
-- what the session timeouts need on the handoff, the lookup of a handoff by
-- the helpdesk's id for inbound events, and the inbound events already
-- received (the durable dedupe of handoff/hooks).

CREATE TABLE messages (
    id          INTEGER NOT NULL PRIMARY KEY,
    handoff_id  TEXT    NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,              -- 1, 2, 3 ... per handoff: the clients' cursor
    author      TEXT    NOT NULL CHECK (author IN ('user', 'agent', 'system')),
    name        TEXT    NOT NULL DEFAULT '',   -- the agent's display name
    text        TEXT    NOT NULL,
    external_id TEXT,                          -- the helpdesk's message id; NULL when none
    at          TEXT    NOT NULL,
    UNIQUE (handoff_id, seq),
    -- A message the helpdesk delivers twice is stored once.
    UNIQUE (handoff_id, external_id)
) STRICT;

ALTER TABLE handoffs ADD COLUMN agent_name     TEXT    NOT NULL DEFAULT '';
ALTER TABLE handoffs ADD COLUMN joined_at      TEXT;   -- an agent replied or took it
ALTER TABLE handoffs ADD COLUMN first_reply_at TEXT;   -- the agent's first message
ALTER TABLE handoffs ADD COLUMN last_agent_at  TEXT;   -- the agent's last message
ALTER TABLE handoffs ADD COLUMN last_user_at   TEXT;   -- the user's last message
ALTER TABLE handoffs ADD COLUMN wait_since     TEXT;   -- the current wait began (NULL: created_at)
ALTER TABLE handoffs ADD COLUMN wait_asked_at  TEXT;   -- the waiting question is pending since
ALTER TABLE handoffs ADD COLUMN last_seq       INTEGER NOT NULL DEFAULT 0;

-- Inbound events name the helpdesk's ticket, conversation or chat id.
CREATE INDEX handoffs_remote ON handoffs (connector, remote_id) WHERE remote_id <> '';
-- Expected waits: the latest first replies.
CREATE INDEX handoffs_first_reply ON handoffs (first_reply_at) WHERE first_reply_at IS NOT NULL;

-- Inbound events received, remembered at least 24 hours (hooks.DefaultMaxAge)
-- so that a redelivered or replayed event changes nothing.
CREATE TABLE inbound_events (
    connector   TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (connector, event_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX inbound_events_received ON inbound_events (received_at);
