package handoff

import "time"

// State is where a handoff is in its lifecycle.
type State string

// The lifecycle states. Queued, delivered and agent_joined are open; the
// others are final.
const (
	// StateQueued: accepted and stored, not yet delivered to the helpdesk.
	StateQueued State = "queued"
	// StateDelivered: the helpdesk has it; no agent has replied yet.
	StateDelivered State = "delivered"
	// StateAgentJoined: an agent has replied; a human owns the conversation.
	StateAgentJoined State = "agent_joined"
	// StateClosed: the agent or the user ended the session.
	StateClosed State = "closed"
	// StateTimedOut: the waiting or session timeout ended it.
	StateTimedOut State = "timed_out"
	// StateCancelled: the user withdrew the request before an agent joined.
	StateCancelled State = "cancelled"
	// StateFailed: delivery failed for good; the handoff stays visible.
	StateFailed State = "failed"
)

// OpenStates are the states in which a conversation has an open handoff.
var OpenStates = []State{StateQueued, StateDelivered, StateAgentJoined}

// Open reports whether s is one of OpenStates.
func (s State) Open() bool {
	return s == StateQueued || s == StateDelivered || s == StateAgentJoined
}

// Waiting reports whether s waits for an agent: queued or delivered. These
// are the handoffs of the queue (its position, its maximum length).
func (s State) Waiting() bool { return s == StateQueued || s == StateDelivered }

// Owner says who owns the conversation in state s: OwnerHuman while the
// handoff is open (the bot relays and stays silent), OwnerBot once it has
// ended (the bot resumes).
func (s State) Owner() string {
	if s.Open() {
		return OwnerHuman
	}
	return OwnerBot
}

// The owners of a conversation, as tool results name them.
const (
	OwnerBot   = "bot"
	OwnerHuman = "human"
)

// Valid reports whether s is a known state.
func (s State) Valid() bool {
	switch s {
	case StateQueued, StateDelivered, StateAgentJoined, StateClosed, StateTimedOut, StateCancelled, StateFailed:
		return true
	}
	return false
}

// Contact is what is known about how to reach the user of a conversation.
type Contact struct {
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	Name  string `json:"name,omitempty"`
}

// IsZero reports whether no field is set.
func (c Contact) IsZero() bool { return c == Contact{} }

// Merge returns c with every empty field filled from other.
func (c Contact) Merge(other Contact) Contact {
	if c.Email == "" {
		c.Email = other.Email
	}
	if c.Phone == "" {
		c.Phone = other.Phone
	}
	if c.Name == "" {
		c.Name = other.Name
	}
	return c
}

