package handoff

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCleanText(t *testing.T) {
	for _, tt := range []struct{ in, text, line string }{
		{"plain\ttext\nlines", "plain\ttext\nlines", "plain text lines"},
		{"crlf\r\nand lone\rcr", "crlf\nand lone\ncr", "crlf and lone cr"},
		{"\x1b[2Jcsi\x1b]8;;https://x\x07osc", "[2Jcsi]8;;https://xosc", "[2Jcsi]8;;https://xosc"},
		{"nul\x00 del\x7f c1\u0085\u009b", "nul del c1", "nul del c1"},
		{"bidi moc.elpmaxe\u202e@a \u2066iso\u2069", "bidi moc.elpmaxe@a iso", "bidi moc.elpmaxe@a iso"},
		{"Grüße 👋 ", "Grüße 👋 ", "Grüße 👋 "},
	} {
		assert.Equal(t, tt.text, CleanText(tt.in), tt.in)
		assert.Equal(t, tt.line, CleanLine(tt.in), tt.in)
	}
}

func TestCheckLanguage(t *testing.T) {
	for _, ok := range []string{"", "en", "de-AT", "pt_BR", " fi "} {
		assert.NoError(t, CheckLanguage(ok), ok)
	}
	for _, bad := range []string{"en\nNext step", "e n", "<script>", "ja\u3000x", string(make([]byte, 36))} {
		assert.Error(t, CheckLanguage(bad), bad)
	}
}
