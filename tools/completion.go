package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Bounds of the handoff ids completion/complete offers.
const (
	// maxIDCompletions is how many ids one answer lists (the protocol
	// allows 100; a picker shows a handful).
	maxIDCompletions = 10
	// minIDRandom is how many characters of an id's random part (after
	// "h_", 16 characters, 80 bits) a client must type before ids are
	// offered. The id is the capability to read a handoff and resources/list
	// is empty so that no client lists every user's handoffs; completing
	// from a short prefix would list them anyway, a few requests per id
	// (with 4 characters typed and 100,000 handoffs stored, one request in
	// ten finds one). With 8 typed (40 bits), finding one id by guessing
	// still takes about 2^40/n requests for n stored handoffs: eleven
	// million at 100,000. A person who has the id at hand (from a ticket,
	// a log line) types or pastes half of it and gets the rest.
	minIDRandom = 8
)

// handoffIDPrefix starts every handoff id (handoff.NewID("h_")).
const handoffIDPrefix = "h_"

// handoffCompletions completes the arguments of the server's resource
// templates: the id of handoff://{id}, open handoffs first, by prefix.
//
// The MCP specification offers completions for the arguments of prompts
// and resource templates only, not of tools: the server has no prompts, and
// handoff://{id} has no other argument, so the tools' language and timezone
// arguments cannot be completed.
type handoffCompletions struct{ svc *handoff.Service }

var _ server.ResourceCompletionProvider = handoffCompletions{}

// CompleteResourceArgument answers completion/complete for a ref/resource.
func (c handoffCompletions) CompleteResourceArgument(ctx context.Context, uri string, arg mcp.CompleteArgument, _ mcp.CompleteContext) (*mcp.Completion, error) {
	if uri != HandoffURIPrefix+"{id}" || arg.Name != "id" {
		return &mcp.Completion{Values: []string{}}, nil
	}
	ids, more, err := c.ids(ctx, arg.Value)
	if err != nil {
		return nil, err
	}
	return &mcp.Completion{Values: ids, HasMore: more}, nil
}

// ids returns up to maxIDCompletions handoff ids starting with prefix, open
// ones first (in queue order), then ended ones (oldest first), and whether
// there are more.
func (c handoffCompletions) ids(ctx context.Context, prefix string) ([]string, bool, error) {
	prefix = strings.TrimSpace(prefix)
	if !strings.HasPrefix(prefix, handoffIDPrefix) || len(prefix)-len(handoffIDPrefix) < minIDRandom {
		return []string{}, false, nil
	}
	st := c.svc.Store()
	groups := []handoff.ListFilter{
		{States: handoff.OpenStates, IDPrefix: prefix, Order: handoff.OrderQueue},
		{States: endedStates(), IDPrefix: prefix},
	}
	ids := []string{}
	for _, f := range groups {
		f.Limit = maxIDCompletions + 1 - len(ids)
		hs, err := st.ListHandoffs(ctx, f)
		if err != nil {
			return nil, false, fmt.Errorf("listing handoffs to complete %q: %w", prefix, err)
		}
		for _, h := range hs {
			ids = append(ids, h.ID)
		}
		if len(ids) > maxIDCompletions {
			return ids[:maxIDCompletions], true, nil
		}
	}
	return ids, false, nil
}

func endedStates() []handoff.State {
	return []handoff.State{handoff.StateClosed, handoff.StateTimedOut, handoff.StateCancelled, handoff.StateFailed}
}
