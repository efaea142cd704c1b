package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// HandoffURIPrefix starts the URI of every handoff resource: handoff://{id}.
const HandoffURIPrefix = "handoff://"

// HandoffMIMEType is the MIME type of a handoff resource.
const HandoffMIMEType = "application/json"

// HandoffURI returns the resource URI of handoff id.
func HandoffURI(id string) string { return HandoffURIPrefix + id }

// HandoffIDFromURI returns the handoff id of a handoff://{id} URI, and false
// when uri is not one (another scheme, an empty id, a path, a query).
func HandoffIDFromURI(uri string) (string, bool) {
	id, ok := strings.CutPrefix(uri, HandoffURIPrefix)
	if !ok || id == "" || len(id) > 256 || strings.ContainsAny(id, "/?#% \t\r\n") {
		return "", false
	}
	return id, true
}

// SessionMessageStore is implemented by a store that keeps the messages of
// live handoff sessions (the agent's replies, the user's relayed words, the
// session's notices). The handoff resource lists them when the store
// implements it, and an empty list otherwise.
type SessionMessageStore interface {
	// Messages returns the messages of handoff id with a sequence number
	// above after, oldest first, at most limit.
	Messages(ctx context.Context, id string, after int64, limit int) ([]handoff.Message, error)
}

// QueueReporter is implemented by what knows the queue (the handoff
// service): where a handoff waiting for an agent stands and how
// long the wait is likely to be. The handoff resource and the progress of a
// waiting call show them when the server has one (Options.Queue, or the
// service itself when it implements QueueReporter).
type QueueReporter interface {
	// QueueInfo returns h's 1-based position among the handoffs waiting
	// for an agent and the expected wait; 0 and 0 when it does not wait or
	// the queue is not known.
	QueueInfo(ctx context.Context, h handoff.Handoff) (position int, wait time.Duration, err error)
}

// Bounds of the messages one read of the resource returns: read in pages,
// the newest kept.
const (
	resourceMessages = 500
	messagePage      = 100
	maxMessagePages  = 50
)

