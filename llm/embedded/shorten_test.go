package embedded

import (
	"strings"
	"testing"

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
