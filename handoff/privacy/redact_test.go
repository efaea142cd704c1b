package privacy

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func defaultRedactor(t *testing.T) *Redactor {
	t.Helper()
	var c Config
	c.Defaults()
	require.NoError(t, c.Validate())
	r, err := New(c)
	require.NoError(t, err)
	require.NotNil(t, r)
	return r
}

func TestRedactBuiltins(t *testing.T) {
	r := defaultRedactor(t)
	tests := []struct {
		name, in, want string
		counts         Counts
	}{
		// Cards: Luhn-valid 13-19 digits, grouped or not.
		{"visa grouped", "card 4111 1111 1111 1111 please", "card [redacted card] please", Counts{"card": 1}},
		{"visa dashes", "4111-1111-1111-1111", "[redacted card]", Counts{"card": 1}},
		{"mastercard bare", "it's 5555555555554444.", "it's [redacted card].", Counts{"card": 1}},
		{"amex 15 digits", "amex 3782 822463 10005", "amex [redacted card]", Counts{"card": 1}},
		{"luhn-invalid 16 digits is not a card", "order 4111 1111 1111 1112", "order 4111 1111 1111 1112", Counts{}},
		{"card in irregular groups", "4111 11 11 1111 1111", "[redacted card]", Counts{"card": 1}},
		{"card then another number", "4111 1111 1111 1111 12", "[redacted card] 12", Counts{"card": 1}},
		{"12 digits are too few", "ref 4111 1111 1111", "ref 4111 1111 1111", Counts{}},
		{"digits inside a word are not a card", "id X4111111111111111", "id X4111111111111111", Counts{}},
		// IBANs: the country's length and mod 97.
		{"german iban grouped", "IBAN DE89 3704 0044 0532 0130 00, thanks", "IBAN [redacted iban], thanks", Counts{"iban": 1}},
		{"finnish iban bare", "tilini FI2112345600000785", "tilini [redacted iban]", Counts{"iban": 1}},
		{"uk iban with letters", "GB82 WEST 1234 5698 7654 32", "[redacted iban]", Counts{"iban": 1}},
		{"lower case iban", "fr14 2004 1010 0505 0001 3m02 606", "[redacted iban]", Counts{"iban": 1}},
		{"mod-97 invalid iban", "DE88 3704 0044 0532 0130 00", "DE88 3704 0044 0532 0130 00", Counts{}},
		{"iban too long for its country", "DE8937040044053201300012", "DE8937040044053201300012", Counts{}},
		// National ids.
		{"us ssn", "SSN 123-45-6789.", "SSN [redacted national_id].", Counts{"national_id": 1}},
		{"us ssn area 000 is none", "000-12-3456", "000-12-3456", Counts{}},
		{"us ssn area 666 is none", "666-12-3456", "666-12-3456", Counts{}},
		{"us ssn area 9xx is none", "912-12-3456", "912-12-3456", Counts{}},
		{"henkilötunnus", "hetu 131052-308T", "hetu [redacted national_id]", Counts{"national_id": 1}},
		{"henkilötunnus 2000s", "010101A123N ok", "[redacted national_id] ok", Counts{"national_id": 1}},
		{"henkilötunnus wrong check char", "131052-308U", "131052-308U", Counts{}},
		{"henkilötunnus impossible date", "321352-308T", "321352-308T", Counts{}},
		{"steuer-id", "Steuer-ID 86095742719", "Steuer-ID [redacted national_id]", Counts{"national_id": 1}},
		{"steuer-id grouped", "65 929 970 489", "[redacted national_id]", Counts{"national_id": 1}},
		{"steuer-id wrong check digit", "86095742718", "86095742718", Counts{}},
		{"eleven digits without a repeated digit", "12345678903", "12345678903", Counts{}},
		// Passwords in four languages.
		{"english", "my password is hunter2 and it fails", "my password is [redacted password] and it fails", Counts{"password": 1}},
		{"english colon", "Password: S3cr3t!", "Password: [redacted password]", Counts{"password": 1}},
		{"english pin", "the PIN is 4821", "the PIN is [redacted password]", Counts{"password": 1}},
		{"english talk about a password", "my password is not accepted", "my password is not accepted", Counts{}},
		{"english isn't is no verb of giving", "my password isn't working", "my password isn't working", Counts{}},
		{"finnish onko is no verb of giving", "salasana onkin vaihdettu", "salasana onkin vaihdettu", Counts{}},
		{"finnish", "salasana on kissa123", "salasana on [redacted password]", Counts{"password": 1}},
		{"finnish possessive", "Salasanani oli Talvi2024", "Salasanani oli [redacted password]", Counts{"password": 1}},
		{"finnish talk", "salasana on väärä", "salasana on väärä", Counts{}},
		{"german", "Mein Passwort ist Sommer!2024", "Mein Passwort ist [redacted password]", Counts{"password": 1}},
		{"german kennwort", "das Kennwort lautet 'abc-77'", "das Kennwort lautet [redacted password]", Counts{"password": 1}},
		{"german talk", "mein Passwort ist abgelaufen", "mein Passwort ist abgelaufen", Counts{}},
		{"french", "mon mot de passe est Chat-noir9", "mon mot de passe est [redacted password]", Counts{"password": 1}},
		{"french c'est", "mot de passe c'est azerty", "mot de passe c'est [redacted password]", Counts{"password": 1}},
		{"french talk", "le mot de passe est incorrect", "le mot de passe est incorrect", Counts{}},
		// Several at once; nothing else touched.
		{"mixed", "pay 4111111111111111 from DE89370400440532013000, password: x9", "pay [redacted card] from [redacted iban], password: [redacted password]",
			Counts{"card": 1, "iban": 1, "password": 1}},
		{"dates, order numbers and amounts stay", "order 12345 on 2026-11-21 for 49.90 EUR", "order 12345 on 2026-11-21 for 49.90 EUR", Counts{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, counts := r.String(tt.in)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.counts, counts)
		})
	}
}

