// Package watch is the change feed of handoff-mcp: it tells the parts of
// one process that follow handoffs (the MCP resource subscriptions, a
// request_human_handoff call waiting for an agent) when a handoff changed,
// wherever the change was made: in this process, in another replica sharing
// the database, in the `handoff-mcp inbox reply` command, or in the delivery
// worker.
//
// A Feed polls its Source for handoffs changed after a cursor (the store
// keeps a monotonic change sequence on every handoff row, so a poll is one
// indexed range read) every Config.PollInterval, and at once when Nudge is
// called after an in-process write. One goroutine polls for the whole
// process; a poll hands its batch of changes to every Listen function and
// wakes every Watch channel of the handoffs in it, without blocking and
// without a goroutine per subscriber. Memory is bounded by the batch size
// and by what the followers hold; Run stops on context cancellation and
// closes Done, so waiters can return.
package watch
