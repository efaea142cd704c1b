-- 0009 (a 0006 by the working rules; renumbered to follow 0008): what the team measures. ratings keeps the user's answer to the
-- satisfaction survey, one per handoff. decisions keeps the outcome of each
-- request that stored no handoff (no trigger fired, out of hours, no email,
-- queue full) and the judge that decided: no conversation id, no text, no
-- contact; rows older than the retention are pruned (store.DecisionRetention).
-- The stats queries range over created_at and at through these indexes.

CREATE TABLE ratings (
    handoff_id TEXT    NOT NULL PRIMARY KEY REFERENCES handoffs (id) ON DELETE CASCADE,
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment    TEXT    NOT NULL DEFAULT '',
    at         TEXT    NOT NULL
) STRICT;

CREATE TABLE decisions (
    id      INTEGER NOT NULL PRIMARY KEY,
    at      TEXT    NOT NULL,
    outcome TEXT    NOT NULL CHECK (outcome IN ('not_triggered', 'off_hours', 'needs_email', 'queue_full')),
    judge   TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX decisions_at ON decisions (at);
