-- 0011: the outbox takes rating jobs, which forward a satisfaction answer
-- to the helpdesk (a connector that documents an API for it). SQLite cannot
-- change a CHECK constraint, so the table is copied into one that allows the
-- new kind; nothing references it.

CREATE TABLE deliveries_new (
    id              INTEGER NOT NULL PRIMARY KEY,  -- enqueue order
    subject         TEXT    NOT NULL,              -- handoff id, or offline message id
    kind            TEXT    NOT NULL CHECK (kind IN ('open', 'message', 'close', 'offline', 'rating')),
    seq             INTEGER NOT NULL DEFAULT 0,    -- message sequence number
    idempotency_key TEXT    NOT NULL UNIQUE,
    payload         TEXT,                          -- JSON: {message} | {reason} | {offline} | {rating}; NULL for open
    priority        INTEGER NOT NULL DEFAULT 1,    -- higher first
    state           TEXT    NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'done', 'failed', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    unknown         INTEGER NOT NULL DEFAULT 0,    -- 1: the last attempt's outcome is unknown
    last_error      TEXT    NOT NULL DEFAULT '',
    permanent       INTEGER NOT NULL DEFAULT 0,    -- 1: the last error was a permanent refusal
    connector       TEXT    NOT NULL DEFAULT '',
    remote_id       TEXT    NOT NULL DEFAULT '',
    lease_owner     TEXT    NOT NULL DEFAULT '',
    lease_token     TEXT    NOT NULL DEFAULT '',   -- '' when no attempt is in flight
    lease_until     TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;

INSERT INTO deliveries_new (id, subject, kind, seq, idempotency_key, payload, priority, state, attempts,
    next_attempt_at, unknown, last_error, permanent, connector, remote_id, lease_owner, lease_token,
    lease_until, created_at, updated_at)
SELECT id, subject, kind, seq, idempotency_key, payload, priority, state, attempts,
    next_attempt_at, unknown, last_error, permanent, connector, remote_id, lease_owner, lease_token,
    lease_until, created_at, updated_at FROM deliveries;

DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;

-- The indexes of 0002, word for word (queries name them with INDEXED BY).
CREATE INDEX deliveries_due ON deliveries (priority DESC, next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_queue ON deliveries (subject, id) WHERE state = 'pending';
CREATE INDEX deliveries_subject ON deliveries (subject, id);
CREATE INDEX deliveries_state ON deliveries (state, id);
