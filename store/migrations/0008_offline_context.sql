-- 0006: a message left for the team carries what the request for a person
-- knew (transcript, triggers, reason, route, priority, metadata), so that its
-- ticket is the one a handoff would have made. request_contexts keeps the
-- latest request of a conversation that ended without a handoff (out of
-- hours, queue full, no email) until the user leaves their message.

ALTER TABLE offline_messages ADD COLUMN context TEXT; -- JSON handoff.RequestContext; NULL: none

CREATE TABLE request_contexts (
    conversation_id TEXT NOT NULL PRIMARY KEY,
    context         TEXT NOT NULL,                 -- JSON handoff.RequestContext
    created_at      TEXT NOT NULL
) STRICT;
