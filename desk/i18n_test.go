package desk

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestUIStringsComplete: every English string has its German, French and
// Finnish translation, and no language has a key English lacks.
func TestUIStringsComplete(t *testing.T) {
	for _, lang := range []string{"de", "fr", "fi"} {
		t.Run(lang, func(t *testing.T) {
			for k := range uiStrings["en"] {
				assert.NotEmpty(t, uiStrings[lang][k], "%s lacks %q", lang, k)
			}
			for k := range uiStrings[lang] {
				assert.Contains(t, uiStrings["en"], k)
			}
		})
	}
}

// TestAnnounceOncePerWait: a handoff is announced when it starts waiting,
// not again while it waits, and again when it is back in the queue.
func TestAnnounceOncePerWait(t *testing.T) {
	s := &Server{waiting: map[string]bool{}}
	assert.True(t, s.announce("h1", true))
	assert.False(t, s.announce("h1", true), "a user's message while waiting is not a new conversation")
	assert.False(t, s.announce("h1", false), "claimed")
	assert.True(t, s.announce("h1", true), "transferred back to the queue")
}
