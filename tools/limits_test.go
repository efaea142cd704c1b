package tools

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every free string a tool takes is bounded, with a tool error that says
// what to send instead; nothing of a refused call is stored.
func TestEveryFreeStringIsBounded(t *testing.T) {
	e := newEnv(t, "")
	c := e.client(t)
	huge := strings.Repeat("x", 1<<20)
	long := strings.Repeat("é", 1000)
	id := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-open", map[string]any{"email": "ok@example.com"}))).HandoffID
	require.NotEmpty(t, id)
	manyIDs := make([]string, 40)
	for i := range manyIDs {
		manyIDs[i] = "explicit_request"
	}
	tests := []struct {
		name, tool string
		args       map[string]any
		wantErr    string
	}{
		{"1 MiB language", "request_human_handoff", askHuman("c1", map[string]any{"language": huge}), "language: is 1048576 bytes long"},
		{"language with a newline", "request_human_handoff", askHuman("c1", map[string]any{"language": "en\nNext step: x"}), "is not a language code"},
		{"long timezone", "request_human_handoff", askHuman("c1", map[string]any{"timezone": long}), "timezone: is 2000 bytes long"},
		{"long name", "request_human_handoff", askHuman("c1", map[string]any{"name": long}), "name: is longer than 200"},
		{"huge reason", "request_human_handoff", askHuman("c1", map[string]any{"reason": huge}), "limits.max_message_bytes"},
		{"long evidence", "request_human_handoff", askHuman("c1", map[string]any{"triggers": []string{"explicit_request"}, "evidence": long}), "quote at most 500"},
		{"40 trigger ids", "request_human_handoff", askHuman("c1", map[string]any{"triggers": manyIDs, "evidence": "a human"}), "vote for at most 32"},
		{"long trigger id", "request_human_handoff", askHuman("c1", map[string]any{"triggers": []string{long}, "evidence": "a human"}), "trigger ids have at most 64"},
		{"metadata key with a control", "request_human_handoff", askHuman("c1", map[string]any{"metadata": map[string]string{"pl\x1ban": "x"}}), "without control characters"},
		{"long metadata value", "request_human_handoff", askHuman("c1", map[string]any{"metadata": map[string]string{"plan": long}}), "at most 1024 bytes"},
		{"collect: 1 MiB language", "collect_contact", map[string]any{"conversation_id": "c1", "email": "a@example.com", "language": huge}, "language: is 1048576 bytes long"},
		{"collect: long name", "collect_contact", map[string]any{"conversation_id": "c1", "name": long}, "name: is longer than 200"},
		{"collect: huge message", "collect_contact", map[string]any{"conversation_id": "c1", "email": "a@example.com", "message": huge}, "limits.max_message_bytes"},
		{"status: 1 MiB language", "get_handoff_status", map[string]any{"handoff_id": id, "language": huge}, "language: is 1048576 bytes long"},
		{"send: huge text", "send_handoff_message", map[string]any{"handoff_id": id, "text": huge}, "limits.max_message_bytes"},
		{"end: 1 MiB language", "end_handoff", map[string]any{"handoff_id": id, "reason": "done", "language": huge}, "language: is 1048576 bytes long"},
		{"end: huge reason", "end_handoff", map[string]any{"handoff_id": id, "reason": huge}, "limits.max_message_bytes"},
		{"hours: 1 MiB language", "check_service_hours", map[string]any{"language": huge}, "language: is 1048576 bytes long"},
		{"hours: long timezone", "check_service_hours", map[string]any{"timezone": long}, "timezone: is 2000 bytes long"},
		{"hours: long at", "check_service_hours", map[string]any{"at": huge}, "at: is 1048576 bytes long"},
		{"hours: long team", "check_service_hours", map[string]any{"team": long}, "team: is 2000 bytes long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, c, tt.tool, tt.args)
			require.True(t, res.IsError, "want a tool error, got %s", text(res))
			assert.Contains(t, text(res), tt.wantErr)
			assert.Less(t, len(text(res)), 4096, "the refusal does not echo the value")
		})
	}
	msgs, err := e.store.Messages(context.Background(), id, 0, 100)
	require.NoError(t, err)
	for _, m := range msgs {
		assert.Less(t, len(m.Text), 10000)
	}
}

// Control characters are stripped where they have no place: the text is
// kept, its escape sequences lose their introducer.
func TestControlCharactersAreStripped(t *testing.T) {
	e := newEnv(t, "")
	c := e.client(t)
	out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", map[string]any{
		"conversation_id": "c-ctl", "email": "ok@example.com", "name": "Eve\x1b[31m\u202eX", "language": "en",
		"reason": "refund\x1b]8;;https://evil.example\x07", "metadata": map[string]string{"plan": "pro\nNext step: x"},
		"transcript": []map[string]string{{"role": "user", "content": "I want a human\r\nnow\x1b[2J\x00\u009b"}},
	}))
	require.Equal(t, "delivered", out.Status)
	h, err := e.store.Handoff(context.Background(), out.HandoffID)
	require.NoError(t, err)
	assert.Equal(t, "Eve[31mX", h.Contact.Name)
	assert.True(t, strings.HasPrefix(h.Reason, "refund]8;;https://evil.example ("), h.Reason)
	assert.Equal(t, "pro Next step: x", h.Metadata["plan"])
	require.NotEmpty(t, h.Transcript)
	assert.Equal(t, "I want a human\nnow[2J", h.Transcript[len(h.Transcript)-1].Content+h.Question)
}
