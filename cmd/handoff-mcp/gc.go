package main

import "runtime/debug"

// defaultGCPercent is the garbage collector's target when GOGC is not set:
// a cycle starts when the heap has grown by 4x what the last one left
// live, where Go's default is 1x.
//
// Why: the server's live heap is mostly long-lived tables (the embedded
// classifier's lexicons and kept turns, phone number metadata: about 10 MB
// in 80k objects once the first decision is made), which every cycle marks
// again (2-2.7 ms of mark work, against 0.5 ms for a bare mcp-go server),
// while a tool call leaves only short-lived garbage (10-15 KB). At Go's
// default a cycle ran every few hundred calls and set the calls' p99; at
// 400 they run a quarter as often. The price is a larger heap under load
// (about 4x the live heap at most, some tens of MB); idle memory is
// unchanged. GOGC in the environment overrides it, as for any Go program
// (GOGC=100 is Go's default; GOMEMLIMIT caps the heap as usual).
const defaultGCPercent = 400

// tuneGC applies defaultGCPercent unless the environment sets GOGC.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
}
