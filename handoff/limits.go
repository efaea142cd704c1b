package handoff

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits bound what a client may send, so that one bad call cannot exhaust
// memory or the database. Zero fields take the defaults of DefaultLimits.
type Limits struct {
	// MaxTurns is the most transcript turns one call may carry.
	MaxTurns int `yaml:"max_turns" json:"max_turns"`
	// MaxTranscriptBytes bounds the total size of all turn contents.
	MaxTranscriptBytes int `yaml:"max_transcript_bytes" json:"max_transcript_bytes"`
	// MaxTurnBytes bounds one turn's content (and the current question).
	MaxTurnBytes int `yaml:"max_turn_bytes" json:"max_turn_bytes"`
	// MaxMessageBytes bounds a message left for agents or relayed to one.
	MaxMessageBytes int `yaml:"max_message_bytes" json:"max_message_bytes"`
	// MaxIDBytes bounds conversation and handoff ids.
	MaxIDBytes int `yaml:"max_id_bytes" json:"max_id_bytes"`
	// MaxMetadata bounds the number of metadata entries; keys and values
	// are limited to 64 and 1024 bytes.
	MaxMetadata int `yaml:"max_metadata" json:"max_metadata"`
}

// DefaultLimits returns the limits used for fields left at zero.
func DefaultLimits() Limits {
	return Limits{
		MaxTurns:           500,
		MaxTranscriptBytes: 1 << 20,
		MaxTurnBytes:       32 << 10,
		MaxMessageBytes:    8 << 10,
		MaxIDBytes:         256,
		MaxMetadata:        32,
	}
}

// WithDefaults returns l with zero fields set to their defaults.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	if l.MaxTurns == 0 {
		l.MaxTurns = d.MaxTurns
	}
	if l.MaxTranscriptBytes == 0 {
		l.MaxTranscriptBytes = d.MaxTranscriptBytes
	}
	if l.MaxTurnBytes == 0 {
		l.MaxTurnBytes = d.MaxTurnBytes
	}
	if l.MaxMessageBytes == 0 {
		l.MaxMessageBytes = d.MaxMessageBytes
	}
	if l.MaxIDBytes == 0 {
		l.MaxIDBytes = d.MaxIDBytes
	}
	if l.MaxMetadata == 0 {
		l.MaxMetadata = d.MaxMetadata
	}
	return l
}

// Validate reports a negative limit.
func (l Limits) Validate() error {
	for name, v := range map[string]int{
		"max_turns": l.MaxTurns, "max_transcript_bytes": l.MaxTranscriptBytes,
		"max_turn_bytes": l.MaxTurnBytes, "max_message_bytes": l.MaxMessageBytes,
		"max_id_bytes": l.MaxIDBytes, "max_metadata": l.MaxMetadata,
	} {
		if v < 0 {
			return fmt.Errorf("%s: is %d; use a positive number, or leave it out for the default", name, v)
		}
	}
	return nil
}

// checkID validates a conversation or handoff id.
func (l Limits) checkID(field, id string) error {
	switch {
	case strings.TrimSpace(id) == "" && field == "handoff_id":
		return Invalid(field, "is empty; pass the handoff_id that request_human_handoff returned")
	case strings.TrimSpace(id) == "":
		return Invalid(field, "is empty; pass the id that identifies this conversation in your client")
	case len(id) > l.MaxIDBytes:
		return Invalid(field, "is %d bytes long; the limit is %d (limits.max_id_bytes)", len(id), l.MaxIDBytes)
	case !utf8.ValidString(id):
		return Invalid(field, "is not valid UTF-8")
	}
	for _, r := range id {
		if r < 0x20 || r == 0x7f {
			return Invalid(field, "contains a control character")
		}
	}
	return nil
}

// truncateBytes cuts s to at most n bytes, on a rune boundary, for echoing
// a refused value back.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// checkText validates free text (a turn, a question, a message).
func (l Limits) checkText(field, s string, max int, limitName string) error {
	switch {
	case len(s) > max:
		return Invalid(field, "is %d bytes long; the limit is %d (limits.%s)", len(s), max, limitName)
	case !utf8.ValidString(s):
		return Invalid(field, "is not valid UTF-8; send the text as UTF-8")
	}
	return nil
}