// Handoff is one request to hand a conversation to a human: what was
// decided, what goes to the helpdesk, and where delivery stands.
type Handoff struct {
	ID             string  `json:"id"`
	ConversationID string  `json:"conversation_id"`
	State          State   `json:"state"`
	Contact        Contact `json:"contact"`
	// Language of the user (ISO 639-1), when known.
	Language string `json:"language,omitempty"`
	// Transcript is the last N turns of the conversation, the current
	// question included as the final user turn.
	Transcript []Turn `json:"transcript"`
	// Question is the user's current question, when the client sent one.
	Question string `json:"question,omitempty"`
	// Triggers are the ids of the triggers that fired.
	Triggers []string `json:"triggers"`
	// Reason is why the conversation is handed off, for the human agent.
	Reason string `json:"reason"`
	// Classifier names the judge that decided: the server's classifier
	// ("embedded", "cascade/llm", ...), "calling_model" (a grounded vote
	// overruled the classifier's "no") or "forced"; Confidence is that
	// judge's (0 for calling_model, which states none).
	Classifier string  `json:"classifier,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
	// Vote is the calling model's vote, when it gave one, and what became
	// of it; ServerVerdict is the server classifier's own verdict (nil when
	// the handoff was forced).
	Vote          *Vote    `json:"vote,omitempty"`
	ServerVerdict *Verdict `json:"server_verdict,omitempty"`
	Route         Route    `json:"route"`
	Priority      Priority `json:"priority,omitempty"`
	// Metadata is free-form context from the client (plan, customer id,
	// "vip": "true", ...), shown to the agent and passed to the helpdesk.
	Metadata map[string]string `json:"metadata,omitempty"`
	// Summary is what the agent reads first (goal, what the bot tried, why
	// it handed over); nil for handoffs stored before summaries existed.
	Summary *Summary `json:"summary,omitempty"`
	// Redactions count what privacy.redact masks, by kind, in what leaves
	// the server (the helpdesk's copy, LLM prompts); empty when nothing.
	Redactions []Redaction `json:"redactions,omitempty"`
	// Context is what the bot used before handing off (knowledge-base
	// articles, links), shown to the agent.
	Context []ContextItem `json:"context,omitempty"`
	// Timezone is the user's IANA zone, when the client gave it: the agent
	// sees the user's local time.
	Timezone string `json:"timezone,omitempty"`

	// Connector is the helpdesk the handoff is delivered to.
	Connector string `json:"connector"`
	// RemoteID and RemoteURL identify the ticket or conversation in the
	// helpdesk once delivered.
	RemoteID  string `json:"remote_id,omitempty"`
	RemoteURL string `json:"remote_url,omitempty"`
	// RemoteMeta holds further remote identifiers a connector needs later
	// (a contact id, a thread id).
	RemoteMeta map[string]string `json:"remote_meta,omitempty"`
	// Attempts counts delivery attempts; NextAttemptAt is when the next is
	// due; LastError is the most recent delivery failure.
	Attempts      int       `json:"attempts,omitempty"`
	NextAttemptAt time.Time `json:"next_attempt_at,omitzero"`
	LastError     string    `json:"last_error,omitempty"`

	// Session is the live part of the handoff once accepted.
	Session Session `json:"session"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ContextItem is one thing the bot used before handing off: a
// knowledge-base article or a link, with the passage that mattered.
type ContextItem struct {
	Title   string `json:"title,omitempty"`
	URL     string `json:"url,omitempty"`
	Excerpt string `json:"excerpt,omitempty"`
}

// The bounds of a request's context (fixed: it is a pointer for the agent,
// not a copy of the knowledge base).
const (
	MaxContextItems        = 10
	MaxContextTitleBytes   = 200
	MaxContextURLBytes     = 2048
	MaxContextExcerptBytes = 2000
)

// Session is the live part of a handoff: who of the team has it, when each
// side last wrote, and where the waiting question stands. The store keeps it
// with the handoff; the Service changes it through Store.UpdateHandoff only.
// Times are the server's clock readings when things arrived, so that the
// timeouts never depend on a helpdesk's clock.
type Session struct {
	// AgentName is the agent who took the conversation, when the helpdesk
	// named them.
	AgentName string `json:"agent_name,omitempty"`
	// JoinedAt is when an agent first replied or took the conversation
	// (the handoff became agent_joined).
	JoinedAt time.Time `json:"joined_at,omitzero"`
	// FirstReplyAt is when the agent's first message arrived; the time from
	// the handoff's creation to it is what expected waits are made of.
	FirstReplyAt time.Time `json:"first_reply_at,omitzero"`
	// LastAgentAt and LastUserAt are when each side's last message
	// arrived: the session timeout runs from the agent's last message while
	// the user has not answered it.
	LastAgentAt time.Time `json:"last_agent_at,omitzero"`
	LastUserAt  time.Time `json:"last_user_at,omitzero"`
	// WaitSince is when the current wait for an agent began: the handoff's
	// creation, or the user's last choice to keep waiting. The waiting
	// timeout runs from it.
	WaitSince time.Time `json:"wait_since,omitzero"`
	// AskedAt is when the waiting timeout fired: the user is to be asked
	// whether to keep waiting, while the handoff is open and no agent has
	// replied. Choosing to keep waiting, or an agent's reply, resets it to
	// zero; ending the handoff leaves it as a record.
	AskedAt time.Time `json:"asked_at,omitzero"`
	// LastSeq is the sequence number of the session's last message (0:
	// none yet); the next message gets LastSeq+1.
	LastSeq int64 `json:"last_seq,omitempty"`
}

// Replied reports whether an agent has written to the user.
func (s Session) Replied() bool { return !s.FirstReplyAt.IsZero() }

// Event records one lifecycle transition of a handoff.
type Event struct {
	HandoffID string    `json:"handoff_id"`
	From      State     `json:"from,omitempty"`
	To        State     `json:"to"`
	Cause     string    `json:"cause"`
	At        time.Time `json:"at"`
}

// OfflineMessage is a message a user left, with contact details, for agents
// to answer later (out of hours, queue full, or no handoff open).
type OfflineMessage struct {
	ID             string  `json:"id"`
	ConversationID string  `json:"conversation_id"`
	HandoffID      string  `json:"handoff_id,omitempty"`
	Contact        Contact `json:"contact"`
	Text           string  `json:"text"`
	// Connector is the helpdesk the message is forwarded to; empty when it
	// stays in the built-in inbox. RemoteID is the ticket it became there.
	Connector string    `json:"connector,omitempty"`
	RemoteID  string    `json:"remote_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Context is what the request for a person knew (transcript, triggers,
	// reason, route, priority, metadata), when the message follows one: a
	// request out of hours, with the queue full or without an email, or a
	// handoff that failed or was ended with this message. Nil otherwise.
	Context *RequestContext `json:"context,omitempty"`
}

// RequestContext is what a request for a person knew, kept with a message
// the user leaves instead, so that the team gets the same ticket a handoff
// would have made.
type RequestContext struct {
	// HandoffID is the handoff it comes from, if one was stored.
	HandoffID  string            `json:"handoff_id,omitempty"`
	Language   string            `json:"language,omitempty"`
	Transcript []Turn            `json:"transcript,omitempty"`
	Question   string            `json:"question,omitempty"`
	Triggers   []string          `json:"triggers,omitempty"`
	Reason     string            `json:"reason,omitempty"`
	Classifier string            `json:"classifier,omitempty"`
	Confidence float64           `json:"confidence,omitempty"`
	Route      Route             `json:"route,omitzero"`
	Priority   Priority          `json:"priority,omitempty"`
	Metadata   map[string]string `json:"metadata,omitempty"`
	// At is when the request was made.
	At time.Time `json:"at"`
}

// ContextOf returns the request context of handoff h.
func ContextOf(h Handoff) *RequestContext {
	return &RequestContext{
		HandoffID: h.ID, Language: h.Language, Transcript: h.Transcript, Question: h.Question, Triggers: h.Triggers,
		Reason: h.Reason, Classifier: h.Classifier, Confidence: h.Confidence, Route: h.Route, Priority: h.Priority,
		Metadata: h.Metadata, At: h.CreatedAt,
	}
}
