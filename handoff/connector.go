package handoff

import (
	"context"
	"time"
)

// Author is who wrote a message of a live handoff session.
type Author string

// The authors of session messages.
const (
	AuthorUser   Author = "user"
	AuthorAgent  Author = "agent"
	AuthorSystem Author = "system"
)

// Message is one message of a live handoff session, after the handoff was
// accepted: the user's words relayed to the agent, or the agent's reply.
type Message struct {
	HandoffID string `json:"handoff_id"`
	// Seq orders the messages of a handoff; it is the cursor clients pass
	// back to read only newer messages.
	Seq    int64  `json:"seq"`
	Author Author `json:"author"`
	// Name is the agent's display name, when the helpdesk gives one.
	Name string `json:"name,omitempty"`
	Text string `json:"text"`
	// ExternalID is the helpdesk's id of the message; a message whose
	// ExternalID is already stored is a redelivery and is ignored.
	ExternalID string    `json:"external_id,omitempty"`
	At         time.Time `json:"at"`
}

// Receipt is what a helpdesk returned when a handoff was opened there.
type Receipt struct {
	// RemoteID is the ticket or conversation id in the helpdesk.
	RemoteID string
	// URL is where an agent opens it, when the helpdesk has one.
	URL string
	// Meta holds further identifiers the connector needs later.
	Meta map[string]string
}

// Acknowledger is a Connector whose helpdesk is the store itself (the
// built-in inbox): a handoff stored is a handoff delivered. The Service
// stores such a handoff delivered, with Ack's receipt, in the transaction
// that creates it, and enqueues no open job: one write instead of a create,
// a claim and a result.
type Acknowledger interface {
	Connector
	// Ack returns the receipt of h, which it cannot refuse.
	Ack(h Handoff) Receipt
}

// Connector forwards handoffs to one helpdesk. Implementations are safe for
// concurrent use and return errors of KindTransient (retry later) or
// KindPermanent (a person must fix the configuration) where they can tell.
type Connector interface {
	// Name is the connector's configuration name ("inbox", "zendesk", ...).
	Name() string
	// Open creates the ticket or conversation for h. Calling it again for
	// the same h.ID must not create a second one.
	Open(ctx context.Context, h Handoff) (Receipt, error)
	// AddMessage adds the user's message m to the opened handoff h.
	AddMessage(ctx context.Context, h Handoff, m Message) error
	// Close closes the opened handoff h, giving reason.
	Close(ctx context.Context, h Handoff, reason string) error
	// Check makes a cheap authenticated call to tell whether the helpdesk
	// is reachable and the credentials work.
	Check(ctx context.Context) error
}

// Rater is implemented by the connectors whose helpdesk documents an API
// for a customer's satisfaction answer. The service enqueues a rating job
// only when the connector is one.
type Rater interface {
	// Rate records the user's answer r (a rating from 1 to 5 and an
	// optional comment) on the ticket of the ended handoff h.
	Rate(ctx context.Context, h Handoff, r Rating) error
}
