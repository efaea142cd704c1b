package handoff

import "encoding/json"

// Secret holds a credential (an API key, a token, a password, a signing
// key). It prints, marshals and logs as a mask, so that configuration dumps,
// logs and tool results never show it; Value returns the real thing.
type Secret string

const secretMask = "********"

// Value returns the secret itself, for use on the wire only.
func (s Secret) Value() string { return string(s) }

// IsSet reports whether the secret is non-empty.
func (s Secret) IsSet() bool { return s != "" }

// String returns a mask, or "" when the secret is empty.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return secretMask
}

// GoString masks the secret in %#v output.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// MarshalJSON masks the secret.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// MarshalYAML masks the secret.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// MarshalText masks the secret (zerolog and encoding packages use it).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
