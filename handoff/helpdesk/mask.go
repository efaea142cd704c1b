package helpdesk

import "strings"

// maskEmail hides the local part of an email address for logs:
// "jane.doe@example.com" becomes "j***@example.com".
func maskEmail(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at <= 0 {
		if email == "" {
			return ""
		}
		return "***"
	}
	return email[:1] + "***" + email[at:]
}

// scrub replaces every non-empty secret in s with a mask, so that a remote
// that echoes a credential back cannot leak it into an error or a log. A
// secret that is a whole header value ("Basic <base64>") is also masked
// without its scheme, as a remote may echo the credential alone.
func scrub(s string, secrets ...string) string {
	for _, sec := range secrets {
		if len(sec) >= 4 {
			s = strings.ReplaceAll(s, sec, "********")
		}
		if _, cred, ok := strings.Cut(sec, " "); ok && len(cred) >= 4 {
			s = strings.ReplaceAll(s, cred, "********")
		}
	}
	return s
}

// truncate shortens s to at most n bytes on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !runeStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func runeStart(b byte) bool { return b&0xC0 != 0x80 }
