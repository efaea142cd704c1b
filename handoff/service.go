package handoff

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/rs/zerolog"
)

// Config configures the handoff flow.
type Config struct {
	// RequireEmail: a handoff is only forwarded once the user's email is
	// known (default true in the configuration file).
	RequireEmail bool
	// Turns is how many of the last transcript turns go to the helpdesk,
	// the current question not counted (default 10).
	Turns int
	// DefaultRegion is the ISO 3166 country used to read phone numbers
	// written without a country code; empty requires a country code.
	DefaultRegion string
	// DeliveryWait is how long a request waits for the first delivery
	// attempt of a new handoff, so that a healthy helpdesk answers
	// "delivered" at once; a slower attempt goes on in the background and
	// the request answers "queued". Zero does not wait.
	DeliveryWait time.Duration
	// ForwardMessages forwards messages left for the team (collect_contact)
	// to the helpdesk as tickets of their own. Off with the built-in inbox,
	// where they simply stay.
	ForwardMessages bool
	// Limits bound client input.
	Limits Limits
	// Messages are the sentences shown to users; nil means DefaultMessages.
	Messages Messages
	// AgentEvents is true when agents' replies, assignment and closing
	// come back: the built-in inbox, or a helpdesk whose inbound events are
	// on. Only then is there a live session: a queue with positions and
	// expected waits, and the waiting timeout.
	AgentEvents bool
	// Queue configures the queue (zero fields take their defaults).
	Queue Queue
	// Timeouts of the live session (zero fields take their defaults).
	Timeouts Timeouts
	// AgentVote is how the calling model's vote combines with the
	// classifier; empty means VoteVerify.
	AgentVote VotePolicy
	// VoteOverruleBelow: under VoteVerify, a grounded vote turns the
	// classifier's "no" into a handoff only when that "no" has a
	// confidence below it; 0 means DefaultVoteOverruleBelow.
	VoteOverruleBelow float64
	// AllowForce lets a caller force a handoff (force: true with a
	// reason). The configuration file's default is true; the zero Config
	// leaves it off.
	AllowForce bool
	// Survey is the satisfaction survey asked when a session ends.
	Survey Survey
}

// Deps are the parts a Service plugs together.
type Deps struct {
	Store      Store
	Classifier Classifier
	// Triggers are the configured triggers the classifier judges; their
	// routes and priorities go with the handoffs they start.
	Triggers []Trigger
	// Schedule answers whether the service is open; nil means always open.
	Schedule  Schedule
	Connector Connector
	// Courier tries new delivery jobs at once; nil leaves them to whatever
	// worker drains the outbox.
	Courier Courier
	// HelpdeskStatus reports the helpdesk's service status; nil means
	// unknown.
	HelpdeskStatus func() HelpdeskStatus
	Logger         zerolog.Logger
	// Clock is the service's time; nil means the wall clock.
	Clock clock.Clock
	// NewID makes handoff and message ids; nil means NewID.
	NewID func(prefix string) string
	// OnChange, when set, is called after every change the Service makes
	// to a handoff (created, its state, session or messages), with the
	// handoff as stored. It runs on the caller's goroutine and must not
	// block. Changes the delivery worker records (delivered, failed) do
	// not call it.
	OnChange func(Handoff)
	// OnRequest, when set, is called with the result of every Request that
	// returned one (the metrics count them). It runs on the caller's
	// goroutine and must not block.
	OnRequest func(Result)
	// Summarizer writes each new handoff's summary; nil stores none.
	Summarizer Summarizer
	// Redactor counts what privacy redaction masks in each new handoff
	// (the helpdesk connector masks it); nil records nothing.
	Redactor Redactor
	// AgentsOnline, when set, says how many agents are at the built-in
	// desk now: the expected wait told to a user grows with their queue
	// position and shrinks with the agents online (see QueueWait).
	AgentsOnline func() int
}

