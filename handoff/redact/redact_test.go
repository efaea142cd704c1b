package redact

import (
	"bytes"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
)

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"mail anna.b@example.co.uk now", "mail a***@example.co.uk now"},
		{`{"email":"x@y.fi"}`, `{"email":"x***@y.fi"}`},
		{"call +4930123456", "call ***56"},
		{"call +49 30 1234-567", "call ***67"},
		{"at 2026-11-21T10:00:00Z id h_4k2v7q", "at 2026-11-21T10:00:00Z id h_4k2v7q"},
		{"count 1234567890", "count 1234567890"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) { assert.Equal(t, tt.want, String(tt.in)) })
	}
}

func TestWriterMasksZerologLines(t *testing.T) {
	var buf bytes.Buffer
	log := zerolog.New(Writer(&buf))
	log.Info().Str("email", "anna@example.com").Str("phone", "+358401234567").Msg("contact from anna@example.com")
	out := buf.String()
	assert.NotContains(t, out, "anna@example.com")
	assert.NotContains(t, out, "+358401234567")
	assert.Contains(t, out, "a***@example.com")
	assert.Contains(t, out, "***67")
}
