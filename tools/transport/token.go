package transport

import (
	"fmt"
	"unicode/utf8"
)

// MinTokenLength is the shortest bearer token accepted for a non-loopback
// address, as for the helpdesks' inbound tokens.
const MinTokenLength = 16

// CheckToken refuses a bearer token too weak to guard a public address:
// shorter than MinTokenLength characters, or made of fewer than 8 distinct
// characters ("aaaa…", "abab…").
func CheckToken(token string) error {
	const how = "make one with: openssl rand -hex 32 > token && chmod 600 token, then pass --token-file token"
	if n := utf8.RuneCountInString(token); n < MinTokenLength {
		return fmt.Errorf("the bearer token has %d characters; use at least %d random ones (%s)", n, MinTokenLength, how)
	}
	distinct := map[rune]struct{}{}
	for _, r := range token {
		distinct[r] = struct{}{}
	}
	if len(distinct) < 8 {
		return fmt.Errorf("the bearer token uses only %d distinct characters; use a random one (%s)", len(distinct), how)
	}
	return nil
}
