package helpdesk

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"strings"
	"time"
)

// rejection is why a request is refused, with the HTTP status it gets. Its
// message goes to the log only; the caller gets a short generic answer.
type rejection struct {
	status int
	msg    string
}

func (r *rejection) Error() string { return r.msg }

func unsigned(format string, args ...any) error {
	return &rejection{http.StatusUnauthorized, "unsigned: " + fmt.Sprintf(format, args...)}
}

func forged(format string, args ...any) error {
	return &rejection{http.StatusUnauthorized, "forged: " + fmt.Sprintf(format, args...)}
}

func stale(format string, args ...any) error {
	return &rejection{http.StatusUnauthorized, "replayed or stale: " + fmt.Sprintf(format, args...)}
}

func malformed(format string, args ...any) error {
	return &rejection{http.StatusBadRequest, "malformed: " + fmt.Sprintf(format, args...)}
}

// RejectionStatus returns the HTTP status for an inbound event refused by
// an InboundSource: a rejection's own, else 400.
func RejectionStatus(err error) int {
	var r *rejection
	if errors.As(err, &r) {
		return r.status
	}
	return http.StatusBadRequest
}

// equal compares a received secret or signature with the expected one in
// constant time (for equal lengths; the length itself is not secret).
func equal(got, want string) bool {
	return hmac.Equal([]byte(got), []byte(want))
}

func mac(h func() hash.Hash, secret string, parts ...[]byte) []byte {
	m := hmac.New(h, []byte(secret))
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// hexSHA1 is "sha1=" + hex HMAC-SHA1 of parts (Intercom).
func hexSHA1(secret string, parts ...[]byte) string {
	return "sha1=" + hex.EncodeToString(mac(sha1.New, secret, parts...))
}

// hexSHA256 is "sha256=" + hex HMAC-SHA256 of parts (Chatwoot, Libredesk).
func hexSHA256(secret string, parts ...[]byte) string {
	return "sha256=" + hex.EncodeToString(mac(sha256.New, secret, parts...))
}

// b64SHA256 is the base64 HMAC-SHA256 of parts (Zendesk).
func b64SHA256(secret string, parts ...[]byte) string {
	return base64.StdEncoding.EncodeToString(mac(sha256.New, secret, parts...))
}

// checkSignature compares the header value got with want. The scheme
// prefix of a hex digest ("sha1=", "sha256=") is compared
// case-insensitively; the digest itself, like a base64 one, exactly.
func checkSignature(header, got, want string) error {
	got = strings.TrimSpace(got)
	if got == "" {
		return unsigned("no %s header", header)
	}
	for _, scheme := range []string{"sha1=", "sha256="} {
		if strings.HasPrefix(want, scheme) && len(got) > len(scheme) && strings.EqualFold(got[:len(scheme)], scheme) {
			got = scheme + got[len(scheme):]
		}
	}
	if !equal(got, want) {
		return forged("%s does not match the body", header)
	}
	return nil
}

// checkFresh rejects a signed time outside tolerance of now, either way.
func checkFresh(what string, at, now time.Time, tolerance time.Duration) error {
	if d := now.Sub(at); d > tolerance || d < -tolerance {
		return stale("%s %s is %s away from now (tolerance %s)", what, at.UTC().Format(time.RFC3339), d.Round(time.Second), tolerance)
	}
	return nil
}