func TestRedactKindsAndOff(t *testing.T) {
	off := false
	r, err := New(Config{Redact: RedactConfig{Enabled: &off}})
	require.NoError(t, err)
	assert.Nil(t, r)
	got, counts := r.String("4111 1111 1111 1111")
	assert.Equal(t, "4111 1111 1111 1111", got, "a nil redactor masks nothing")
	assert.Empty(t, counts)

	c := Config{Redact: RedactConfig{Kinds: []string{"card"}}}
	c.Defaults()
	require.NoError(t, c.Validate())
	r, err = New(c)
	require.NoError(t, err)
	got, _ = r.String("4111 1111 1111 1111 and password: x9")
	assert.Equal(t, "[redacted card] and password: x9", got)
}

func TestCustomPatterns(t *testing.T) {
	c := Config{Redact: RedactConfig{Patterns: []Pattern{
		{Name: "customer_number", Regex: `\bCUST-\d{6}\b`},
		{Name: "order_pin", Regex: `(?i)order pin (?P<value>\d{4})`},
	}}}
	c.Defaults()
	require.NoError(t, c.Validate())
	r, err := New(c)
	require.NoError(t, err)
	got, counts := r.String("I am CUST-123456 (also CUST-654321), order pin 7788, card 4111111111111111")
	assert.Equal(t, "I am [redacted customer_number] (also [redacted customer_number]), order pin [redacted order_pin], card [redacted card]", got)
	assert.Equal(t, Counts{"customer_number": 2, "order_pin": 1, "card": 1}, counts)
	assert.Equal(t, []handoff.Redaction{{Kind: "card", Count: 1}, {Kind: "customer_number", Count: 2}, {Kind: "order_pin", Count: 1}}, r.List(counts))
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  RedactConfig
		want string
	}{
		{"bad regex", RedactConfig{Patterns: []Pattern{{Name: "x", Regex: `(\d+`}}}, `redact.patterns[0].regex: "(\\d+" is not a valid regular expression`},
		{"look-ahead", RedactConfig{Patterns: []Pattern{{Name: "x", Regex: `a(?=b)`}}}, `redact.patterns[0].regex: "a(?=b)" is not a valid regular expression (Go RE2 syntax`},
		{"empty regex", RedactConfig{Patterns: []Pattern{{Name: "x", Regex: " "}}}, "redact.patterns[0].regex: empty"},
		{"matches empty", RedactConfig{Patterns: []Pattern{{Name: "x", Regex: `\d*`}}}, "matches the empty text"},
		{"bad name", RedactConfig{Patterns: []Pattern{{Name: "Customer No", Regex: `x`}}}, `redact.patterns[0].name: "Customer No" must be lower-case`},
		{"builtin name", RedactConfig{Patterns: []Pattern{{Name: "card", Regex: `x`}}}, `redact.patterns[0].name: "card" is a built-in kind`},
		{"duplicate", RedactConfig{Patterns: []Pattern{{Name: "a", Regex: `x`}, {Name: "a", Regex: `y`}}}, `redact.patterns[1].name: "a" is used twice`},
		{"unknown kind", RedactConfig{Kinds: []string{"cards"}}, `redact.kinds[0]: "cards" is unknown; use password, iban, national_id, card`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{Redact: tt.cfg}
			c.Defaults()
			err := c.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestRedactHandoff(t *testing.T) {
	r := defaultRedactor(t)
	h := handoff.Handoff{
		ID: "h_1",
		Transcript: []handoff.Turn{
			{Role: handoff.RoleUser, Content: "I was charged twice on 4111 1111 1111 1111"},
			{Role: handoff.RoleAssistant, Content: "I cannot see card payments."},
			{Role: handoff.RoleUser, Content: "refund to DE89 3704 0044 0532 0130 00, my password is hunter2"},
		},
		Question:      "refund to DE89 3704 0044 0532 0130 00, my password is hunter2",
		Reason:        "double charge on 5555555555554444",
		Contact:       handoff.Contact{Email: "anna@example.com"},
		Metadata:      map[string]string{"card": "4111111111111111", "plan": "pro"},
		Vote:          &handoff.Vote{Evidence: "charged twice on 4111 1111 1111 1111"},
		ServerVerdict: &handoff.Verdict{Reason: "card 4111111111111111 mentioned"},
		Summary:       &handoff.Summary{Goal: "refund to DE89 3704 0044 0532 0130 00", Why: "billing"},
	}
	orig := h
	orig.Transcript = append([]handoff.Turn(nil), h.Transcript...)
	got, rs := r.RedactHandoff(h)
	assert.Equal(t, []handoff.Redaction{{Kind: "password", Count: 1}, {Kind: "iban", Count: 1}, {Kind: "card", Count: 3}}, rs)
	assert.Equal(t, rs, r.Redactions(h), "counted without masking, the same")
	assert.Equal(t, "2 card numbers, 1 IBAN redacted", handoff.RedactionNote([]handoff.Redaction{{Kind: "card", Count: 2}, {Kind: "iban", Count: 1}}))
	assert.Equal(t, "I was charged twice on [redacted card]", got.Transcript[0].Content)
	assert.Equal(t, "refund to [redacted iban], my password is [redacted password]", got.Question)
	assert.Equal(t, "double charge on [redacted card]", got.Reason)
	assert.Equal(t, map[string]string{"card": "[redacted card]", "plan": "pro"}, got.Metadata)
	assert.Equal(t, "charged twice on [redacted card]", got.Vote.Evidence)
	assert.Equal(t, "card [redacted card] mentioned", got.ServerVerdict.Reason)
	assert.Equal(t, "refund to [redacted iban]", got.Summary.Goal)
	assert.Equal(t, "anna@example.com", got.Contact.Email, "the helpdesk needs the contact")
	// The original is untouched.
	assert.Equal(t, orig.Transcript, h.Transcript)
	assert.Equal(t, "4111111111111111", h.Metadata["card"])
	assert.True(t, strings.HasPrefix(h.Summary.Goal, "refund to DE89"))
}

func TestHasDigits(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want bool
	}{
		{"", 0, true}, {"", 1, false}, {"a1b2", 2, true}, {"a1b2", 3, false},
		{"4111 1111 1111 1111", 13, true}, {"123-45-6789", 9, true}, {"12-34-56", 9, false},
		{"١٢٣٤٥٦٧٨٩", 1, false}, // \d of the detectors is ASCII only
	} {
		assert.Equal(t, c.want, hasDigits(c.s, c.n), "%q %d", c.s, c.n)
	}
}

// TestIBANStartMatchesItsPattern holds ibanStart's scan to the pattern it
// replaces, `(?i)\b[a-z]{2}\d{2}`, position by position.
func TestIBANStartMatchesItsPattern(t *testing.T) {
	re := regexp.MustCompile(`(?i)\b[a-z]{2}\d{2}`)
	for _, s := range []string{
		"", "FI21", "fi2112345600000785", "xFI21", "_FI21", "1FI21", "-FI21 äFI21", "FI2", "F121", "FIX21",
		"IBAN: DE89 3704 0044 0532 0130 00, and GB82WEST12345698765432.", "ab12cd34 ef56", "ſt12 K12 Ka12",
	} {
		var want []int
		for _, m := range re.FindAllStringIndex(s, -1) {
			want = append(want, m[0])
		}
		var got []int
		for i := range len(s) {
			if ibanStart(s, i) {
				got = append(got, i)
			}
		}
		assert.Equal(t, want, got, s)
	}
}
