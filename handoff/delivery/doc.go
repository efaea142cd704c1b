// Package delivery drains the outbox: every helpdesk operation (opening a
// handoff's ticket, adding a user's message, closing it, forwarding a
// message left for the team) is a job committed to the store before it is
// tried (see handoff.Outbox), and a Worker delivers the jobs through the
// configured connector.
//
// A worker claims due jobs with a lease, so that processes sharing one
// database never deliver the same job at once, and only the first pending
// job of a subject, so that a message never overtakes its open and a close
// comes last. Transient failures (timeouts, 429, 5xx) are retried with
// exponential backoff and full jitter, capped, honouring Retry-After;
// permanent ones (401, 403, 404, 422) are not retried: they are
// configuration errors, logged at error level with the connector and what to
// check. After Config.Attempts attempts a job is parked as failed, and a
// failed open parks its handoff as failed, still visible and listed. A
// restart resumes every pending job: a job whose attempt was cut short
// (crash, kill) is claimable again when its lease ends.
//
// Nothing is opened twice: each job carries an idempotency key derived from
// its subject (handoff.DeliveryKey), which the webhook, email (Message-ID)
// and Zendesk connectors send; after an attempt whose outcome is unknown (a
// timeout, a lost response, a 5xx, a crash mid-attempt) a connector that
// implements helpdesk.Finder is asked for the ticket before an open is tried
// again, and the remote id is recorded with the result.
//
// A Monitor checks the helpdesk's credentials at start and every few
// minutes with the connector's cheap authenticated Check and reports the
// service status: not configured, available or unavailable.
//
// Time comes from injected functions (Options.Now, Options.After), so tests
// drive the worker with a fake clock and never wait on the wall clock.
package delivery
