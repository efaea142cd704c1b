// Package store persists handoffs, their lifecycle events, contacts and
// offline messages in SQLite (github.com/mattn/go-sqlite3). *DB
// implements handoff.Store.
//
// # Schema
//
// The schema comes from the SQL files embedded from migrations/, applied in
// order by version (0001_init.sql, 0002_...) and recorded in
// schema_migrations (version, name, applied_at). Each migration runs in its
// own BEGIN IMMEDIATE transaction, so two processes opening a new database at
// once apply it exactly once; a database whose version is newer than the
// binary knows is refused with an error that says to upgrade. Tables are
// STRICT:
//
//   - handoffs: one row per handoff, every handoff.Handoff field as a column.
//     Transcript, triggers, route, metadata and remote_meta are JSON text.
//     A partial unique index on conversation_id over the open states
//     (queued, delivered, agent_joined) allows at most one open handoff per
//     conversation.
//   - handoff_events: every lifecycle transition (from, to, cause, at), in
//     insertion order; creation is the first, from "" to the initial state.
//   - contacts: what is known about reaching the user of a conversation.
//   - offline_messages: messages left for agents, with the contact.
//   - ratings: the satisfaction survey's answer, one per handoff.
//   - decisions: requests that stored no handoff (when, outcome, judge;
//     nothing personal), for stats, pruned after DecisionRetention.
//
// Times are stored as fixed-width RFC 3339 text in UTC with nanoseconds
// ("2006-01-02T15:04:05.000000000Z"), so they read well in the sqlite3 shell
// and sort correctly as text; they come back as UTC time.Time values.
//
// # Concurrency
//
// Every connection runs with WAL journaling, synchronous=NORMAL, foreign keys
// on and a 5 s busy timeout, all set in the DSN so each pooled connection
// gets them. (Two processes switching a brand-new file to WAL at the same
// moment get SQLITE_BUSY without the busy handler; Open retries that until
// the busy timeout.) Writes go through a pool of one connection and every write
// transaction starts with BEGIN IMMEDIATE: a writer takes SQLite's write lock
// before it reads, so a read-then-write (the state check of Transition, the
// merge of SaveContact) cannot be overtaken by another process, and waiting
// for the lock is left to the busy timeout instead of failing with a stale
// snapshot. Reads use a separate query-only pool and, thanks to WAL, never
// wait for writers.
//
// CreateHandoff inserts with ON CONFLICT DO NOTHING: when the partial unique
// index rejects the row, the conversation's open handoff is read in the same
// transaction and returned with created=false. The database enforces the
// one-open-handoff rule, so it holds across goroutines, across *DB
// handles and across processes sharing the file.
//
// # The outbox
//
// Migration 0002 adds deliveries, the outbox of handoff.Outbox: one row per
// helpdesk operation (open, message, close, offline), with its idempotency
// key (unique), its payload as JSON, its attempts, when it is next due,
// whether the last attempt's outcome is unknown, and the lease of the
// worker holding it. CreateHandoff stores a queued handoff and its open job
// in one transaction, and AddOfflineMessage a forwarded message and its
// offline job, so no accepted handoff can be left without a delivery; the
// migration gives handoffs queued before it their open job.
//
// ClaimDeliveries is one UPDATE ... RETURNING in a BEGIN IMMEDIATE
// transaction: it leases due jobs that are not leased and are the first
// pending job of their subject (partial indexes deliveries_due and
// deliveries_queue), so concurrent claimers, in this process or others,
// never share a job and a subject's jobs run in order. A claim writes a
// fresh random lease token; every result (complete, retry, fail, cancel,
// release) is conditioned on it, so a worker whose lease expired and was
// taken over records nothing (KindConflict). A claim of a job whose last
// lease ended without a result marks it unknown: the attempt may have
// reached the helpdesk. Results that concern the handoff (delivered with its
// remote ids; attempts and last error; parked as failed, with its later jobs
// cancelled) are written in the result's transaction.
//
// Delivery bookkeeping is mirrored on the handoff row for display
// (attempts, last error, next attempt, remote ids). MarkDelivered and
// RecordAttempt remain for callers outside the outbox.

// With synchronous=NORMAL a commit survives a crash of the process; an OS
// crash or power loss may lose the last commits, never the database.
//
// A lock still held by another process after the busy timeout surfaces as a
// handoff.KindTransient error; unknown ids as handoff.KindNotFound; leaving a
// final state as handoff.KindConflict.
package store
