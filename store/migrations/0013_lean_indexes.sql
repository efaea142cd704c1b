-- 0013: fewer index writes per created handoff.
--
-- A new handoff takes its change_seq in its INSERT (store.insertHandoffSeq):
-- the insert trigger of 0004 now runs only for a row that brings none, so a
-- created handoff is written once, and its handoffs_change_seq entry goes
-- straight to the end of the index instead of to 0 first and then there.
DROP TRIGGER handoffs_change_insert;
CREATE TRIGGER handoffs_change_insert AFTER INSERT ON handoffs
WHEN NEW.change_seq = 0
BEGIN
    UPDATE handoffs SET change_seq = (SELECT MAX(change_seq) FROM handoffs) + 1 WHERE id = NEW.id;
END;

-- handoffs_state covered every handoff, so each one created (queued or
-- delivered) wrote an entry, and each step of its wait moved it. The
-- handoffs that wait are listed through handoffs_waiting, the open ones
-- through handoffs_one_open; this index now keeps only the handoffs that
-- no longer wait (an agent has them, or they ended), as the desk's
-- Resolved page and the open-sessions gauge read them. Queries repeat its
-- WHERE clause word for word (store.notWaitingClause).
DROP INDEX handoffs_state;
CREATE INDEX handoffs_state_settled ON handoffs (state, created_at)
    WHERE state NOT IN ('queued', 'delivered');

-- The inbox's remote id is the handoff's own id (as a webhook's is when
-- the receiver names none): the primary key finds those, so
-- handoffs_remote keeps only the ids a helpdesk gave, and a handoff
-- created in the inbox costs it no write. HandoffByRemote reads both.
DROP INDEX handoffs_remote;
CREATE INDEX handoffs_remote ON handoffs (connector, remote_id)
    WHERE remote_id <> '' AND remote_id <> id;

-- contacts is looked up by conversation only: as a rowid table it was two
-- b-trees (the rows, and the index of its primary key), both written for
-- each created handoff; WITHOUT ROWID it is one, keyed by conversation.
-- Nothing references it, and no query reads its rowid.
CREATE TABLE contacts_new (
    conversation_id TEXT NOT NULL PRIMARY KEY,
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    name            TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO contacts_new (conversation_id, email, phone, name, updated_at)
SELECT conversation_id, email, phone, name, updated_at FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_new RENAME TO contacts;

-- A conversation's open handoff is in handoffs_one_open already; the
-- conversation's index keeps only its ended handoffs, so a created handoff
-- writes one index by conversation, not two. ListHandoffs reads both.
DROP INDEX handoffs_conversation;
CREATE INDEX handoffs_conversation_ended ON handoffs (conversation_id, created_at)
    WHERE state NOT IN ('queued', 'delivered', 'agent_joined');
