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
		if k == "" || len(k) > 64 || !utf8.ValidString(k) {
			return Invalid("metadata", "key %q must be 1 to 64 bytes of UTF-8", k)
		}
		if len(v) > 1024 || !utf8.ValidString(v) {
			return Invalid("metadata."+k, "must be at most 1024 bytes of UTF-8")
		}
	}
	return nil
}
