package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/delivery"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// ErrHelpdeskTest is returned (wrapped) by RunHelpdeskTest when the helpdesk
// refused or failed the test.
var ErrHelpdeskTest = errors.New("helpdesk test failed")

// HelpdeskTest configures RunHelpdeskTest.
type HelpdeskTest struct {
	// Email is the test requester's address (default
	// handoff-mcp-test@example.com).
	Email string
	// Keep leaves the test ticket open; by default it is closed at once.
	Keep bool
	// Clock gives the handoff's creation time; nil means the wall clock.
	Clock clock.Clock
	// Triggers are the configured trigger ids, which connectors send as
	// tags: a helpdesk that drops unknown tags is checked for them.
	Triggers []string
}

// SampleHandoff is the clearly marked handoff `handoff-mcp helpdesk test`
// sends: a fresh id starting h_test_, the trigger helpdesk_test, low
// priority, and a transcript and reason that say no customer is waiting.
func SampleHandoff(email string, at time.Time) handoff.Handoff {
	const text = "TEST: this is a test handoff sent by `handoff-mcp helpdesk test` to check the connection. No customer is waiting; you can close it."
	return handoff.Handoff{
		ID: handoff.NewID("h_test_"), ConversationID: "handoff-mcp-helpdesk-test", State: handoff.StateQueued,
		Contact:    handoff.Contact{Email: email, Name: "handoff-mcp test"},
		Language:   "en",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: text}},
		Question:   text,
		Triggers:   []string{"helpdesk_test"},
		Reason:     "TEST sent by `handoff-mcp helpdesk test`; no customer is waiting.",
		Priority:   handoff.PriorityLow,
		Metadata:   map[string]string{"test": "true"},
		CreatedAt:  at, UpdatedAt: at,
	}
}

// RunHelpdeskTest checks the configured helpdesk the way the delivery worker
// uses it, through the real connector (not the outbox): it prints the
// service status (the connector's Check), sends a test handoff with Open
// and prints what came back (remote id, URL, timing), relays a message to
// it as send_handoff_message does (AddMessage), then closes it unless
// opts.Keep. A failure prints the classified error with what to check and
// returns an error wrapping ErrHelpdeskTest.
func RunHelpdeskTest(ctx context.Context, w io.Writer, cfg helpdesk.Config, conn handoff.Connector, opts HelpdeskTest) error {
	if opts.Email == "" {
		opts.Email = "handoff-mcp-test@example.com"
	}
	opts.Clock = clock.Or(opts.Clock)
	fmt.Fprintf(w, "Helpdesk:  %s\n", conn.Name())
	if !cfg.Configured() {
		fmt.Fprintln(w, "Status:    not_configured: handoffs stay in the built-in inbox (the database); work them with `handoff-mcp inbox`. Nothing to send.")
		return nil
	}
	start := time.Now()
	status, err := helpdesk.Probe(ctx, cfg, conn)
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		fmt.Fprintf(w, "Status:    %s (Check failed after %s)\n", status, took)
		printFailure(w, err)
	} else {
		fmt.Fprintf(w, "Status:    %s (Check answered in %s)\n", status, took)
	}

	if sc, ok := conn.(helpdesk.SetupChecker); ok {
		notes, serr := sc.CheckSetup(ctx, opts.Triggers)
		switch {
		case serr != nil:
			fmt.Fprintf(w, "Setup:     not checked: %s\n", serr)
		case len(notes) == 0:
			fmt.Fprintln(w, "Setup:     the tags and custom attributes the connector sets exist")
		default:
			fmt.Fprintf(w, "Setup:     %d thing(s) the helpdesk would silently drop:\n", len(notes))
			for _, n := range notes {
				fmt.Fprintf(w, "  - %s\n", n)
			}
		}
	}

	h := SampleHandoff(opts.Email, opts.Clock.Now())
	fmt.Fprintf(w, "Sending:   test handoff %s (requester %s)\n", h.ID, opts.Email)
	start = time.Now()
	r, oerr := conn.Open(ctx, h)
	took = time.Since(start).Round(time.Millisecond)
	if oerr != nil {
		fmt.Fprintf(w, "Failed:    after %s\n", took)
		printFailure(w, oerr)
		return fmt.Errorf("%w: %s", ErrHelpdeskTest, oerr)
	}
	fmt.Fprintf(w, "Delivered: in %s\n", took)
	fmt.Fprintf(w, "  remote id: %s\n", orDash(r.RemoteID))
	if r.URL != "" {
		fmt.Fprintf(w, "  url:       %s\n", r.URL)
	}
	h.RemoteID, h.RemoteURL, h.RemoteMeta = r.RemoteID, r.URL, r.Meta
	// The user's later messages go to the ticket the same way: a helpdesk
	// that opens tickets but refuses them would lose every one.
	start = time.Now()
	m := handoff.Message{HandoffID: h.ID, Seq: 1, Author: handoff.AuthorUser, Text: "TEST: a later message from the customer, as send_handoff_message relays it.", At: opts.Clock.Now()}
	if merr := conn.AddMessage(ctx, h, m); merr != nil {
		fmt.Fprintf(w, "Message:   failed after %s (the test ticket stays open)\n", time.Since(start).Round(time.Millisecond))
		printFailure(w, merr)
		return fmt.Errorf("%w: relaying a message to the test ticket: %s", ErrHelpdeskTest, merr)
	}
	fmt.Fprintf(w, "Message:   relayed in %s\n", time.Since(start).Round(time.Millisecond))
	if opts.Keep {
		fmt.Fprintln(w, "Kept:      the test ticket stays open (--keep)")
	} else {
		start = time.Now()
		if cerr := conn.Close(ctx, h, "handoff-mcp helpdesk test finished"); cerr != nil {
			fmt.Fprintf(w, "Close:     failed after %s (the test ticket stays open)\n", time.Since(start).Round(time.Millisecond))
			printFailure(w, cerr)
			return fmt.Errorf("%w: closing the test ticket: %s", ErrHelpdeskTest, cerr)
		}
		fmt.Fprintf(w, "Closed:    in %s\n", time.Since(start).Round(time.Millisecond))
	}
	if err != nil {
		return fmt.Errorf("%w: the status check failed: %s", ErrHelpdeskTest, err)
	}
	fmt.Fprintln(w, "OK")
	return nil
}

