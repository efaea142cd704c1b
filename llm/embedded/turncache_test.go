package embedded

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestTurnCache(t *testing.T) {
	c := newTurnCache()
	k := turnKey{role: handoff.RoleUser, text: "hello"}
	assert.Nil(t, c.get(k))
	ti := newTurn(handoff.RoleUser, "hello", langUnknown, nil)
	c.put(k, ti)
	assert.Same(t, ti, c.get(k))
	assert.Nil(t, c.get(turnKey{role: handoff.RoleAssistant, text: "hello"}), "the role is part of the key")
	assert.Nil(t, c.get(turnKey{role: handoff.RoleUser, lang: langFI, text: "hello"}), "the language is part of the key")

	e := &turnInfo{role: handoff.RoleUser, raw: "moi", keyLang: langFI}
	assert.True(t, e.is(turnKey{role: handoff.RoleUser, lang: langFI, text: "moi"}))
	assert.False(t, e.is(turnKey{role: handoff.RoleUser, lang: langFI, text: "hei"}), "an entry whose hash another key shares")
	assert.False(t, e.is(turnKey{role: handoff.RoleAssistant, lang: langFI, text: "moi"}))
	assert.False(t, e.is(turnKey{role: handoff.RoleUser, text: "moi"}))

	t.Run("bounded", func(t *testing.T) {
		c := newTurnCache()
		for i := range 3 * turnCacheSize {
			k := turnKey{role: handoff.RoleUser, text: strconv.Itoa(i)}
			c.put(k, &turnInfo{role: k.role, raw: k.text})
		}
		kept := 0
		for i := range 3 * turnCacheSize {
			if c.get(turnKey{role: handoff.RoleUser, text: strconv.Itoa(i)}) != nil {
				kept++
			}
		}
		assert.LessOrEqual(t, kept, turnCacheSize)
		assert.Greater(t, kept, turnCacheSize/2, "most of the table holds turns")
		assert.NotNil(t, c.get(turnKey{role: handoff.RoleUser, text: strconv.Itoa(3*turnCacheSize - 1)}), "the latest turn is kept")
	})

	t.Run("sets", func(t *testing.T) {
		// Keys of one set: the set fills up, then each new turn takes
		// the place of one of the turns before it, and is found.
		c := newTurnCache()
		_, set := c.hash(turnKey{role: handoff.RoleUser, text: "0"})
		var same []turnKey
		for i := 0; len(same) < turnWays+4; i++ {
			k := turnKey{role: handoff.RoleUser, text: strconv.Itoa(i)}
			if _, s := c.hash(k); s == set {
				same = append(same, k)
			}
		}
		for n, k := range same {
			c.put(k, &turnInfo{role: k.role, raw: k.text})
			assert.NotNil(t, c.get(k), k.text)
			found := 0
			for _, before := range same[:n+1] {
				if c.get(before) != nil {
					found++
				}
			}
			assert.Equal(t, min(n+1, turnWays), found, "the set holds the turns it has room for")
		}
	})
}

// TestCachedTurnsDecideAlike: a classifier that has seen the turns before
// decides exactly as a fresh one, also when used from many goroutines.
func TestCachedTurnsDecideAlike(t *testing.T) {
	triggers := []handoff.Trigger{explicitRequest, frustrationTrigger, botFailure, sensitiveTrigger,
		{ID: "refund", Description: "The user asks for a refund of more than 100 EUR.", Keywords: []string{"chargeback"}}}
	transcripts := [][]handoff.Turn{
		dialogue("Where is my parcel?", "Sorry, I didn't understand that.", "My parcel!!", "Sorry, I didn't understand that.",
			"This is useless, let me talk to a human"),
		dialogue("I want a refund of 250 EUR", "I can help with refunds.", "Then do it, or I file a chargeback."),
		user("Mir wurde die Kreditkarte gestohlen."),
		user("Painu hiiteen!"),
	}
	warm := newTestClassifier(t, Config{}, triggers...)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				tr := transcripts[(g+i)%len(transcripts)]
				_, err := warm.Classify(context.Background(), handoff.Input{Transcript: tr})
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	for i, tr := range transcripts {
		fresh := newTestClassifier(t, Config{}, triggers...)
		want, err := fresh.Classify(context.Background(), handoff.Input{Transcript: tr})
		require.NoError(t, err)
		got, err := warm.Classify(context.Background(), handoff.Input{Transcript: tr})
		require.NoError(t, err)
		assert.Equal(t, want, got, "transcript %d", i)
	}
}
