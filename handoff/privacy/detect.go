package privacy

import (
	"regexp"
	"strings"
	"sync"
)

// The built-in kinds, in the order they are applied.
const (
	KindPassword   = "password"
	KindIBAN       = "iban"
	KindNationalID = "national_id"
	KindCard       = "card"
)

// BuiltinKinds lists the built-in kinds, in the order they are applied.
var BuiltinKinds = []string{KindPassword, KindIBAN, KindNationalID, KindCard}

// span is a part of a text to mask: bytes [start, end).
type span struct{ start, end int }

// detector finds what to mask in a text.
type detector func(s string) []span

func builtin(kind string) detector {
	switch kind {
	case KindPassword:
		return findPasswords
	case KindIBAN:
		return findIBANs
	case KindNationalID:
		return findNationalIDs
	case KindCard:
		return findCards
	}
	return nil
}

// --- card numbers ---

// cardRE matches 13 to 19 digits, optionally grouped by single spaces or
// dashes, standing alone.
var cardRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b\d(?:[ \-]?\d){12,18}\b`) })

func findCards(s string) []span {
	if !hasDigits(s, 13) {
		return nil
	}
	var out []span
	for _, m := range cardRE().FindAllStringIndex(s, -1) {
		if end, ok := cardEnd(s[m[0]:m[1]]); ok {
			out = append(out, span{m[0], m[0] + end})
		}
	}
	return out
}

// cardEnd returns the length of the longest Luhn-valid card number of 13
// to 19 digits that the candidate starts with, ending at a group boundary
// (a separator or the candidate's end): "4111 1111 1111 1111 12" is the card
// 4111 1111 1111 1111 followed by something else.
func cardEnd(c string) (int, bool) {
	for end := len(c); end > 0; {
		digits := onlyDigits(c[:end])
		if len(digits) < 13 {
			return 0, false
		}
		if len(digits) <= 19 && luhn(digits) {
			return end, true
		}
		cut := strings.LastIndexAny(c[:end], " -")
		if cut < 0 {
			return 0, false
		}
		end = cut
	}
	return 0, false
}

// luhn reports whether the digit string passes the Luhn check.
func luhn(digits string) bool {
	sum, double := 0, false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// hasDigits reports whether s holds at least n ASCII digits: a text with
// fewer cannot hold what a detector looks for, and is not searched (the
// regular expressions cost far more than this count).
func hasDigits(s string, n int) bool {
	for i := 0; i < len(s) && n > 0; i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n--
		}
	}
	return n <= 0
}

func onlyDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// --- IBANs ---

// ibanStart reports whether an IBAN may begin at s[i]: a country code and
// two check digits at a word start (what `(?i)\b[a-z]{2}\d{2}` matches,
// found by a scan: the regexp's search over every turn of a transcript was
// most of the redaction's time).
func ibanStart(s string, i int) bool {
	return i+4 <= len(s) && (i == 0 || !isWord(s[i-1])) &&
		isLetter(s[i]) && isLetter(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3])
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// isWord is regexp's \w: what \b tells from the rest.
func isWord(c byte) bool { return isAlnum(c) || c == '_' }

// ibanLengths are the IBAN lengths of the countries of the IBAN registry.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
	"BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
	"ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
	"HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
	"LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
	"MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
	"RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}

func findIBANs(s string) []span {
	if !hasDigits(s, 2) {
		return nil
	}
	var out []span
	for i := 0; i+4 <= len(s); i++ {
		if !ibanStart(s, i) {
			continue
		}
		if end, ok := ibanAt(s, i); ok {
			out = append(out, span{i, end})
			i = end - 1
		}
	}
	return out
}

// ibanAt reads the IBAN starting at s[start:]: exactly its country's length
// of letters and digits, optionally grouped by single spaces, not followed
// directly by another letter or digit, and passing the mod-97 check.
func ibanAt(s string, start int) (int, bool) {
	want, ok := ibanLengths[strings.ToUpper(s[start:start+2])]
	if !ok {
		return 0, false
	}
	var b strings.Builder
	i := start
	for i < len(s) && b.Len() < want {
		c := s[i]
		switch {
		case isAlnum(c):
			b.WriteByte(upper(c))
			i++
		case c == ' ' && i+1 < len(s) && isAlnum(s[i+1]) && b.Len() >= 4:
			i++
		default:
			return 0, false
		}
	}
	if b.Len() < want || i < len(s) && isAlnum(s[i]) {
		return 0, false
	}
	return i, mod97(b.String())
}

// mod97 reports whether an IBAN (upper case, no spaces) passes ISO 13616's
// check: the first four characters moved to the end, letters as 10..35,
// the number mod 97 is 1.
func mod97(iban string) bool {
	r := iban[4:] + iban[:4]
	n := 0
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case c >= '0' && c <= '9':
			n = (n*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			n = (n*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return n == 1
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
