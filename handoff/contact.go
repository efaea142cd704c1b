package handoff

import (
	"net/mail"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// Field length limits for contact details.
const (
	maxEmailLen = 254 // RFC 5321 path limit
	maxNameLen  = 200
	maxPhoneLen = 40
)

// NormalizeEmail parses s as an email address per RFC 5322 and returns the
// bare address. It rejects display-name forms with more than an address,
// addresses whose domain has no dot ("a@b"), and over-long addresses, with a
// KindInvalid error that says what is wrong.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", Invalid("email", "is empty")
	case len(s) > maxEmailLen:
		return "", Invalid("email", "is %d characters long; an address has at most %d", len(s), maxEmailLen)
	case !utf8.ValidString(s):
		return "", Invalid("email", "is not valid UTF-8")
	}
	if r, ok := hiddenRune(s); ok {
		return "", Invalid("email", "contains an invisible or direction-changing character (U+%04X), so the address shown is not the one stored; ask the user to type the address again, without copying it from elsewhere", r)
	}
	addr, err := mail.ParseAddress(s)
	if err != nil {
		return "", Invalid("email", "%q is not an email address (%s); ask the user for an address like name@example.com", s, strings.TrimPrefix(err.Error(), "mail: "))
	}
	at := strings.LastIndexByte(addr.Address, '@')
	local, domain := addr.Address[:at], addr.Address[at+1:]
	if local == "" {
		return "", Invalid("email", "%q has nothing before the @", s)
	}
	if err := checkDomain(domain); err != "" {
		return "", Invalid("email", "%q %s; ask the user for an address like name@example.com", s, err)
	}
	if !dotAtom(local) {
		return "", Invalid("email", "%q has a quoted part or characters like spaces before the @, which helpdesks and mail systems cannot reply to; ask the user for a plain address like name@example.com", s)
	}
	return local + "@" + strings.ToLower(domain), nil
}

// dotAtom reports whether an address's local part (as net/mail returns it,
// unquoted) is a dot-atom: one that needs no quotes. Only those are
// accepted: a quoted local part survives few helpdesks and mail clients.
func dotAtom(local string) bool {
	if strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return false
	}
	for _, r := range local {
		ok := r == '.' || r >= 0x80 || strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", r) ||
			('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}

// hiddenRune returns the first character of s that does not show as
// itself: control and format characters (zero-width spaces and joiners,
// bidirectional marks, embeddings, overrides and isolates, the byte order
// mark, soft hyphens, tag characters) and separators other than the ASCII
// space (no-break and other spaces, line and paragraph separators).
func hiddenRune(s string) (rune, bool) {
	for _, r := range s {
		if r == ' ' {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) || unicode.In(r, unicode.Zs, unicode.Zl, unicode.Zp) ||
			unicode.Is(unicode.Variation_Selector, r) {
			return r, true
		}
	}
	return 0, false
}

// checkDomain returns what is wrong with an email domain, or "".
func checkDomain(d string) string {
	if strings.HasPrefix(d, "[") {
		return "uses an IP literal as its domain, which helpdesks do not accept"
	}
	if !strings.Contains(d, ".") {
		return "has no dot in its domain " + quote(d)
	}
	for _, label := range strings.Split(d, ".") {
		if label == "" {
			return "has an empty label in its domain " + quote(d)
		}
		if strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return "has a domain label starting or ending with a hyphen"
		}
	}
	return ""
}

func quote(s string) string { return `"` + s + `"` }

// NormalizePhone parses s as a phone number and returns it in E.164 form
// ("+4930123456"). Numbers without a leading + (or 00) are read in
// defaultRegion, an ISO 3166 code such as "DE"; with no default region such
// numbers are rejected with an error that says to include the country code.
func NormalizePhone(s, defaultRegion string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", Invalid("phone", "is empty")
	case len(s) > maxPhoneLen:
		return "", Invalid("phone", "is %d characters long; a phone number has at most %d", len(s), maxPhoneLen)
	}
	if strings.HasPrefix(s, "00") {
		s = "+" + s[2:]
	}
	region := strings.ToUpper(defaultRegion)
	if !strings.HasPrefix(s, "+") && region == "" {
		return "", Invalid("phone", "%q has no country code; ask for the number with its country code, like +49 30 1234567", s)
	}
	num, err := phonenumbers.Parse(s, region)
	if err != nil {
		return "", Invalid("phone", "%q is not a phone number (%v)", s, err)
	}
	if !phonenumbers.IsValidNumber(num) {
		return "", Invalid("phone", "%q is not a valid phone number for its country; check the digits and the country code", s)
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}

// NormalizeName trims a person's name and checks its length and encoding.
func NormalizeName(s string) (string, error) {
	s = strings.Join(strings.Fields(CleanLine(s)), " ")
	switch {
	case !utf8.ValidString(s):
		return "", Invalid("name", "is not valid UTF-8")
	case utf8.RuneCountInString(s) > maxNameLen:
		return "", Invalid("name", "is longer than %d characters", maxNameLen)
	}
	return s, nil
}

// LoadZone loads an IANA timezone by name, refusing "Local" and names the
// tz database does not know. Zones it loaded are kept (time.LoadLocation
// reads and parses the zone's file at every call), up to maxZones of them.
func LoadZone(name string) (*time.Location, error) {
	if len(name) > MaxTimezoneBytes {
		return nil, Invalid("timezone", "is %d bytes long; pass an IANA timezone name like Europe/Berlin (at most %d bytes)", len(name), MaxTimezoneBytes)
	}
	if loc, ok := zones.get(name); ok {
		return loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" || strings.EqualFold(name, "local") {
		return nil, Invalid("timezone", "%q is not an IANA timezone; use a name like Europe/Berlin or America/New_York", name)
	}
	zones.put(name, loc)
	return loc, nil
}

// maxZones bounds the zones LoadZone keeps: the names come from the
// calling model, and the tz database has about 600.
const maxZones = 1000

// zones are the zones LoadZone loaded, by name.
var zones zoneCache

// zoneCache keeps loaded zones by name, up to maxZones.
type zoneCache struct {
	mu sync.RWMutex // protects m
	m  map[string]*time.Location
}

func (c *zoneCache) get(name string) (*time.Location, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	loc, ok := c.m[name]
	return loc, ok
}

func (c *zoneCache) put(name string, loc *time.Location) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]*time.Location)
	}
	if len(c.m) < maxZones {
		c.m[name] = loc
	}
}
