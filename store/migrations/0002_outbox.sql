-- 0002: the delivery outbox. Every helpdesk operation (open a handoff's
-- ticket, add a message, close it, forward a message left for the team) is a
-- job committed here before it is tried, delivered by a worker holding a
-- lease, in order per subject.

CREATE TABLE deliveries (
    id              INTEGER NOT NULL PRIMARY KEY,  -- enqueue order
    subject         TEXT    NOT NULL,              -- handoff id, or offline message id
    kind            TEXT    NOT NULL CHECK (kind IN ('open', 'message', 'close', 'offline')),
    seq             INTEGER NOT NULL DEFAULT 0,    -- message sequence number
    idempotency_key TEXT    NOT NULL UNIQUE,
    payload         TEXT,                          -- JSON: {message} | {reason} | {offline}; NULL for open
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

-- Pending jobs in claim order (priority, then due time; a claim walks it and
-- stops at its limit instead of sorting every due job), and per subject in
-- order (only the first pending job of a subject may be claimed). Queries name these indexes (INDEXED BY)
-- and repeat their WHERE clause word for word.
CREATE INDEX deliveries_due ON deliveries (priority DESC, next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_queue ON deliveries (subject, id) WHERE state = 'pending';
-- Listing: a subject's jobs, and jobs by state (the failed ones).
CREATE INDEX deliveries_subject ON deliveries (subject, id);
CREATE INDEX deliveries_state ON deliveries (state, id);

-- Messages left for the team remember where they were forwarded.
ALTER TABLE offline_messages ADD COLUMN connector TEXT NOT NULL DEFAULT '';
ALTER TABLE offline_messages ADD COLUMN remote_id TEXT NOT NULL DEFAULT '';

-- Handoffs queued before the outbox existed get their open job now, so that
-- an upgrade loses none of them. One whose earlier inline attempt failed may
-- have reached the helpdesk anyway: its outcome counts as unknown.
INSERT INTO deliveries (subject, kind, idempotency_key, priority, next_attempt_at, unknown, created_at, updated_at)
SELECT id, 'open', id || ':created',
       CASE priority WHEN 'low' THEN 0 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 ELSE 1 END,
       COALESCE(next_attempt_at, created_at), attempts > 0, created_at, updated_at
FROM handoffs WHERE state = 'queued' ORDER BY created_at, rowid;