// printFailure prints a connector error with its kind and what to do.
func printFailure(w io.Writer, err error) {
	fmt.Fprintf(w, "  error:   %s\n", err)
	switch handoff.KindOf(err) {
	case handoff.KindPermanent:
		fmt.Fprintln(w, "  kind:    permanent: a configuration error; retrying cannot help. Fix what the error names, then run this again.")
	case handoff.KindTransient:
		msg := "  kind:    transient: the helpdesk or the network failed for now; deliveries retry this automatically"
		if ra := handoff.RetryAfterOf(err); ra > 0 {
			msg += fmt.Sprintf(" (the helpdesk asked to wait %s)", ra)
		}
		fmt.Fprintln(w, msg+".")
	default:
		fmt.Fprintln(w, "  kind:    unexpected; see the error.")
	}
}

// PrintHelpdeskStatus writes the helpdesk's service status and a summary of
// the outbox: counts per state, the oldest pending job, when the next is
// due, and the failed jobs with their errors.
func PrintHelpdeskStatus(w io.Writer, st handoff.HelpdeskStatus, stats handoff.DeliveryStats, failed []handoff.Delivery, now time.Time) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Helpdesk:  %s\n", st.Connector)
	fmt.Fprintf(&b, "Status:    %s", st.Status)
	if !st.CheckedAt.IsZero() {
		fmt.Fprintf(&b, " (checked %s)", st.CheckedAt.UTC().Format(time.RFC3339))
	}
	b.WriteString("\n")
	if st.Error != "" {
		fmt.Fprintf(&b, "  error:   %s\n", st.Error)
	}
	c := stats.Counts
	fmt.Fprintf(&b, "Outbox:    %d pending, %d done, %d failed, %d cancelled\n",
		c[handoff.DeliveryPending], c[handoff.DeliveryDone], c[handoff.DeliveryFailed], c[handoff.DeliveryCancelled])
	if !stats.OldestPending.IsZero() {
		fmt.Fprintf(&b, "  oldest pending: enqueued %s ago\n", age(now.Sub(stats.OldestPending)))
	}
	if !stats.NextDue.IsZero() {
		if d := stats.NextDue.Sub(now); d > 0 {
			fmt.Fprintf(&b, "  next attempt:   in %s\n", d.Round(time.Second))
		} else {
			b.WriteString("  next attempt:   due now (is a server running?)\n")
		}
	}
	if len(failed) > 0 {
		b.WriteString("Failed deliveries (newest last):\n")
		for _, d := range failed {
			what := "gave up after " + fmt.Sprint(d.Attempts) + " attempts"
			if d.Permanent {
				what = "configuration error"
			}
			fmt.Fprintf(&b, "  %s  %-7s %s  %s: %s\n", d.Subject, d.Kind, d.UpdatedAt.UTC().Format(time.RFC3339), what, d.LastError)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// PrintDeliveries writes the outbox jobs of one handoff, for `inbox show`.
func PrintDeliveries(w io.Writer, ds []handoff.Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("\nDeliveries:\n")
	for _, d := range ds {
		kind := string(d.Kind)
		if d.Kind == handoff.DeliveryMessage {
			kind += fmt.Sprintf(" %d", d.Seq)
		}
		fmt.Fprintf(&b, "  %-10s %-9s attempts %d", kind, d.State, d.Attempts)
		switch {
		case d.State == handoff.DeliveryDone && d.RemoteID != "":
			fmt.Fprintf(&b, "  %s %s", d.Connector, d.RemoteID)
		case d.State == handoff.DeliveryPending:
			fmt.Fprintf(&b, "  next %s", d.NextAttemptAt.UTC().Format(time.RFC3339))
		}
		b.WriteString("\n")
		if d.LastError != "" {
			label := "error"
			if d.Permanent {
				label = "configuration error"
			}
			fmt.Fprintf(&b, "             %s: %s\n", label, d.LastError)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// CheckStatus probes the configured helpdesk once, for `helpdesk status`,
// and saves what it finds in st (when not nil), where every server of the
// installation reads the helpdesk's status.
func CheckStatus(ctx context.Context, cfg helpdesk.Config, conn handoff.Connector, st delivery.StatusStore) handoff.HelpdeskStatus {
	return delivery.NewMonitor(cfg, conn, delivery.MonitorOptions{Store: st}).Check(ctx)
}
