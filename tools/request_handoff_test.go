package tools

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

const closedNow = `
service_hours:
  timezone: Europe/Berlin
  weekly:
    - days: [sat]
      from: "10:00"
      to: "16:00"
`

func askHuman(conv string, extra map[string]any) map[string]any {
	args := map[string]any{
		"conversation_id": conv,
		"transcript": turns(
			"user", "My parcel never arrived.",
			"assistant", "I'm sorry to hear that. Could you give me the order number?",
			"user", "I already did twice. I want to talk to a human agent now.",
		),
		"language": "en",
	}
	for k, v := range extra {
		args[k] = v
	}
	return args
}

func TestRequestHumanHandoffBranches(t *testing.T) {
	tests := []struct {
		name       string
		config     string
		args       map[string]any
		wantStatus string
		wantOwner  string
		check      func(t *testing.T, out HandoffOutput, e *env)
	}{
		{
			name: "not triggered",
			args: map[string]any{
				"conversation_id": "c-not",
				"transcript":      turns("user", "What are your delivery times to Finland?"),
			},
			wantStatus: "not_triggered", wantOwner: "bot",
			check: func(t *testing.T, out HandoffOutput, e *env) {
				assert.Empty(t, out.HandoffID)
				assert.Contains(t, out.NextStep, "Keep helping")
				hs, err := e.store.ListHandoffs(context.Background(), handoff.ListFilter{})
				require.NoError(t, err)
				assert.Empty(t, hs)
			},
		},
		{
			name:       "outside service hours",
			config:     closedNow,
			args:       askHuman("c-closed", map[string]any{"email": "anna@example.com"}),
			wantStatus: "off_hours", wantOwner: "bot",
			check: func(t *testing.T, out HandoffOutput, e *env) {
				assert.Equal(t, "2026-11-21T10:00:00+01:00", out.NextOpen)
				kept, err := e.store.Contact(context.Background(), "c-closed")
				require.NoError(t, err)
				assert.Equal(t, "anna@example.com", kept.Email, "the contact given is kept for a message left instead")
				assert.NotEmpty(t, out.MessageForUser)
				assert.Contains(t, out.NextStep, "collect_contact")
				assert.Contains(t, out.Triggers, "explicit_request")
			},
		},
		{
			name:       "outside service hours, phrased in the user's timezone and language",
			config:     closedNow,
			args:       askHuman("c-closed-tz", map[string]any{"timezone": "America/New_York", "language": "fr"}),
			wantStatus: "off_hours", wantOwner: "bot",
			check: func(t *testing.T, out HandoffOutput, e *env) {
				assert.Contains(t, out.MessageForUser, "America/New_York")
				assert.Contains(t, out.MessageForUser, "04h00", "Saturday 10:00 in Berlin is 04:00 in New York, French style")
				assert.Contains(t, out.MessageForUser, "samedi")
			},
		},
		{
			name:       "needs email when the client cannot elicit",
			args:       askHuman("c-noemail", nil),
			wantStatus: "needs_email", wantOwner: "bot",
			check: func(t *testing.T, out HandoffOutput, e *env) {
				assert.Contains(t, out.MessageForUser, "email")
				assert.Empty(t, out.HandoffID)
			},
		},
		{
			name:       "created with the email given",
			args:       askHuman("c-created", map[string]any{"email": "Anna@Example.COM", "name": "Anna", "reason": "asked twice"}),
			wantStatus: "delivered", wantOwner: "human",
			check: func(t *testing.T, out HandoffOutput, e *env) {
				require.NotEmpty(t, out.HandoffID)
				assert.Contains(t, out.Triggers, "explicit_request")
				assert.Contains(t, out.NextStep, "human agent now owns")
				h, err := e.store.Handoff(context.Background(), out.HandoffID)
				require.NoError(t, err)
				assert.Equal(t, "Anna@example.com", h.Contact.Email)
				assert.Equal(t, "Anna", h.Contact.Name)
				assert.Equal(t, handoff.StateDelivered, h.State)
				assert.Equal(t, "inbox", h.Connector)
				assert.Len(t, h.Transcript, 3)
				assert.Contains(t, h.Reason, "asked twice")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.config)
			c := e.client(t)
			res := call(t, c, "request_human_handoff", tt.args)
			out := structured[HandoffOutput](t, res)
			assert.Equal(t, tt.wantStatus, out.Status)
			assert.Equal(t, tt.wantOwner, out.Owner)
			assert.NotEmpty(t, text(res))
			if tt.check != nil {
				tt.check(t, out, e)
			}
		})
	}
}

