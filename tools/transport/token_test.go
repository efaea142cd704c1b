package transport

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckToken(t *testing.T) {
	for _, tt := range []struct {
		token string
		want  string // "" means accepted
	}{
		{"x", "has 1 characters; use at least 16"},
		{"short-token-123", "has 15 characters"},
		{strings.Repeat("a", 64), "only 1 distinct characters"},
		{strings.Repeat("ab", 20), "only 2 distinct characters"},
		{"0123456", "at least 16"},
		{"3f9a1c7e5b2d4068a1b3c5d7e9f01234", ""},
		{"correct horse battery staple", ""},
	} {
		err := CheckToken(tt.token)
		if tt.want == "" {
			assert.NoError(t, err, tt.token)
			continue
		}
		if assert.Error(t, err, tt.token) {
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "openssl rand -hex 32")
		}
	}
}
