// Package store persists handoffs, their lifecycle events, contacts,
// session messages, the delivery outbox, the agent desk and the stats in
// SQLite (github.com/mattn/go-sqlite3), the embedded default for one host,
// or in PostgreSQL (github.com/jackc/pgx/v5), which several replicas share.
// *DB implements handoff.Store on both; Open chooses the backend from its
// argument: a file path, or a postgres:// (postgresql://) URL. Any other
// URL scheme is refused, and passwords in URLs are masked in errors and
// logs (Redact).
//
// # Two backends, one set of queries
//
// The queries are written once, in SQLite's dialect with ? parameters. On
// PostgreSQL every statement passes through a database/sql driver that
// wraps pgx's (pgdriver.go): parameters become $1, $2 ... and index hints
// (INDEXED BY) are dropped, once per distinct statement. The schemas keep
// the same column types (TEXT, 64-bit integers, times as text) so scans
// are shared; PostgreSQL's handoffs and offline_messages carry a rowid
// column, which queries use to break ties, and a json_extract function as
// SQLite's. The few statements that differ are chosen by backend: the
// outbox claim (FOR UPDATE SKIP LOCKED on PostgreSQL), the schema version
// check.
//
// # Schema
//
// The schema comes from the SQL files embedded from migrations/ (SQLite)
// and migrations/postgres/ (PostgreSQL; its baseline 0001 equals SQLite's
// 0001 to 0011), applied in order by version and recorded in
// schema_migrations (version, name, applied_at). Each migration runs in its
// own write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: the advisory
// write lock below), so processes or replicas opening a new database at
// once apply it exactly once; a database whose version is newer than the
// binary knows is refused with an error that says to upgrade. SchemaStatus
// and Migrate serve handoff-mcp db status and db migrate; Copy moves every
// table from one database to another (db copy). SQLite's tables are
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
// before it reads, so a read-then-write (the state check of UpdateHandoff, the
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
// (attempts, last error, next attempt, remote ids).
//
// # PostgreSQL
//
// Every write transaction takes one transaction-level advisory lock
// (pg_advisory_xact_lock, keyed by the schema) right after BEGIN: writers
// of all replicas are serialised as SQLite's BEGIN IMMEDIATE serialises
// processes, so the read-then-write paths (queue bound, state checks,
// contact merges) hold across replicas and the change sequence
// (handoffs.change_seq, from a sequence in a trigger) grows in commit order.
// Writes of one process are group-committed over one connection as on
// SQLite; reads use a pool of read-only connections. The partial unique
// index handoffs_one_open enforces one open handoff per conversation. The
// handoffs trigger also sends a notification on handoff_mcp_changes;
// OnChange LISTENs on a dedicated connection, so a change feed (and the
// waiting calls and subscriptions behind it) in another replica wakes within
// milliseconds, with polling as the fallback. TryLock and RunAsLeader hold
// session advisory locks on dedicated connections, for the loops one
// replica at a time runs (the timeout sweeper); the server drops the lock
// when the holder's connection ends, so another replica takes over at its
// next try. On SQLite, whose processes share one host, the lock is always
// granted.
//
// With synchronous=NORMAL a commit survives a crash of the process; an OS
// crash or power loss may lose the last commits, never the database.
//
// A lock still held by another process after the busy timeout surfaces as a
// handoff.KindTransient error; unknown ids as handoff.KindNotFound; leaving a
// final state as handoff.KindConflict.
package store