func TestRequestHumanHandoffLastTurnsAndQuestion(t *testing.T) {
	e := newEnv(t, "transcript:\n  turns: 2\n")
	c := e.client(t)
	args := askHuman("c-turns", map[string]any{"email": "a@example.com", "current_question": "Can a person call me back?"})
	out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", args))
	require.NotEmpty(t, out.HandoffID)
	h, err := e.store.Handoff(context.Background(), out.HandoffID)
	require.NoError(t, err)
	require.Len(t, h.Transcript, 3, "2 turns plus the current question")
	assert.Equal(t, handoff.RoleAssistant, h.Transcript[0].Role)
	assert.Equal(t, "Can a person call me back?", h.Transcript[2].Content)
	assert.Equal(t, "Can a person call me back?", h.Question)
}

func TestRequestHumanHandoffRepeatedCallReturnsExisting(t *testing.T) {
	e := newEnv(t, "")
	c := e.client(t)
	args := askHuman("c-repeat", map[string]any{"email": "anna@example.com"})
	first := structured[HandoffOutput](t, call(t, c, "request_human_handoff", args))
	require.NotEmpty(t, first.HandoffID)
	assert.False(t, first.AlreadyOpen)

	// Sequential repeats and a burst of concurrent ones: still one handoff.
	second := structured[HandoffOutput](t, call(t, c, "request_human_handoff", args))
	assert.True(t, second.AlreadyOpen)
	assert.Equal(t, first.HandoffID, second.HandoffID)
	assert.Equal(t, "human", second.Owner)

	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", args))
			assert.Equal(t, first.HandoffID, out.HandoffID)
		}()
	}
	wg.Wait()
	hs, err := e.store.ListHandoffs(context.Background(), handoff.ListFilter{ConversationID: "c-repeat"})
	require.NoError(t, err)
	assert.Len(t, hs, 1)
}

func TestRequestHumanHandoffConcurrentFirstCalls(t *testing.T) {
	e := newEnv(t, "")
	c := e.client(t)
	args := askHuman("c-race", map[string]any{"email": "anna@example.com"})
	ids := make(chan string, 20)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids <- structured[HandoffOutput](t, call(t, c, "request_human_handoff", args)).HandoffID
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		seen[id] = true
	}
	assert.Len(t, seen, 1, "one conversation, one open handoff")
}

func TestRequestHumanHandoffUsesCollectedEmail(t *testing.T) {
	e := newEnv(t, "")
	c := e.client(t)
	out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-collect", nil)))
	require.Equal(t, "needs_email", out.Status)

	saved := structured[ContactOutput](t, call(t, c, "collect_contact", map[string]any{
		"conversation_id": "c-collect", "email": "ville@example.fi",
	}))
	assert.Equal(t, "ville@example.fi", saved.Email)

	out = structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-collect", nil)))
	assert.Equal(t, "delivered", out.Status)
	h, err := e.store.Handoff(context.Background(), out.HandoffID)
	require.NoError(t, err)
	assert.Equal(t, "ville@example.fi", h.Contact.Email)
}

// elicitor answers elicitation requests from a script of answers.
type elicitor struct {
	mu       sync.Mutex
	answers  []*mcp.ElicitationResult
	messages []string
}

func (e *elicitor) Elicit(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.messages = append(e.messages, req.Params.Message)
	a := e.answers[0]
	e.answers = e.answers[1:]
	return a, nil
}

func accept(email string) *mcp.ElicitationResult {
	return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{
		Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"email": email},
	}}
}

