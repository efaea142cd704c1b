package privacy

import (
	"context"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// Connector returns next with everything it sends masked by r: the handoff
// a ticket is opened with (RedactHandoff), the user messages relayed to it,
// the closing reason and a rating's comment. With a nil r it returns next.
// The result implements helpdesk.Finder and handoff.Rater when next does.
func Connector(next handoff.Connector, r *Redactor) handoff.Connector {
	if r == nil {
		return next
	}
	c := connector{next: next, r: r}
	f, isFinder := next.(helpdesk.Finder)
	rt, isRater := next.(handoff.Rater)
	switch {
	case isFinder && isRater:
		return finderRater{finder{c, f}, rater{c, rt}}
	case isFinder:
		return finder{c, f}
	case isRater:
		return rater{c, rt}
	}
	return c
}

type connector struct {
	next handoff.Connector
	r    *Redactor
}

var (
	_ handoff.Connector = connector{}
	_ helpdesk.Finder   = finder{}
	_ handoff.Rater     = rater{}
	_ helpdesk.Finder   = finderRater{}
	_ handoff.Rater     = finderRater{}
)

func (c connector) Name() string { return c.next.Name() }

// Open opens the ticket with h masked. A handoff that carries no report
// (a message left for the team, one stored before redaction) gets the one
// just made, so that the ticket still says what was masked.
func (c connector) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	masked, rs := c.r.RedactHandoff(h)
	if len(masked.Redactions) == 0 {
		masked.Redactions = rs
	}
	return c.next.Open(ctx, masked)
}

func (c connector) AddMessage(ctx context.Context, h handoff.Handoff, m handoff.Message) error {
	masked, _ := c.r.RedactHandoff(h)
	m.Text = c.r.Text(m.Text)
	return c.next.AddMessage(ctx, masked, m)
}

func (c connector) Close(ctx context.Context, h handoff.Handoff, reason string) error {
	masked, _ := c.r.RedactHandoff(h)
	return c.next.Close(ctx, masked, c.r.Text(reason))
}

func (c connector) Check(ctx context.Context) error { return c.next.Check(ctx) }

// Unwrap returns the connector redaction wraps.
func (c connector) Unwrap() handoff.Connector { return c.next }

type finder struct {
	connector
	f helpdesk.Finder
}

func (f finder) Find(ctx context.Context, h handoff.Handoff) (handoff.Receipt, bool, error) {
	masked, _ := f.r.RedactHandoff(h)
	return f.f.Find(ctx, masked)
}

type rater struct {
	connector
	rt handoff.Rater
}

// Rate forwards the rating with its comment masked.
func (r rater) Rate(ctx context.Context, h handoff.Handoff, rt handoff.Rating) error {
	masked, _ := r.r.RedactHandoff(h)
	rt.Comment = r.r.Text(rt.Comment)
	return r.rt.Rate(ctx, masked, rt)
}

// finderRater wraps a connector that is both a Finder and a Rater.
type finderRater struct {
	finder
	rater rater
}

func (f finderRater) Rate(ctx context.Context, h handoff.Handoff, rt handoff.Rating) error {
	return f.rater.Rate(ctx, h, rt)
}
