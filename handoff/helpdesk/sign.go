package helpdesk

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// The headers of a webhook delivery.
const (
	// HeaderSignature carries "v1=<hex HMAC-SHA256 of timestamp + "." + body>";
	// several comma-separated values may appear while keys rotate.
	HeaderSignature = "X-Handoff-Signature"
	// HeaderTimestamp carries the unix time in seconds the request was signed.
	HeaderTimestamp = "X-Handoff-Timestamp"
	// HeaderEvent carries the event type (handoff.created, ...).
	HeaderEvent = "X-Handoff-Event"
	// HeaderIdempotencyKey is the same for every retry of one event.
	HeaderIdempotencyKey = "Idempotency-Key"
)

// Sign returns the HeaderSignature value for body signed at unix time ts:
// "v1=" and the hex HMAC-SHA256 of "<ts>.<body>" under secret.
func Sign(secret []byte, ts int64, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "v1=" + hex.EncodeToString(m.Sum(nil))
}

// Errors of VerifySignature.
var (
	ErrNoSignature  = errors.New("missing or malformed signature or timestamp header")
	ErrBadSignature = errors.New("signature does not match")
	ErrStale        = errors.New("timestamp outside the tolerance window (replayed or clock skew)")
)

// VerifySignature checks a webhook delivery as a receiver should: the
// timestamp header must be within tolerance of now (rejecting replays of old
// requests), and one of the v1 signatures must match body under secret, in
// constant time.
func VerifySignature(secret []byte, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(strings.TrimSpace(timestamp), 10, 64)
	if err != nil || signature == "" {
		return ErrNoSignature
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return ErrStale
	}
	want := []byte(Sign(secret, ts, body))
	for _, s := range strings.Split(signature, ",") {
		if hmac.Equal([]byte(strings.TrimSpace(s)), want) {
			return nil
		}
	}
	return ErrBadSignature
}
