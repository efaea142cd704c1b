package tools

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCollectContact(t *testing.T) {
	tests := []struct {
		name    string
		args    map[string]any
		wantErr []string
		check   func(t *testing.T, out ContactOutput, e *env)
	}{
		{
			name: "email and phone normalised",
			args: map[string]any{"conversation_id": "c1", "email": " Ville@Example.FI ", "phone": "+358 40 123 4567", "name": "Ville"},
			check: func(t *testing.T, out ContactOutput, e *env) {
				assert.Equal(t, "Ville@example.fi", out.Email)
				assert.Equal(t, "+358401234567", out.Phone)
				c, err := e.store.Contact(context.Background(), "c1")
				require.NoError(t, err)
				assert.Equal(t, out.Email, c.Email)
			},
		},
		{
			name: "offline message kept for agents",
			args: map[string]any{"conversation_id": "c2", "email": "anna@example.com", "message": "Please call me about my refund.", "language": "de"},
			check: func(t *testing.T, out ContactOutput, e *env) {
				require.NotEmpty(t, out.OfflineMessageID)
				assert.Contains(t, out.MessageForUser, "anna@example.com")
				assert.Contains(t, out.MessageForUser, "Nachricht")
				ms, err := e.store.OfflineMessages(context.Background(), 10)
				require.NoError(t, err)
				require.Len(t, ms, 1)
				assert.Equal(t, "Please call me about my refund.", ms[0].Text)
			},
		},
		{
			name:    "every invalid field reported",
			args:    map[string]any{"conversation_id": "c3", "email": "a@b", "phone": "12"},
			wantErr: []string{"email:", "no dot in its domain", "phone:", "country code"},
		},
		{
			name:    "hidden direction mark in the email",
			args:    map[string]any{"conversation_id": "c6", "email": "anna@exam\u202eple.com"},
			wantErr: []string{"email:", "invisible or direction-changing character (U+202E)"},
		},
		{
			name:    "quoted local part",
			args:    map[string]any{"conversation_id": "c7", "email": `"a b"@example.com`},
			wantErr: []string{"email:", "quoted part"},
		},
		{
			name:    "message without a way to reply",
			args:    map[string]any{"conversation_id": "c4", "message": "hello?"},
			wantErr: []string{"needs an email or a phone"},
		},
		{
			name:    "nothing given",
			args:    map[string]any{"conversation_id": "c5"},
			wantErr: []string{"pass at least one of"},
		},
		{
			name:    "empty conversation id",
			args:    map[string]any{"conversation_id": " ", "email": "a@example.com"},
			wantErr: []string{"conversation_id: is empty"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "")
			c := e.client(t)
			res := call(t, c, "collect_contact", tt.args)
			if len(tt.wantErr) > 0 {
				require.True(t, res.IsError, text(res))
				for _, w := range tt.wantErr {
					assert.Contains(t, text(res), w)
				}
				c, err := e.store.Contact(context.Background(), tt.args["conversation_id"].(string))
				if err == nil {
					assert.True(t, c.IsZero(), "nothing stored on error")
				}
				return
			}
			out := structured[ContactOutput](t, res)
			tt.check(t, out, e)
		})
	}
}

func TestCollectContactAttachesToOpenHandoff(t *testing.T) {
	e := newEnv(t, "")
	c := e.client(t)
	h := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-open", map[string]any{"email": "anna@example.com"})))
	require.NotEmpty(t, h.HandoffID)

	out := structured[ContactOutput](t, call(t, c, "collect_contact", map[string]any{
		"conversation_id": "c-open", "phone": "+49 30 1234567",
	}))
	assert.Equal(t, h.HandoffID, out.HandoffID)
	stored, err := e.store.Handoff(context.Background(), h.HandoffID)
	require.NoError(t, err)
	assert.Equal(t, "+49301234567", stored.Contact.Phone)
	assert.Equal(t, "anna@example.com", stored.Contact.Email)
}

// A phone given through collect_contact while request_human_handoff runs for
// the same conversation is on the handoff, whichever commits first.
func TestCollectContactDuringRequestKeepsPhone(t *testing.T) {
	e := newEnv(t, "")
	c := e.client(t)
	for i := range 40 {
		conv := fmt.Sprintf("c-race-%d", i)
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := c.CallTool(context.Background(), toolRequest("request_human_handoff", askHuman(conv, map[string]any{"email": "anna@example.com"})))
			assert.NoError(t, err)
		}()
		go func() {
			defer wg.Done()
			_, err := c.CallTool(context.Background(), toolRequest("collect_contact", map[string]any{"conversation_id": conv, "phone": "+49 30 1234567"}))
			assert.NoError(t, err)
		}()
		wg.Wait()
		h, err := e.store.OpenHandoff(context.Background(), conv)
		require.NoError(t, err)
		assert.Equal(t, "+49301234567", h.Contact.Phone, "round %d", i)
		assert.Equal(t, "anna@example.com", h.Contact.Email, "round %d", i)
	}
}

func toolRequest(name string, args any) mcp.CallToolRequest {
	var req mcp.CallToolRequest
	req.Params.Name = name
	req.Params.Arguments = args
	return req
}
