-- 0003 (SQLite's 0013): fewer index writes per created handoff. The change
-- sequence is already taken before the insert here (handoffs_change).
--
-- handoffs_state covered every handoff, so each one created (queued or
-- delivered) wrote an entry, and each step of its wait moved it. The
-- handoffs that wait are listed through handoffs_waiting, the open ones
-- through handoffs_one_open; this index now keeps only the handoffs that
-- no longer wait (an agent has them, or they ended). Queries repeat its
-- WHERE clause word for word (store.notWaitingClause).
DROP INDEX handoffs_state;
CREATE INDEX handoffs_state_settled ON handoffs (state, created_at)
    WHERE state NOT IN ('queued', 'delivered');

-- The inbox's remote id is the handoff's own id (as a webhook's is when
-- the receiver names none): the primary key finds those, so
-- handoffs_remote keeps only the ids a helpdesk gave. HandoffByRemote
-- reads both.
DROP INDEX handoffs_remote;
CREATE INDEX handoffs_remote ON handoffs (connector, remote_id)
    WHERE remote_id <> '' AND remote_id <> id;

-- A conversation's open handoff is in handoffs_one_open already; the
-- conversation's index keeps only its ended handoffs, so a created handoff
-- writes one index by conversation, not two. ListHandoffs reads both.
DROP INDEX handoffs_conversation;
CREATE INDEX handoffs_conversation_ended ON handoffs (conversation_id, created_at)
    WHERE state NOT IN ('queued', 'delivered', 'agent_joined');