// HandoffResource is the content of handoff://{id}: what a client following
// a handoff needs to show the user and to decide who speaks.
type HandoffResource struct {
	URI            string `json:"uri"`
	ID             string `json:"id"`
	ConversationID string `json:"conversation_id"`
	// State is the lifecycle state: queued, delivered, agent_joined,
	// closed, timed_out, cancelled or failed.
	State handoff.State `json:"state"`
	// Open is true while the handoff is queued, delivered or agent_joined.
	Open bool `json:"open"`
	// Owner is who owns the conversation: human while the handoff is open,
	// bot once it ended.
	Owner string `json:"owner"`
	// NextStep says what the bot should do now.
	NextStep string        `json:"next_step"`
	Queue    QueueView     `json:"queue"`
	Contact  ContactView   `json:"contact"`
	Triggers []string      `json:"triggers"`
	Reason   string        `json:"reason"`
	Priority string        `json:"priority,omitempty"`
	Language string        `json:"language,omitempty"`
	Helpdesk HelpdeskView  `json:"helpdesk"`
	Events   []EventView   `json:"events"`
	Messages []MessageView `json:"messages"`
	// MessagesOmitted counts older messages left out (the newest 500 are
	// shown).
	MessagesOmitted int `json:"messages_omitted,omitempty"`
	// LastMessageSeq is the sequence number of the newest message (0 when
	// there is none): the cursor for reading only newer ones.
	LastMessageSeq int64     `json:"last_message_seq"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// QueueView says where the handoff stands.
type QueueView struct {
	// Status is waiting_for_helpdesk (queued: not yet taken by the
	// helpdesk), waiting_for_agent (delivered), with_agent (agent_joined)
	// or ended.
	Status string `json:"status"`
	// Position and EstimatedWaitSeconds, when the queue is known.
	Position             int `json:"position,omitempty"`
	EstimatedWaitSeconds int `json:"estimated_wait_seconds,omitempty"`
}

// ContactView is how to reach the user, as the agent sees it.
type ContactView struct {
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	Name  string `json:"name,omitempty"`
}

// HelpdeskView is where the handoff went.
type HelpdeskView struct {
	Connector string `json:"connector"`
	RemoteID  string `json:"remote_id,omitempty"`
	RemoteURL string `json:"remote_url,omitempty"`
	// LastError is the last failed delivery attempt, while one is retried
	// or after the helpdesk refused the handoff.
	LastError string `json:"last_error,omitempty"`
}

// EventView is one lifecycle transition.
type EventView struct {
	From  handoff.State `json:"from,omitempty"`
	To    handoff.State `json:"to"`
	Cause string        `json:"cause"`
	At    time.Time     `json:"at"`
}

// MessageView is one message of the live session.
type MessageView struct {
	Seq    int64          `json:"seq"`
	Author handoff.Author `json:"author"`
	Name   string         `json:"name,omitempty"`
	Text   string         `json:"text"`
	At     time.Time      `json:"at"`
}

const handoffResourceDescription = `The live state of one handoff, by the handoff_id that request_human_handoff returned: ` +
	`its state (queued, delivered, agent_joined, closed, timed_out, cancelled, failed), who owns the conversation, ` +
	`the queue, the user's contact, the triggers and reason, every lifecycle event and the messages of the live session. ` +
	`Subscribe to it (resources/subscribe, or subscriptions/listen from protocol 2026-07-28) to be told when it changes.`

// HandoffTemplate is the resource template handoff://{id}; queue, when not
// nil, tells where a waiting handoff stands.
func HandoffTemplate(svc *handoff.Service, queue QueueReporter) server.ServerResourceTemplate {
	tmpl := mcp.NewResourceTemplate(HandoffURIPrefix+"{id}", "handoff",
		mcp.WithTemplateTitle("Handoff status"),
		mcp.WithTemplateDescription(handoffResourceDescription),
		mcp.WithTemplateMIMEType(HandoffMIMEType),
	)
	return server.ServerResourceTemplate{Template: tmpl, Handler: func(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		id, ok := HandoffIDFromURI(req.Params.URI)
		if !ok {
			return nil, fmt.Errorf("%w: %s is not a handoff://{id} URI", server.ErrResourceNotFound, req.Params.URI)
		}
		view, err := ReadHandoff(ctx, svc, queue, id)
		if handoff.Is(err, handoff.KindNotFound) {
			return nil, fmt.Errorf("%w: %s: no handoff has this id", server.ErrResourceNotFound, req.Params.URI)
		}
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(view)
		if err != nil {
			return nil, fmt.Errorf("encoding handoff %s: %w", id, err)
		}
		return []mcp.ResourceContents{mcp.TextResourceContents{URI: req.Params.URI, MIMEType: HandoffMIMEType, Text: string(b)}}, nil
	}}
}

// ReadHandoff assembles the resource of handoff id from svc's store: the
// handoff, its events, its session messages when the store keeps them (see
// SessionMessageStore), and its place in the queue when queue is not nil.
func ReadHandoff(ctx context.Context, svc *handoff.Service, queue QueueReporter, id string) (HandoffResource, error) {
	st := svc.Store()
	h, err := st.Handoff(ctx, id)
	if err != nil {
		return HandoffResource{}, err
	}
	events, err := st.Events(ctx, id)
	if err != nil {
		return HandoffResource{}, fmt.Errorf("reading events of handoff %s: %w", id, err)
	}
	v := handoffView(h)
	for _, e := range events {
		v.Events = append(v.Events, EventView{From: e.From, To: e.To, Cause: e.Cause, At: e.At})
	}
	if ms, ok := st.(SessionMessageStore); ok {
		msgs, omitted, err := readMessages(ctx, ms, id)
		if err != nil {
			return HandoffResource{}, fmt.Errorf("reading messages of handoff %s: %w", id, err)
		}
		v.MessagesOmitted = omitted
		for _, m := range msgs {
			v.Messages = append(v.Messages, MessageView{Seq: m.Seq, Author: m.Author, Name: m.Name, Text: m.Text, At: m.At})
			v.LastMessageSeq = max(v.LastMessageSeq, m.Seq)
		}
	}
	pos, wait, err := queuePosition(ctx, queue, h)
	if err != nil {
		return HandoffResource{}, fmt.Errorf("reading queue position of handoff %s: %w", id, err)
	}
	v.Queue.Position, v.Queue.EstimatedWaitSeconds = pos, int(wait.Round(time.Second)/time.Second)
	return v, nil
}

// readMessages pages through the session messages of handoff id and
// returns the newest resourceMessages of them, and how many older ones were
// left out.
func readMessages(ctx context.Context, ms SessionMessageStore, id string) ([]handoff.Message, int, error) {
	var (
		out     []handoff.Message
		omitted int
		after   int64
	)
	for range maxMessagePages {
		page, err := ms.Messages(ctx, id, after, messagePage)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, page...)
		if n := len(out) - resourceMessages; n > 0 {
			omitted += n
			out = append(out[:0], out[n:]...)
		}
		if len(page) < messagePage {
			break
		}
		after = page[len(page)-1].Seq
	}
	return out, omitted, nil
}