func TestRequestHumanHandoffElicitsEmail(t *testing.T) {
	decline := &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionDecline}}
	tests := []struct {
		name       string
		answers    []*mcp.ElicitationResult
		wantStatus string
		wantEmail  string
		wantAsks   int
		reason     string // in the second question, when set
	}{
		{name: "accepted", answers: []*mcp.ElicitationResult{accept("liisa@example.fi")}, wantStatus: "delivered", wantEmail: "liisa@example.fi", wantAsks: 1},
		{name: "invalid then valid", answers: []*mcp.ElicitationResult{accept("a@b"), accept("liisa@example.fi")}, wantStatus: "delivered", wantEmail: "liisa@example.fi", wantAsks: 2},
		{name: "declined", answers: []*mcp.ElicitationResult{decline}, wantStatus: "needs_email", wantAsks: 1},
		{name: "zero-width space then valid", answers: []*mcp.ElicitationResult{accept("liisa\u200b@example.fi"), accept("liisa@example.fi")}, wantStatus: "delivered", wantEmail: "liisa@example.fi", wantAsks: 2,
			reason: "invisible or direction-changing character (U+200B)"},
		{name: "invalid three times", answers: []*mcp.ElicitationResult{accept("x"), accept("a@b"), accept("nope")}, wantStatus: "needs_email", wantAsks: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "")
			el := &elicitor{answers: tt.answers}
			c := e.client(t, client.WithElicitationHandler(el))
			out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-elicit", nil)))
			assert.Equal(t, tt.wantStatus, out.Status)
			assert.Len(t, el.messages, tt.wantAsks)
			if tt.wantAsks > 1 {
				assert.Contains(t, el.messages[1], "did not work")
				assert.Contains(t, el.messages[1], tt.reason)
			}
			if tt.wantEmail != "" {
				h, err := e.store.Handoff(context.Background(), out.HandoffID)
				require.NoError(t, err)
				assert.Equal(t, tt.wantEmail, h.Contact.Email)
			} else {
				assert.Empty(t, out.HandoffID)
				assert.NotEmpty(t, out.MessageForUser)
			}
		})
	}
}

func TestRequestHumanHandoffInvalidInput(t *testing.T) {
	big := strings.Repeat("x", 5<<20)
	many := make([]map[string]string, 10000)
	for i := range many {
		many[i] = map[string]string{"role": "user", "content": "hello"}
	}
	tests := []struct {
		name    string
		args    map[string]any
		wantErr string
	}{
		{name: "missing conversation id", args: map[string]any{"transcript": turns("user", "human please")}, wantErr: "conversation_id"},
		{name: "empty conversation id", args: map[string]any{"conversation_id": "", "transcript": turns("user", "human please")}, wantErr: "conversation_id: is empty"},
		{name: "missing transcript", args: map[string]any{"conversation_id": "c"}, wantErr: "transcript"},
		{name: "empty transcript", args: map[string]any{"conversation_id": "c", "transcript": []any{}}, wantErr: "transcript: is empty"},
		{name: "unknown role", args: map[string]any{"conversation_id": "c", "transcript": turns("bot", "hi")}, wantErr: "role"},
		{name: "bad timezone", args: askHuman("c", map[string]any{"timezone": "Mars/Olympus"}), wantErr: "timezone: \"Mars/Olympus\" is not an IANA timezone"},
		{name: "bad email", args: askHuman("c", map[string]any{"email": "a@b"}), wantErr: "no dot in its domain"},
		{name: "5 MB transcript", args: map[string]any{"conversation_id": "c", "transcript": turns("user", big)}, wantErr: "limits.max_turn_bytes"},
		{name: "10000 turns", args: map[string]any{"conversation_id": "c", "transcript": many}, wantErr: "limits.max_turns"},
		{name: "unknown argument", args: askHuman("c", map[string]any{"emial": "a@example.com"}), wantErr: "emial"},
		{name: "wrong type", args: map[string]any{"conversation_id": 42, "transcript": turns("user", "hi")}, wantErr: "conversation_id"},
	}
	e := newEnv(t, "")
	c := e.client(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, c, "request_human_handoff", tt.args)
			require.True(t, res.IsError, "want a tool error, got %s", text(res))
			assert.Contains(t, text(res), tt.wantErr)
		})
	}
	// The server keeps serving and stored nothing.
	out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-after", map[string]any{"email": "ok@example.com"})))
	assert.Equal(t, "delivered", out.Status)
	hs, err := e.store.ListHandoffs(context.Background(), handoff.ListFilter{})
	require.NoError(t, err)
	assert.Len(t, hs, 1)
}

func TestUnknownTool(t *testing.T) {
	e := newEnv(t, "")
	c := e.client(t)
	var req mcp.CallToolRequest
	req.Params.Name = "delete_everything"
	_, err := c.CallTool(context.Background(), req)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "delete_everything")
	// Still serving.
	out := structured[HoursOutput](t, call(t, c, "check_service_hours", map[string]any{}))
	assert.True(t, out.Open)
}
