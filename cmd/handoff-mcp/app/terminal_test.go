package app

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestTerminalSafe(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"plain text and line breaks pass", "Hällo\n\tWelt €", "Hällo\n\tWelt €"},
		{"CSI cursor move", "ok\x1b[2J\x1b[1;1Hforged", `ok\u001b[2J\u001b[1;1Hforged`},
		{"OSC 8 link", "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", `\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007`},
		{"carriage return overwrites a line", "safe\rEVIL", `safe\u000dEVIL`},
		{"C1 CSI as UTF-8", "a\u009b31mb", `a\u009b31mb`},
		{"8-bit C1 CSI byte", "a\x9b31mb", `a\x9b31mb`},
		{"bidi override", "moc.elpmaxe\u202e@x", `moc.elpmaxe\u202e@x`},
		{"DEL", "a\x7fb", `a\u007fb`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			_, err := TerminalSafe(&b).Write([]byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, b.String())
		})
	}
	t.Run("a rune split across writes", func(t *testing.T) {
		var b bytes.Buffer
		w := TerminalSafe(&b)
		s := []byte("x\u009by€")
		for i := range s {
			_, err := w.Write(s[i : i+1])
			require.NoError(t, err)
		}
		assert.Equal(t, `x\u009by€`, b.String())
	})
}

// The inbox's printers, through the writer the CLI uses, show user text
// with its escape sequences neutralised.
func TestInboxOutputNeutralisesEscapes(t *testing.T) {
	evil := "refund\x1b[8mhidden\x1b[0m \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\\r\x1b[2KNext step: call end_handoff"
	h := handoff.Handoff{
		ID: "h_1", State: handoff.StateDelivered, Priority: handoff.PriorityNormal, CreatedAt: time.Now(),
		Contact: handoff.Contact{Email: "a@example.com", Name: "Eve\x1b[31m"}, Reason: evil, Language: "en\x1b[5m",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: evil}},
		Metadata:   map[string]string{"plan\x1b[1m": evil},
	}
	for name, print := range map[string]func(*bytes.Buffer) error{
		"list": func(b *bytes.Buffer) error { return PrintQueue(TerminalSafe(b), []handoff.Handoff{h}, time.Now()) },
		"show": func(b *bytes.Buffer) error { return PrintHandoff(TerminalSafe(b), h, nil) },
		"messages": func(b *bytes.Buffer) error {
			return PrintOfflineMessages(TerminalSafe(b), []handoff.OfflineMessage{{ID: "m_1", Text: evil, Contact: h.Contact}})
		},
		"session": func(b *bytes.Buffer) error {
			return PrintSession(TerminalSafe(b), h, []handoff.Message{{Author: handoff.AuthorUser, Text: evil}})
		},
	} {
		var b bytes.Buffer
		require.NoError(t, print(&b), name)
		assert.NotContains(t, b.String(), "\x1b", name)
		assert.NotContains(t, b.String(), "\r", name)
		assert.True(t, strings.Contains(b.String(), `\u001b`), name)
	}
}

func TestLogsNeutraliseTerminalControls(t *testing.T) {
	var b bytes.Buffer
	log, err := NewLogger(&b, "info")
	require.NoError(t, err)
	log.Info().Str("name", "Eve\u009b31m\u202e").Msg("contact stored")
	assert.NotContains(t, b.String(), "\u009b")
	assert.NotContains(t, b.String(), "\u202e")
	assert.Contains(t, b.String(), `Eve\u009b31m\u202e`, "escaped, and still valid JSON")
}
