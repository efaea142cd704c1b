package desk

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

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