// checkTranscript validates roles, sizes and encoding of a transcript.
func (l Limits) checkTranscript(turns []Turn) error {
	if len(turns) > l.MaxTurns {
		return Invalid("transcript", "has %d turns; the limit is %d (limits.max_turns): send only the most recent turns", len(turns), l.MaxTurns)
	}
	total := 0
	for i, t := range turns {
		field := fmt.Sprintf("transcript[%d]", i)
		if !t.Role.Valid() {
			return Invalid(field+".role", "is %q; use user, assistant or system", t.Role)
		}
		if err := l.checkText(field+".content", t.Content, l.MaxTurnBytes, "max_turn_bytes"); err != nil {
			return err
		}
		total += len(t.Content)
		if total > l.MaxTranscriptBytes {
			return Invalid("transcript", "is over %d bytes (limits.max_transcript_bytes): send only the most recent turns", l.MaxTranscriptBytes)
		}
	}
	return nil
}

// checkMetadata validates client metadata.
func (l Limits) checkMetadata(md map[string]string) error {
	if len(md) > l.MaxMetadata {
		return Invalid("metadata", "has %d entries; the limit is %d (limits.max_metadata)", len(md), l.MaxMetadata)
	}
	for k, v := range md {
		if k == "" || len(k) > maxMetadataKeyBytes || !utf8.ValidString(k) || strings.ContainsFunc(k, dropInText) || strings.ContainsAny(k, "\r\n\t") {
			return Invalid("metadata", "key %q must be 1 to %d bytes of UTF-8 without control characters", truncateBytes(k, maxMetadataKeyBytes), maxMetadataKeyBytes)
		}
		if len(v) > maxMetadataValueBytes || !utf8.ValidString(v) {
			return Invalid("metadata."+k, "must be at most %d bytes of UTF-8", maxMetadataValueBytes)
		}
	}
	return nil
}

// Fixed bounds of the short fields, which no configuration needs to raise.
const (
	// MaxLanguageBytes bounds a language tag (BCP 47 tags in use are
	// shorter; we read only the base language).
	MaxLanguageBytes = 35
	// MaxTimezoneBytes bounds an IANA timezone name.
	MaxTimezoneBytes = 64
	// MaxVoteTriggers bounds the trigger ids of one vote.
	MaxVoteTriggers = 32
	// maxTriggerIDBytes bounds one voted trigger id (config ids are at
	// most 64 characters).
	maxTriggerIDBytes = 64
	// Metadata keys and values.
	maxMetadataKeyBytes   = 64
	maxMetadataValueBytes = 1024
)

// CheckLanguage validates a language tag: at most MaxLanguageBytes of ASCII
// letters, digits, '-' and '_' ("en", "de-AT", "pt_BR"); empty is allowed.
func CheckLanguage(tag string) error {
	if len(tag) > MaxLanguageBytes {
		return Invalid("language", "is %d bytes long; pass an ISO 639-1 code like en or de (at most %d bytes)", len(tag), MaxLanguageBytes)
	}
	for _, r := range strings.TrimSpace(tag) {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return Invalid("language", "%q is not a language code; pass an ISO 639-1 code like en or de", tag)
		}
	}
	return nil
}

// CleanText removes the characters that have no place in a message: C0
// controls but tab and line feed (a CR LF or a lone CR becomes a line feed),
// DEL, C1 controls (escape sequences lose their introducer), and the
// bidirectional embeddings, overrides and isolates that make text show
// other than it reads. Invalid UTF-8 is left for the checks to refuse.
func CleanText(s string) string {
	if !strings.ContainsFunc(s, dropInText) && !strings.ContainsRune(s, '\r') {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if dropInText(r) {
			return -1
		}
		return r
	}, s)
}

// CleanLine is CleanText for one-line fields (a name, a metadata value):
// line breaks and tabs become spaces.
func CleanLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, CleanText(s))
}

// dropInText reports a rune CleanText removes.
func dropInText(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// cleanTranscript returns turns with CleanText applied to every content.
// (The caller's slice is not changed.)
func cleanTranscript(turns []Turn) []Turn {
	var out []Turn
	for i, t := range turns {
		c := CleanText(t.Content)
		if c == t.Content && out == nil {
			continue
		}
		if out == nil {
			out = append([]Turn(nil), turns...)
		}
		out[i].Content = c
	}
	if out == nil {
		return turns
	}
	return out
}
