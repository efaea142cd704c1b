package desk

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// inDesk reports whether h belongs to the built-in inbox, which the desk
// works; handoffs forwarded to a helpdesk are answered there.
func inDesk(h handoff.Handoff) bool { return h.Connector == helpdesk.TypeInbox }

// waiting reports whether h is open and nobody has it: never taken, or
// transferred back to a team's queue.
func waiting(h handoff.Handoff) bool { return waits(h.State, h.Session.AgentName) }

// waits is waiting of a handoff in state with agent.
func waits(state handoff.State, agent string) bool { return state.Open() && agent == "" }

// Row is one conversation in a queue list.
type Row struct {
	ID, Name, Email, Question, Language, Team, Agent, Priority, State string
	Triggers                                                          []string
	VIP                                                               bool
	Wait                                                              string
	Updated                                                           string
}

// Filter narrows a queue list.
type Filter struct {
	Tab, Team, Language, Trigger, Query string
}

func (f Filter) match(h handoff.Handoff, team string) bool {
	if f.Team != "" && !strings.EqualFold(team, f.Team) {
		return false
	}
	if f.Language != "" && !strings.EqualFold(h.Language, f.Language) {
		return false
	}
	if f.Trigger != "" && !slices.Contains(h.Triggers, f.Trigger) {
		return false
	}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		hay := strings.ToLower(strings.Join([]string{h.ID, h.Contact.Email, h.Contact.Name, h.Reason, h.Session.AgentName, helpdesk.Question(h)}, " "))
		if !strings.Contains(hay, q) {
			return false
		}
	}
	return true
}

// list returns the rows of tab for agent a, and the queue's teams,
// languages and triggers for the filters.
func (s *Server) list(ctx context.Context, a Agent, f Filter) ([]Row, facets, error) {
	lf := handoff.ListFilter{States: handoff.OpenStates, Order: handoff.OrderQueue, Limit: 1000}
	if f.Tab == "resolved" {
		lf = handoff.ListFilter{States: []handoff.State{handoff.StateClosed, handoff.StateTimedOut, handoff.StateCancelled}, Order: handoff.OrderRecent, Limit: 500}
	}
	hs, err := s.hs.ListHandoffs(ctx, lf)
	if err != nil {
		return nil, facets{}, fmt.Errorf("listing handoffs: %w", err)
	}
	ids := make([]string, len(hs))
	for i, h := range hs {
		ids[i] = h.ID
	}
	last, err := s.st.LastTransfers(ctx, ids)
	if err != nil {
		return nil, facets{}, err
	}
	now := s.now()
	var rows []Row
	fc := facets{}
	for _, h := range hs {
		if !inDesk(h) {
			continue
		}
		team := teamOf(h, last)
		switch f.Tab {
		case "mine":
			if !h.State.Open() || !strings.EqualFold(h.Session.AgentName, a.Name) {
				continue
			}
		case "resolved":
		default:
			if !waiting(h) {
				continue
			}
		}
		fc.add(h, team)
		if !f.match(h, team) {
			continue
		}
		since := h.CreatedAt
		if !h.Session.WaitSince.IsZero() {
			since = h.Session.WaitSince
		}
		rows = append(rows, Row{
			ID: h.ID, Name: h.Contact.Name, Email: h.Contact.Email, Question: excerpt(helpdesk.Question(h), 90),
			Language: h.Language, Team: team, Agent: h.Session.AgentName, Priority: string(h.Priority), State: string(h.State),
			Triggers: h.Triggers, VIP: s.svcVIP(h), Wait: duration(now.Sub(since)), Updated: h.UpdatedAt.Format("2006-01-02 15:04"),
		})
		if len(rows) >= 200 {
			break
		}
	}
	return rows, fc, nil
}

func (s *Server) svcVIP(h handoff.Handoff) bool {
	return s.svc.Config().Queue.IsVIP(h.Metadata)
}

// waitingCount is how many conversations of the desk wait for an agent.
func (s *Server) waitingCount(ctx context.Context) (int, error) {
	hs, err := s.hs.ListHandoffs(ctx, handoff.ListFilter{States: handoff.OpenStates, Limit: 1000})
	if err != nil {
		return 0, fmt.Errorf("counting the queue: %w", err)
	}
	n := 0
	for _, h := range hs {
		if inDesk(h) && waiting(h) {
			n++
		}
	}
	return n, nil
}

type facets struct{ Teams, Languages, Triggers []string }

func (f *facets) add(h handoff.Handoff, team string) {
	addUniq(&f.Teams, team)
	addUniq(&f.Languages, h.Language)
	for _, t := range h.Triggers {
		addUniq(&f.Triggers, t)
	}
}

func addUniq(s *[]string, v string) {
	if v != "" && !slices.Contains(*s, v) {
		*s = append(*s, v)
		slices.Sort(*s)
	}
}

// teamOf is the team a handoff waits for: the last transfer's, else its
// route's.
func teamOf(h handoff.Handoff, last map[string]Transfer) string {
	if t, ok := last[h.ID]; ok && t.ToTeam != "" {
		return t.ToTeam
	}
	return h.Route.Team
}

func (s *Server) queue(w http.ResponseWriter, r *http.Request) {
	me := current(r)
	q := r.URL.Query()
	f := Filter{Tab: q.Get("tab"), Team: q.Get("team"), Language: q.Get("language"), Trigger: q.Get("trigger"), Query: q.Get("q")}
	if f.Tab != "mine" && f.Tab != "resolved" {
		f.Tab = "waiting"
	}
	rows, fc, err := s.list(r.Context(), me.Agent, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.page(w, r, "queue", map[string]any{"Rows": rows, "Filter": f, "Facets": fc})
}
