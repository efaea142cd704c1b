package desk

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPagesParse parses every page template: the desk parses them on the
// first page it serves, not in New.
func TestPagesParse(t *testing.T) {
	ps, err := parsePages()
	require.NoError(t, err)
	for _, name := range []string{"login", "queue", "conversation", "messages", "analytics"} {
		assert.NotNil(t, ps[name], name)
	}
}

// TestHubListening: the desk counts its waiting queue for the change feed
// only while a page has a stream open.
func TestHubListening(t *testing.T) {
	h := newHub()
	assert.False(t, h.listening(), "no page open")
	a, b := h.add(1), h.add(1)
	assert.True(t, h.listening())
	h.remove(a)
	assert.True(t, h.listening(), "one page still open")
	h.remove(b)
	assert.False(t, h.listening())
}
