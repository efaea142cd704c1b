package desk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// inDesk reports whether h belongs to the built-in inbox, which the desk
// works; handoffs forwarded to a helpdesk are answered there.
func inDesk(h handoff.Handoff) bool { return h.Connector == helpdesk.TypeInbox }

// waiting reports whether h is open and nobody has it: never taken, or
// transferred back to a team's queue.
func waiting(h handoff.Handoff) bool { return h.State.Open() && h.Session.AgentName == "" }

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

// Conversation is the view model of one conversation.
type Conversation struct {
	H         handoff.Handoff
	Messages  []handoff.Message
	Transfers []Transfer
	Team      string
	Question  string
	VIP       bool
	Vote      string
	Decided   string
	LocalTime string
	Wait      string
	Mine      bool
	Waiting   bool
	Templates []Template
	Agents    []string
	Teams     []string
	// Summary and Redactions are what the agent reads first (the user's
	// goal, what the bot tried, why it handed off) and what was redacted
	// from what left the server ("2 card numbers"); empty for handoffs
	// stored before summaries existed, and when nothing was redacted.
	Summary    []string
	Redactions []string
	// Rating is the user's answer to the satisfaction survey ("4 / 5"),
	// and RatingComment theirs; empty until they answer.
	Rating, RatingComment string
}

// Template is a canned message, rendered for this conversation.
type Template struct{ Name, Text string }

func (s *Server) load(ctx context.Context, me Agent, id string) (Conversation, error) {
	h, err := s.hs.Handoff(ctx, id)
	if err != nil {
		return Conversation{}, err
	}
	if !inDesk(h) {
		return Conversation{}, handoff.NotFound("handoff %s went to %s; answer it there", id, h.Connector)
	}
	msgs, err := s.hs.Messages(ctx, id, 0, 1000)
	if err != nil {
		return Conversation{}, fmt.Errorf("reading messages: %w", err)
	}
	ts, err := s.st.Transfers(ctx, id)
	if err != nil {
		return Conversation{}, err
	}
	c := Conversation{H: h, Messages: msgs, Transfers: ts, Question: h.Question, VIP: s.svcVIP(h),
		Mine: h.State.Open() && strings.EqualFold(h.Session.AgentName, me.Name), Waiting: waiting(h)}
	if c.Question == "" {
		c.Question = helpdesk.Question(h)
	}
	c.Team = h.Route.Team
	if n := len(ts); n > 0 && ts[n-1].ToTeam != "" {
		c.Team = ts[n-1].ToTeam
	}
	c.Decided, c.Vote, _ = helpdesk.Judges(h)
	if rs, ok := s.hs.(handoff.RatingStore); ok {
		r, found, err := rs.Rating(ctx, id)
		if err != nil {
			return Conversation{}, fmt.Errorf("reading the rating: %w", err)
		}
		if found {
			c.Rating, c.RatingComment = fmt.Sprintf("%d / 5", r.Rating), r.Comment
		}
	}
	if h.Summary != nil && !h.Summary.IsZero() {
		c.Summary = h.Summary.Lines()
	}
	for _, r := range h.Redactions {
		c.Redactions = append(c.Redactions, strings.TrimSuffix(handoff.RedactionNote([]handoff.Redaction{r}), " redacted"))
	}
	if tz := userZone(h); tz != nil {
		c.LocalTime = s.now().In(tz).Format("2006-01-02 15:04 MST")
	}
	since := h.CreatedAt
	c.Wait = duration(s.now().Sub(since))
	for _, name := range sortedKeys(s.cfg.Templates) {
		text, _ := s.cfg.RenderTemplate(name, h.Language, me.Name, h.Contact.Name)
		c.Templates = append(c.Templates, Template{Name: name, Text: text})
	}
	agents, err := s.st.Agents(ctx)
	if err != nil {
		return Conversation{}, err
	}
	for _, a := range agents {
		if !strings.EqualFold(a.Name, me.Name) {
			c.Agents = append(c.Agents, a.Name)
		}
		for _, t := range a.Teams {
			addUniq(&c.Teams, t)
		}
	}
	return c, nil
}

