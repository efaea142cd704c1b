-- 0004: the change feed. Every handoff row carries change_seq, a database-wide
-- sequence number taken from the index at each insert or update, so that a
-- process (or another replica) finds every handoff changed since it last
-- looked with one range read of handoffs_change_seq. Writers are serialised
-- (BEGIN IMMEDIATE), so a later commit always has a higher number.

ALTER TABLE handoffs ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
UPDATE handoffs SET change_seq = rowid;
CREATE INDEX handoffs_change_seq ON handoffs (change_seq);

CREATE TRIGGER handoffs_change_insert AFTER INSERT ON handoffs
BEGIN
    UPDATE handoffs SET change_seq = (SELECT MAX(change_seq) FROM handoffs) + 1 WHERE id = NEW.id;
END;

-- The WHEN clause skips the trigger's own update of change_seq.
CREATE TRIGGER handoffs_change_update AFTER UPDATE ON handoffs
WHEN NEW.change_seq = OLD.change_seq
BEGIN
    UPDATE handoffs SET change_seq = (SELECT MAX(change_seq) FROM handoffs) + 1 WHERE id = NEW.id;
END;
