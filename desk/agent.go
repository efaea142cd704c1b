package desk

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Role is what an agent may do in the desk.
type Role string

// The roles of an agent.
const (
	// RoleAgent works the queue.
	RoleAgent Role = "agent"
	// RoleAdmin works the queue too; the role is kept for the team's own
	// bookkeeping (agents are managed with the CLI, on the server).
	RoleAdmin Role = "admin"
)

// Agent is a person of the team who logs in to the desk.
type Agent struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Role  Role   `json:"role"`
	// Teams and Languages are what the agent works on; the desk's filters
	// start from them.
	Teams     []string `json:"teams"`
	Languages []string `json:"languages"`
	// PasswordHash is the bcrypt hash of the password; never shown.
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	// MessagesSeenAt is when the agent last looked at the offline
	// messages; the desk counts the ones that arrived since.
	MessagesSeenAt time.Time `json:"messages_seen_at,omitzero"`
}

// Session is a logged-in agent's session: the cookie carries a random
// token, the store keeps its hash.
type Session struct {
	TokenHash string
	AgentID   int64
	// CSRF is the token every change must carry (a form field or the
	// X-CSRF-Token header).
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Transfer records that an agent passed a conversation to a colleague or a
// team, with a note for them.
type Transfer struct {
	HandoffID string    `json:"handoff_id"`
	FromAgent string    `json:"from_agent"`
	ToAgent   string    `json:"to_agent,omitempty"`
	ToTeam    string    `json:"to_team,omitempty"`
	Note      string    `json:"note,omitempty"`
	At        time.Time `json:"at"`
}

// Handled records that an agent dealt with an offline message: answered by
// email (with the reply) or marked handled.
type Handled struct {
	MessageID string    `json:"message_id"`
	Agent     string    `json:"agent"`
	How       string    `json:"how"`
	Reply     string    `json:"reply,omitempty"`
	At        time.Time `json:"at"`
}

// How an offline message was handled.
const (
	HandledEmail  = "email"
	HandledMarked = "marked"
)

// Store keeps the desk's agents, sessions, transfers and handled messages
// (the store package's SQLite implements it). Unknown ids and names are
// KindNotFound errors, a name or email taken a KindConflict error.
type Store interface {
	AddAgent(ctx context.Context, a Agent) (Agent, error)
	Agents(ctx context.Context) ([]Agent, error)
	AgentByName(ctx context.Context, name string) (Agent, error)
	AgentByEmail(ctx context.Context, email string) (Agent, error)
	Agent(ctx context.Context, id int64) (Agent, error)
	RemoveAgent(ctx context.Context, name string) error
	SetAgentPassword(ctx context.Context, name, hash string) error
	SetMessagesSeen(ctx context.Context, id int64, at time.Time) error

	CreateDeskSession(ctx context.Context, s Session) error
	DeskSession(ctx context.Context, tokenHash string, now time.Time) (Session, error)
	DeleteDeskSession(ctx context.Context, tokenHash string) error

	AddTransfer(ctx context.Context, t Transfer) error
	Transfers(ctx context.Context, handoffID string) ([]Transfer, error)
	// LastTransfers returns the latest transfer of each handoff of ids.
	LastTransfers(ctx context.Context, ids []string) (map[string]Transfer, error)

	MarkHandled(ctx context.Context, h Handled) error
	HandledMessages(ctx context.Context) (map[string]Handled, error)
}

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// NewAgent checks an agent's details and hashes the password: a name, a
// valid email, role agent or admin, a password of at least MinPasswordLen
// characters. Teams and languages are trimmed, lower-cased and deduplicated.
func NewAgent(name, email string, role Role, teams, languages []string, password string) (Agent, error) {
	a := Agent{Name: strings.TrimSpace(name), Email: strings.TrimSpace(email), Role: role}
	if a.Name == "" || utf8.RuneCountInString(a.Name) > 80 {
		return Agent{}, handoff.Invalid("name", "give the agent's display name, 1 to 80 characters (the user sees it)")
	}
	if addr, err := mail.ParseAddress(a.Email); err != nil || addr.Address != a.Email {
		return Agent{}, handoff.Invalid("email", "%q is not an email address", a.Email)
	}
	if a.Role == "" {
		a.Role = RoleAgent
	}
	if a.Role != RoleAgent && a.Role != RoleAdmin {
		return Agent{}, handoff.Invalid("role", "%q is not a role; use agent or admin", role)
	}
	a.Teams, a.Languages = cleanList(teams), cleanList(languages)
	h, err := HashPassword(password)
	if err != nil {
		return Agent{}, err
	}
	a.PasswordHash = h
	return a, nil
}

// HashPassword checks the password's length and returns its bcrypt hash.
func HashPassword(password string) (string, error) {
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return "", handoff.Invalid("password", "use at least %d characters", MinPasswordLen)
	}
	if len(password) > 72 {
		return "", handoff.Invalid("password", "use at most 72 bytes (bcrypt's limit)")
	}
	b, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("hashing password: %w", err)
	}
	return string(b), nil
}

// CheckPassword reports whether password matches the agent's hash.
func (a Agent) CheckPassword(password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(a.PasswordHash), []byte(password)) == nil
}

func cleanList(in []string) []string {
	out := []string{}
	for _, s := range in {
		for _, p := range strings.Split(s, ",") {
			p = strings.ToLower(strings.TrimSpace(p))
			if p != "" && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}
