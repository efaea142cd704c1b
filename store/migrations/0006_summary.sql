-- 0006: what the agent reads first. The handoff's summary (the user's goal,
-- what the bot tried, why it handed over, who wrote it) and what privacy
-- redaction masks in what leaves the server (kind and count per kind, never
-- a value), each as JSON; NULL for handoffs stored before.

ALTER TABLE handoffs ADD COLUMN summary    TEXT;
ALTER TABLE handoffs ADD COLUMN redactions TEXT;