func (s *Server) conversation(w http.ResponseWriter, r *http.Request) {
	me := current(r)
	c, err := s.load(r.Context(), me.Agent, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.page(w, r, "conversation", map[string]any{"C": c, "Flash": flash(r)})
}

// claim takes a waiting conversation: the handoff becomes agent_joined
// with the agent's name, atomically; a colleague's claim that came first
// wins and this agent is told.
func (s *Server) claim(w http.ResponseWriter, r *http.Request) {
	me, id := current(r), r.PathValue("id")
	err := s.svc.ApplyAgentEvent(r.Context(), handoff.AgentEvent{Kind: handoff.AgentJoined, Connector: helpdesk.TypeInbox,
		HandoffID: id, AgentName: me.Agent.Name, Claim: true})
	s.after(w, r, id, err, "claimed")
}

func (s *Server) reply(w http.ResponseWriter, r *http.Request) {
	me, id := current(r), r.PathValue("id")
	text := strings.TrimSpace(r.PostFormValue("text"))
	if text == "" {
		s.back(w, r, id, "empty", "")
		return
	}
	err := s.svc.ApplyAgentEvent(r.Context(), handoff.AgentEvent{Kind: handoff.AgentMessage, Connector: helpdesk.TypeInbox,
		HandoffID: id, AgentName: me.Agent.Name, Text: text, MessageID: handoff.NewID("desk:r_"), Claim: true})
	s.after(w, r, id, err, "sent")
}

func (s *Server) transfer(w http.ResponseWriter, r *http.Request) {
	me, id := current(r), r.PathValue("id")
	to := strings.TrimSpace(r.PostFormValue("to"))
	team, agent := "", ""
	switch {
	case strings.HasPrefix(to, "team:") && strings.TrimSpace(to[len("team:"):]) != "":
		team = strings.ToLower(strings.TrimSpace(to[len("team:"):]))
	case strings.HasPrefix(to, "agent:"):
		agent = strings.TrimPrefix(to, "agent:")
		a, err := s.st.AgentByName(r.Context(), agent)
		if err != nil {
			s.after(w, r, id, err, "")
			return
		}
		agent = a.Name
	default:
		s.back(w, r, id, "pick_target", "")
		return
	}
	err := s.svc.ApplyAgentEvent(r.Context(), handoff.AgentEvent{Kind: handoff.AgentTransferred, Connector: helpdesk.TypeInbox,
		HandoffID: id, AgentName: me.Agent.Name, ToAgent: agent})
	if err == nil {
		err = s.st.AddTransfer(r.Context(), Transfer{HandoffID: id, FromAgent: me.Agent.Name, ToAgent: agent, ToTeam: team,
			Note: strings.TrimSpace(r.PostFormValue("note")), At: s.now()})
	}
	if err != nil {
		s.after(w, r, id, err, "")
		return
	}
	http.Redirect(w, r, Path+"?flash=transferred", http.StatusSeeOther)
}

func (s *Server) resolve(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	h, err := s.hs.Handoff(r.Context(), id)
	if err == nil {
		err = claimedBy(h, current(r).Agent.Name)
	}
	if err == nil {
		err = s.svc.ApplyAgentEvent(r.Context(), handoff.AgentEvent{Kind: handoff.AgentClosed, Connector: helpdesk.TypeInbox, HandoffID: id})
	}
	s.after(w, r, id, err, "resolved")
}

// claimedBy refuses to act on a conversation a colleague has.
func claimedBy(h handoff.Handoff, me string) error {
	if h.Session.AgentName != "" && !strings.EqualFold(h.Session.AgentName, me) {
		return &handoff.Error{Kind: handoff.KindConflict, Msg: h.Session.AgentName + " has this conversation", Err: handoff.ErrClaimed}
	}
	return nil
}

// after redirects back to the conversation with what happened: ok, a
// colleague's claim, or the reason of a refusal.
func (s *Server) after(w http.ResponseWriter, r *http.Request, id string, err error, ok string) {
	h, _ := s.hs.Handoff(r.Context(), id)
	switch {
	case err == nil:
		s.back(w, r, id, ok, "")
	case handoff.Is(err, handoff.KindConflict) && h.Session.AgentName != "" && !strings.EqualFold(h.Session.AgentName, current(r).Agent.Name):
		s.back(w, r, id, "taken", h.Session.AgentName)
	case handoff.Is(err, handoff.KindConflict):
		s.back(w, r, id, "ended", "")
	case handoff.Is(err, handoff.KindInvalid), handoff.Is(err, handoff.KindNotFound):
		s.back(w, r, id, "invalid", err.Error())
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) back(w http.ResponseWriter, r *http.Request, id, key, arg string) {
	v := url.Values{}
	if key != "" {
		v.Set("flash", key)
	}
	if arg != "" {
		v.Set("arg", arg)
	}
	u := Path + "c/" + url.PathEscape(id)
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}

type flashMsg struct{ Key, Arg string }

func flash(r *http.Request) flashMsg {
	return flashMsg{Key: r.URL.Query().Get("flash"), Arg: r.URL.Query().Get("arg")}
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func duration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", max(0, int(d.Seconds())))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh %dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

// userZone is the user's timezone: the request's, else the metadata's
// (timezone, tz, time_zone).
func userZone(h handoff.Handoff) *time.Location {
	for _, v := range []string{h.Timezone, h.Metadata["timezone"], h.Metadata["tz"], h.Metadata["time_zone"]} {
		if v != "" {
			if loc, err := handoff.LoadZone(v); err == nil {
				return loc
			}
		}
	}
	return nil
}
