package app

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// OutboxStates reads the --state flag of `outbox list`: a comma-separated
// list of pending, done, failed, cancelled, or all (nil: every state).
func OutboxStates(flag string) ([]handoff.DeliveryState, error) {
	if flag == "all" {
		return nil, nil
	}
	var out []handoff.DeliveryState
	for _, s := range strings.Split(flag, ",") {
		switch st := handoff.DeliveryState(strings.TrimSpace(s)); st {
		case handoff.DeliveryPending, handoff.DeliveryDone, handoff.DeliveryFailed, handoff.DeliveryCancelled:
			out = append(out, st)
		default:
			return nil, fmt.Errorf("--state: %q is not a state; use pending, done, failed, cancelled (comma-separated) or all", s)
		}
	}
	return out, nil
}

// PrintOutbox writes outbox jobs, one block each: id, state, kind and
// subject, attempts, when it is due, and the last error.
func PrintOutbox(w io.Writer, ds []handoff.Delivery, now time.Time) error {
	var b strings.Builder
	if len(ds) == 0 {
		b.WriteString("No jobs.\n")
	}
	for _, d := range ds {
		what := string(d.Kind)
		switch {
		case d.Kind == handoff.DeliveryMessage:
			what += fmt.Sprintf(" %d", d.Seq)
		case d.Kind == handoff.DeliveryRating && d.Rating != nil:
			what += fmt.Sprintf(" %d", d.Rating.Rating)
		}
		fmt.Fprintf(&b, "%-6d %-9s %-10s %s  attempts %d, updated %s ago\n", d.ID, d.State, what, d.Subject, d.Attempts, age(now.Sub(d.UpdatedAt)))
		switch {
		case d.State == handoff.DeliveryPending && d.NextAttemptAt.After(now):
			fmt.Fprintf(&b, "       next attempt in %s\n", d.NextAttemptAt.Sub(now).Round(time.Second))
		case d.State == handoff.DeliveryPending:
			b.WriteString("       due now (a running server takes it)\n")
		case d.State == handoff.DeliveryDone && d.RemoteID != "":
			fmt.Fprintf(&b, "       %s %s\n", d.Connector, d.RemoteID)
		}
		if d.LastError != "" {
			label := "error"
			if d.Permanent {
				label = "configuration error"
			}
			fmt.Fprintf(&b, "       %s: %s\n", label, d.LastError)
		}
		if d.State == handoff.DeliveryFailed {
			if d.Kind == handoff.DeliveryOpen {
				b.WriteString("       the handoff failed and its user was told; `outbox drop` clears it\n")
			} else {
				fmt.Fprintf(&b, "       once the cause is fixed: handoff-mcp outbox retry %d (or drop %d)\n", d.ID, d.ID)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
