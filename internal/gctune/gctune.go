// Package gctune sets the garbage collector's target for handoff-mcp before
// the other packages' initialisation runs. Import it for its effect:
//
//	import _ "github.com/handoff-mcp/handoff-mcp/internal/gctune"
//
// A cycle starts when the heap has grown by DefaultPercent percent of what
// the last one left live, where Go's default is 100, unless GOGC is set in
// the environment (which wins, as for any Go program; GOMEMLIMIT caps the
// heap as usual).
//
// Why 400: the server's live heap is mostly long-lived tables (the embedded
// classifier's lexicons and kept turns, phone number metadata: about 12 MB
// live under load), which every cycle marks again, while a tool call leaves
// only short-lived garbage (10-40 KB). At Go's default a cycle ran every few
// hundred calls and set the calls' p99; at 400 they run a quarter as often.
// The price is a larger heap under load (up to about 5x the live heap);
// idle memory barely changes.
//
// Why in an init of its own: Go initialises packages in dependency order,
// then by import path, so this package (importing only the standard
// library, and sorting before github.com/mark3labs, github.com/nyaruka and
// github.com/santhosh-tekuri) runs before the heavy initialisers of
// libraries (phone number metadata, mcp-go's JSON Schema meta-schemas,
// about 5 MB of allocations), whose garbage collections at Go's default
// were a tenth of the time from exec to serving.
package gctune

import (
	"os"
	"runtime/debug"
)

// DefaultPercent is the garbage collector's target when GOGC is not set.
const DefaultPercent = 400

func init() { Apply(os.Getenv) }

// Apply sets DefaultPercent unless getenv("GOGC") is set.
func Apply(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(DefaultPercent)
	}
}
