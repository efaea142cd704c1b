-- 0006: the queue at a cost independent of history. queue_counts keeps how
-- many handoffs wait for an agent (queued or delivered) at each priority
-- rank, maintained by triggers in the writing transaction, so counting the
-- queue (queue.max_length) and the handoffs of higher priority is a read of
-- four rows. handoffs_waiting orders the waiting handoffs of one rank by
-- age, for the few that a queue position still counts. The rank expression
-- is handoff.Priority.Rank; queries repeat it and the WHERE clause word for
-- word so that SQLite uses the index.

CREATE TABLE queue_counts (
    rank    INTEGER NOT NULL PRIMARY KEY, -- 0 low, 1 normal, 2 high, 3 urgent
    waiting INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO queue_counts (rank, waiting)
SELECT r.rank, (SELECT COUNT(*) FROM handoffs
                WHERE state IN ('queued', 'delivered')
                  AND (CASE priority WHEN 'low' THEN 0 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 ELSE 1 END) = r.rank)
FROM (SELECT 0 AS rank UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) r;

CREATE INDEX handoffs_waiting ON handoffs
    ((CASE priority WHEN 'low' THEN 0 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 ELSE 1 END), created_at)
    WHERE state IN ('queued', 'delivered');

CREATE TRIGGER handoffs_queue_insert AFTER INSERT ON handoffs
WHEN NEW.state IN ('queued', 'delivered')
BEGIN
    UPDATE queue_counts SET waiting = waiting + 1
    WHERE rank = (CASE NEW.priority WHEN 'low' THEN 0 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 ELSE 1 END);
END;

CREATE TRIGGER handoffs_queue_delete AFTER DELETE ON handoffs
WHEN OLD.state IN ('queued', 'delivered')
BEGIN
    UPDATE queue_counts SET waiting = waiting - 1
    WHERE rank = (CASE OLD.priority WHEN 'low' THEN 0 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 ELSE 1 END);
END;

-- Only writes that name state or priority, and only when the handoff
-- enters, leaves or moves within the queue.
CREATE TRIGGER handoffs_queue_update AFTER UPDATE OF state, priority ON handoffs
WHEN (OLD.state IN ('queued', 'delivered')) <> (NEW.state IN ('queued', 'delivered'))
  OR (OLD.state IN ('queued', 'delivered') AND OLD.priority IS NOT NEW.priority)
BEGIN
    UPDATE queue_counts SET waiting = waiting - 1
    WHERE OLD.state IN ('queued', 'delivered')
      AND rank = (CASE OLD.priority WHEN 'low' THEN 0 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 ELSE 1 END);
    UPDATE queue_counts SET waiting = waiting + 1
    WHERE NEW.state IN ('queued', 'delivered')
      AND rank = (CASE NEW.priority WHEN 'low' THEN 0 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 ELSE 1 END);
END;
