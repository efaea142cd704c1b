package helpdesk

import (
	"context"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Finder is implemented by connectors whose helpdesk can be searched for a
// handoff opened earlier (by the external id, custom attribute, tag or
// subject reference Open stored there). The delivery worker calls Find
// before retrying an Open whose outcome it does not know, and records the
// receipt instead of creating a second ticket when found is true.
type Finder interface {
	// Find returns the receipt of the ticket or conversation opened for h,
	// and found false when there is none.
	Find(ctx context.Context, h handoff.Handoff) (r handoff.Receipt, found bool, err error)
}
