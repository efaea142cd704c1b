package helpdesk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// decode unmarshals a verified body into v, as a malformed rejection on
// failure. It does not name the offending value (it may be personal data).
func decode(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return malformed("not JSON (syntax error at byte %d)", se.Offset)
		case errors.As(err, &te):
			return malformed("field %q has the wrong type (%s, want %s)", te.Field, te.Value, te.Type)
		}
		return malformed("not the expected JSON")
	}
	return nil
}

// flexID is an identifier that vendors send as a string or as a number
// (Intercom, Zendesk and Chatwoot do both across versions); null is "".
type flexID string

// UnmarshalJSON accepts a string, a number or null.
func (f *flexID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*f = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexID(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("id: want a string or a number")
		}
		*f = flexID(n.String())
	}
	return nil
}

// flexTime is a time that vendors send as RFC 3339 (with or without
// fractional seconds), as "2006-01-02 15:04:05 UTC" (Chatwoot's older
// payloads), or as unix seconds (Intercom, Chatwoot conversations), possibly
// fractional; null or "" is the zero time.
type flexTime struct{ time.Time }

// UnmarshalJSON accepts the forms above.
func (t *flexTime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		t.Time = time.Time{}
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		v, err := parseTime(s)
		if err != nil {
			return err
		}
		t.Time = v
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("time: want a string or unix seconds")
	}
	t.Time = unixTime(f)
	return nil
}

// parseTime reads the string forms of flexTime.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05 MST", "2006-01-02 15:04:05 -0700", "2006-01-02T15:04:05.999999999"} {
		if v, err := time.Parse(layout, s); err == nil {
			return v.UTC(), nil
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return unixTime(f), nil
	}
	return time.Time{}, fmt.Errorf("time: unknown format")
}

// unixTime converts unix seconds, or milliseconds when the value is too
// large to be seconds (after the year 5000), to a time.
func unixTime(f float64) time.Time {
	if f > 1e11 {
		f /= 1000
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}

// or returns t, or def when t is zero.
func or(t time.Time, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t
}

// attribute returns custom attribute key of attrs as a string, or "".
func attribute(attrs map[string]any, key string) string {
	switch v := attrs[key].(type) {
	case string:
		return cleanID(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}
