package embedded

import (
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

func TestShorten(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven char", 10, "eleven ch…"},
		{"äöüäöüäöüä", 10, "äöüäöüäöüä"}, // 20 bytes, 10 runes
		{"äöüäöüäöüäö", 10, "äöüäöüäöü…"},
		{"ab\xffcdefghijk", 10, "ab\uFFFDcdefgh…"}, // invalid bytes as the reason's JSON shows them
		{strings.Repeat("€", 100), 80, strings.Repeat("€", 79) + "…"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, shorten(tc.in, tc.n))
		})
	}
}

// TestSnippet: a turn's snippet is its text shortened, made once, also
// when decisions ask for it at once.
func TestSnippet(t *testing.T) {
	short := &turnInfo{raw: "short"}
	assert.Equal(t, "short", short.snippet())
	assert.Nil(t, short.snip, "a short turn keeps nothing")
	long := &turnInfo{raw: strings.Repeat("ä", 100)}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.Equal(t, shorten(long.raw, snipLen), long.snippet())
		}()
	}
	wg.Wait()
	first := long.snippet()
	assert.Same(t, unsafe.StringData(first), unsafe.StringData(long.snippet()), "made once, then kept")
}
