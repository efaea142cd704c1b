// Package stats computes what the team measures from the handoffs and
// decisions a store keeps: escalations per day and per trigger, the share of
// requests that fired no trigger, the off-hours share, the time to the first
// agent reply and to resolution (p50, p90), abandoned handoffs, timeouts,
// transfers, satisfaction, and which judge decided. Compute is the one entry
// point, for the stats command and any page that shows the figures.
package stats

import (
	"context"
	"time"
)

// HandoffFacts is what the figures need of one handoff: no contact, no
// transcript, nothing the user wrote.
type HandoffFacts struct {
	ID        string
	Triggers  []string
	Team      string
	Language  string
	Connector string
	// Classifier is the handoff's classifier field (the judge that decided).
	Classifier string
	// State is the handoff's state; EndedAt and EndCause are the time and
	// cause of its last transition (zero while it is open).
	State    string
	EndedAt  time.Time
	EndCause string
	// Created is when the handoff was stored; JoinedAt when an agent took
	// it or replied, FirstReplyAt the agent's first message (zero: none).
	Created      time.Time
	JoinedAt     time.Time
	FirstReplyAt time.Time
	// Transfers counts the transfer events (handoff.CauseTransferred).
	Transfers int
	// Rating is the survey answer, 0 when none.
	Rating int
}

// DecisionFacts is one request that stored no handoff.
type DecisionFacts struct {
	At      time.Time
	Outcome string // not_triggered, off_hours, needs_email, queue_full
	Judge   string
}

// Source reads the facts of a range: handoffs created, and decisions made,
// at or after since and before until. *store.DB implements it.
type Source interface {
	StatsFacts(ctx context.Context, since, until time.Time) ([]HandoffFacts, []DecisionFacts, error)
}
