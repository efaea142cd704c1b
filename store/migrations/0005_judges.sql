-- 0005: who decided a handoff. The calling model's vote (the triggers it
-- named, its evidence, whether the evidence was found in a user turn and
-- whether the vote decided) and the server classifier's own verdict, each as
-- JSON; NULL when there was no vote, or nothing was classified (forced).
-- The existing classifier column names the judge that decided: a classifier,
-- "calling_model" or "forced".

ALTER TABLE handoffs ADD COLUMN vote           TEXT;
ALTER TABLE handoffs ADD COLUMN server_verdict TEXT;
