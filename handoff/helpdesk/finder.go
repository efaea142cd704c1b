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

// SetupChecker is implemented by connectors whose helpdesk silently drops
// what it is not set up for (tags that do not exist, undefined custom
// attributes). `handoff-mcp helpdesk test` prints what CheckSetup finds.
type SetupChecker interface {
	// CheckSetup returns what to set up in the helpdesk, one sentence each
	// naming where; triggers are the configured trigger ids (sent as tags).
	CheckSetup(ctx context.Context, triggers []string) ([]string, error)
}
