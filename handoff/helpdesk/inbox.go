package helpdesk

import (
	"context"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Inbox is the built-in helpdesk and the default. The inbox is our own
// store: a handoff is persisted before any delivery is tried, and agents
// read and answer it there (`handoff-mcp inbox ...`). Delivering to it is
// therefore only an acknowledgement: Open returns the handoff id as the
// remote id and never fails, AddMessage and Close have nothing to forward,
// and Check always succeeds.
type Inbox struct{}

var (
	_ handoff.Acknowledger = Inbox{}
	_ Finder               = Inbox{}
)

// NewInbox returns the built-in inbox connector.
func NewInbox() Inbox { return Inbox{} }

// Name returns "inbox".
func (Inbox) Name() string { return TypeInbox }

// Open acknowledges h: its remote id is its own id.
func (Inbox) Open(_ context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	return handoff.Receipt{RemoteID: h.ID}, nil
}

// Ack returns h's receipt, as Open does: the handoff is delivered once it
// is stored.
func (Inbox) Ack(h handoff.Handoff) handoff.Receipt {
	return handoff.Receipt{RemoteID: h.ID}
}

// Find reports h as already delivered: the inbox holds every stored handoff.
func (Inbox) Find(_ context.Context, h handoff.Handoff) (handoff.Receipt, bool, error) {
	return handoff.Receipt{RemoteID: h.ID}, true, nil
}

// AddMessage does nothing: the store already holds the message.
func (Inbox) AddMessage(context.Context, handoff.Handoff, handoff.Message) error { return nil }

// Close does nothing: the store already records the transition.
func (Inbox) Close(context.Context, handoff.Handoff, string) error { return nil }

// Check always succeeds: the inbox is the local store.
func (Inbox) Check(context.Context) error { return nil }

// The inbox stores handoffs locally: opening twice is recognised by the
// handoff id, and Find looks it up. Its agents act through the CLI, not
// inbound events.
func init() {
	Register(Spec{
		Type:       TypeInbox,
		New:        func(Config, Options) handoff.Connector { return NewInbox() },
		Guarantees: Guarantees{IdempotentOpen: true, RemoteLookup: true},
		Example:    func() Config { return Config{Type: TypeInbox} },
	})
}
