package desk

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

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
	r, found, err := s.hs.Rating(ctx, id)
	if err != nil {
		return Conversation{}, fmt.Errorf("reading the rating: %w", err)
	}
	if found {
		c.Rating, c.RatingComment = fmt.Sprintf("%d / 5", r.Rating), r.Comment
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
