package handoff

// Role is who spoke a turn of a conversation.
type Role string

// The roles a transcript turn may carry.
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
	RoleSystem    Role = "system"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	switch r {
	case RoleUser, RoleAssistant, RoleSystem:
		return true
	}
	return false
}

// Turn is one message of a conversation between the user and the bot.
type Turn struct {
	Role    Role   `json:"role" yaml:"role"`
	Content string `json:"content" yaml:"content"`
}

// LastTurns returns the last n turns of t (all of them when n <= 0 or n >= len(t)).
// The result shares no memory with t.
func LastTurns(t []Turn, n int) []Turn {
	if n <= 0 || n >= len(t) {
		n = len(t)
	}
	out := make([]Turn, n)
	copy(out, t[len(t)-n:])
	return out
}
