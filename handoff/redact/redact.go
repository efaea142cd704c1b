// Package redact masks personal data (email addresses, phone numbers) in
// log output. Log lines pass through Writer, so a field logged by mistake is
// masked too; Email and Phone mask single values where a log line wants to
// keep a hint of them.
package redact

import (
	"io"
	"regexp"
	"strings"
)

var (
	emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`)
	// phoneRE matches E.164 numbers (how we store them) and international
	// numbers written with spaces, dashes or dots, but not dates or ids.
	phoneRE = regexp.MustCompile(`\+[1-9](?:[ .\-]?\d){6,14}`)
)

// Email masks an address, keeping its first character and domain:
// "anna@example.com" becomes "a***@example.com".
func Email(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return mask(s)
	}
	return s[:1] + "***" + s[at:]
}

// Phone masks a phone number, keeping its last two digits.
func Phone(s string) string {
	if len(s) <= 2 {
		return mask(s)
	}
	return "***" + s[len(s)-2:]
}

func mask(s string) string {
	if s == "" {
		return ""
	}
	return "***"
}

// String masks every email address and phone number in s.
func String(s string) string {
	s = emailRE.ReplaceAllStringFunc(s, Email)
	return phoneRE.ReplaceAllStringFunc(s, Phone)
}

// Writer returns a writer that masks emails and phone numbers in each write
// before passing it to w. zerolog writes one whole line per Write, so a
// value is never split across calls.
func Writer(w io.Writer) io.Writer { return writer{w} }

type writer struct{ w io.Writer }

func (r writer) Write(p []byte) (int, error) {
	masked := String(string(p))
	if _, err := io.WriteString(r.w, masked); err != nil {
		return 0, err
	}
	return len(p), nil
}