// queuePosition asks q for h's place in the queue while it waits for an
// agent; zeros when it does not wait or q is nil.
func queuePosition(ctx context.Context, q QueueReporter, h handoff.Handoff) (int, time.Duration, error) {
	if q == nil || !h.State.Open() || h.State == handoff.StateAgentJoined {
		return 0, 0, nil
	}
	return q.QueueInfo(ctx, h)
}

// handoffView maps the handoff record onto the resource, without events,
// messages or queue position.
func handoffView(h handoff.Handoff) HandoffResource {
	v := HandoffResource{
		URI: HandoffURI(h.ID), ID: h.ID, ConversationID: h.ConversationID,
		State: h.State, Open: h.State.Open(), Owner: ownerOf(h.State), NextStep: resourceNextStep(h.State),
		Queue:    QueueView{Status: queueStatus(h.State)},
		Contact:  ContactView{Email: h.Contact.Email, Phone: h.Contact.Phone, Name: h.Contact.Name},
		Triggers: h.Triggers, Reason: h.Reason, Priority: string(h.Priority), Language: h.Language,
		Helpdesk: HelpdeskView{Connector: h.Connector, RemoteID: h.RemoteID, RemoteURL: h.RemoteURL, LastError: h.LastError},
		Events:   []EventView{}, Messages: []MessageView{},
		CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt,
	}
	if v.Triggers == nil {
		v.Triggers = []string{}
	}
	return v
}

// ownerOf says who owns the conversation in state s.
func ownerOf(s handoff.State) string {
	if s.Open() {
		return "human"
	}
	return "bot"
}

func queueStatus(s handoff.State) string {
	switch s {
	case handoff.StateQueued:
		return "waiting_for_helpdesk"
	case handoff.StateDelivered:
		return "waiting_for_agent"
	case handoff.StateAgentJoined:
		return "with_agent"
	}
	return "ended"
}

func resourceNextStep(s handoff.State) string {
	switch s {
	case handoff.StateQueued, handoff.StateDelivered:
		return "A human agent owns this conversation and will join here. Stay out of the way: do not try to solve the issue yourself; tell the user they are waiting for a person if they ask."
	case handoff.StateAgentJoined:
		return "An agent is talking to the user. Stay silent and relay: pass the agent's messages to the user and the user's words to the agent."
	case handoff.StateFailed:
		return "The helpdesk could not take the handoff, so no human will join. You own the conversation again: offer collect_contact so the user can leave an email and a message."
	}
	return "The handoff has ended. You own the conversation again: carry on helping the user yourself."
}