// Service runs the handoff flow: decide, check the hours, make sure the
// user can be reached, persist, forward. It is safe for concurrent use.
type Service struct {
	cfg          Config
	store        Store
	cls          Classifier
	triggers     []Trigger
	hours        Schedule
	conn         Connector
	courier      Courier
	status       func() HelpdeskStatus
	log          zerolog.Logger
	now          func() time.Time
	newID        func(string) string
	onChange     func(Handoff)
	agentsOnline func() int
	onRequest    func(Result)
	summary      Summarizer
	redactor     Redactor
	waits        waitCache // EstimateWait's last read
}

// NewService checks cfg and deps and returns a Service.
func NewService(cfg Config, deps Deps) (*Service, error) {
	switch {
	case deps.Store == nil:
		return nil, errors.New("handoff: no store")
	case deps.Classifier == nil:
		return nil, errors.New("handoff: no classifier")
	case deps.Connector == nil:
		return nil, errors.New("handoff: no helpdesk connector")
	}
	if cfg.Turns <= 0 {
		cfg.Turns = 10
	}
	if cfg.DeliveryWait < 0 {
		cfg.DeliveryWait = 0
	}
	cfg.Limits = cfg.Limits.WithDefaults()
	cfg.Messages = DefaultMessages().Merge(cfg.Messages)
	cfg.Queue = cfg.Queue.WithDefaults()
	cfg.Timeouts = cfg.Timeouts.WithDefaults()
	if cfg.AgentVote == "" {
		cfg.AgentVote = VoteVerify
	}
	if !cfg.AgentVote.Valid() {
		return nil, fmt.Errorf("handoff: unknown vote policy %q", cfg.AgentVote)
	}
	if cfg.VoteOverruleBelow <= 0 {
		cfg.VoteOverruleBelow = DefaultVoteOverruleBelow
	}
	s := &Service{
		cfg: cfg, store: deps.Store, cls: deps.Classifier, triggers: deps.Triggers, hours: deps.Schedule,
		conn: deps.Connector, courier: deps.Courier, status: deps.HelpdeskStatus,
		log: deps.Logger, now: clock.Or(deps.Clock).Now, newID: deps.NewID, onChange: deps.OnChange, agentsOnline: deps.AgentsOnline, onRequest: deps.OnRequest,
		summary: deps.Summarizer, redactor: deps.Redactor,
	}
	if s.hours == nil {
		s.hours = alwaysOpen{}
	}
	if s.newID == nil {
		s.newID = NewID
	}
	return s, nil
}

// Triggers returns the configured triggers the service was built with.
func (s *Service) Triggers() []Trigger { return slices.Clone(s.triggers) }

// Config returns the effective configuration (defaults filled in).
func (s *Service) Config() Config { return s.cfg }

// Store returns the service's store.
func (s *Service) Store() Store { return s.store }

// Connector returns the helpdesk connector handoffs are forwarded to.
func (s *Service) Connector() Connector { return s.conn }

// HelpdeskStatus returns the helpdesk's service status as last checked.
func (s *Service) HelpdeskStatus() HelpdeskStatus {
	if s.status == nil {
		return HelpdeskStatus{Connector: s.conn.Name(), Status: HelpdeskUnknown}
	}
	return s.status()
}

// Messages returns the user-facing templates.
func (s *Service) Messages() Messages { return s.cfg.Messages }

// alwaysOpen is the schedule used when no service hours are configured.
type alwaysOpen struct{}

func (alwaysOpen) Status(q HoursQuery) (HoursStatus, error) {
	return HoursStatus{Open: true, AlwaysOpen: true, Now: q.At.UTC(), Timezone: "UTC"}, nil
}

// Hours answers whether the service is open at q.At (now when zero).
func (s *Service) Hours(q HoursQuery) (HoursStatus, error) {
	if err := CheckLanguage(q.Language); err != nil {
		return HoursStatus{}, err
	}
	if len(q.Schedule) > maxTriggerIDBytes {
		return HoursStatus{}, Invalid("team", "is %d bytes long; pass the name of a team with its own hours (at most %d bytes)", len(q.Schedule), maxTriggerIDBytes)
	}
	if q.At.IsZero() {
		q.At = s.now()
	}
	st, err := s.hours.Status(q)
	if err != nil {
		return HoursStatus{}, fmt.Errorf("checking service hours: %w", err)
	}
	return st, nil
}
