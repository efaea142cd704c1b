package handoff

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		in, want, errHas string
	}{
		{in: "anna@example.com", want: "anna@example.com"},
		{in: "  Anna.B+tag@Example.COM ", want: "Anna.B+tag@example.com"},
		{in: "Anna B <anna@example.fi>", want: "anna@example.fi"},
		{in: "\"quoted local\"@example.org", errHas: "quoted part"},
		{in: "\"a b\"@example.com", errHas: "plain address like name@example.com"},
		{in: "\"anna\"@example.com", want: "anna@example.com"},
		{in: "jörg@example.de", want: "jörg@example.de"},
		{in: "an\u200bna@example.com", errHas: "U+200B"},
		{in: "anna\u200d@example.com", errHas: "U+200D"},
		{in: "anna@example.com\u200f", errHas: "U+200F"},
		{in: "\u202emoc.elpmaxe@anna", errHas: "U+202E"},
		{in: "anna@exa\u2066mple.com", errHas: "U+2066"},
		{in: "\ufeffanna@example.com", errHas: "U+FEFF"},
		{in: "anna\u00a0@example.com", errHas: "U+00A0"},
		{in: "anna@exam\u00adple.com", errHas: "U+00AD"},
		{in: "Anna\u202e <anna@example.com>", errHas: "invisible or direction-changing"},
		{in: "a@b", errHas: "no dot in its domain"},
		{in: "", errHas: "is empty"},
		{in: "anna", errHas: "not an email address"},
		{in: "anna@@example.com", errHas: "not an email address"},
		{in: "anna@example..com", errHas: "not an email address"},
		{in: "anna@-example.com", errHas: "hyphen"},
		{in: "anna@[192.168.0.1]", errHas: "IP literal"},
		{in: "\xff@example.com", errHas: "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeEmail(tt.in)
			if tt.errHas != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.errHas)
				assert.True(t, Is(err, KindInvalid))
				assert.Contains(t, err.Error(), "email")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, region, want, errHas string
	}{
		{in: "+49 30 1234567", want: "+49301234567"},
		{in: "0049 30 1234567", want: "+49301234567"},
		{in: "030 1234567", region: "DE", want: "+49301234567"},
		{in: "(415) 555-2671", region: "us", want: "+14155552671"},
		{in: "040 123 4567", region: "FI", want: "+358401234567"},
		{in: "030 1234567", errHas: "no country code"},
		{in: "+49 12", errHas: "not a valid phone number"},
		{in: "call me", region: "DE", errHas: "not a phone number"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizePhone(tt.in, tt.region)
			if tt.errHas != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.errHas)
				assert.Contains(t, err.Error(), "phone")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestLoadZone checks that zones are loaded once and kept, and that what
// is refused stays refused on every call.
func TestLoadZone(t *testing.T) {
	first, err := LoadZone("Europe/Helsinki")
	require.NoError(t, err)
	again, err := LoadZone("Europe/Helsinki")
	require.NoError(t, err)
	assert.Same(t, first, again, "kept, not loaded again")
	assert.Equal(t, "Europe/Helsinki", again.String())
	for _, name := range []string{"Local", "local", "", "Mars/Olympus_Mons", "Local"} {
		_, err := LoadZone(name)
		assert.Equal(t, KindInvalid, KindOf(err), name)
	}
}
