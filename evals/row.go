package evals

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// UnknownLanguage is the language of rows that carry none.
const UnknownLanguage = "und"

// Row is one labelled conversation of a dataset.
type Row struct {
	// ID names the row; unique within its dataset.
	ID string `json:"id"`
	// Lang is the ISO 639-1 code of the user's language; UnknownLanguage when
	// the file gives none.
	Lang string `json:"lang"`
	// Transcript is the conversation so far, newest turn last.
	Transcript []handoff.Turn `json:"transcript"`
	// ExpectHandoff is the label: should this conversation go to a human?
	ExpectHandoff bool `json:"expect_handoff"`
	// ExpectTrigger lists the trigger ids of which any one is a correct
	// reason for the handoff; empty on no-handoff rows.
	ExpectTrigger TriggerIDs `json:"expect_trigger"`
	// Note says why the label is what it is.
	Note string `json:"note,omitempty"`

	// File and Line locate the row in its dataset, for error messages.
	File string `json:"-"`
	Line int    `json:"-"`
}

// TriggerIDs is the expect_trigger field: JSON null, one id, or a list of ids.
type TriggerIDs []string

// UnmarshalJSON accepts null, a string, or an array of strings.
func (t *TriggerIDs) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*t = nil
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = TriggerIDs{s}
		return nil
	}
	var ids []string
	if err := json.Unmarshal(b, &ids); err != nil {
		return fmt.Errorf("want null, a trigger id or a list of trigger ids, got %s", truncate(string(b), 40))
	}
	*t = ids
	return nil
}

// MarshalJSON writes null, a string for one id, or an array.
func (t TriggerIDs) MarshalJSON() ([]byte, error) {
	switch len(t) {
	case 0:
		return []byte("null"), nil
	case 1:
		return json.Marshal(t[0])
	}
	return json.Marshal([]string(t))
}

// Has reports whether id is one of t.
func (t TriggerIDs) Has(id string) bool {
	for _, x := range t {
		if strings.EqualFold(x, id) {
			return true
		}
	}
	return false
}

// rawRow mirrors Row with pointers, so that missing fields are told apart
// from zero values.
type rawRow struct {
	ID            *string        `json:"id"`
	Lang          string         `json:"lang"`
	Transcript    []handoff.Turn `json:"transcript"`
	ExpectHandoff *bool          `json:"expect_handoff"`
	ExpectTrigger TriggerIDs     `json:"expect_trigger"`
	Note          string         `json:"note"`
}

// ParseRow decodes and validates one JSONL line. Fields other than those of
// Row (such as "source") are ignored.
func ParseRow(line []byte) (Row, error) {
	var raw rawRow
	if err := json.Unmarshal(line, &raw); err != nil {
		return Row{}, fmt.Errorf("invalid JSON: %w", err)
	}
	switch {
	case raw.ID == nil || strings.TrimSpace(*raw.ID) == "":
		return Row{}, fmt.Errorf(`missing "id"`)
	case raw.ExpectHandoff == nil:
		return Row{}, fmt.Errorf("row %s: missing \"expect_handoff\" (true or false)", *raw.ID)
	case len(raw.Transcript) == 0:
		return Row{}, fmt.Errorf("row %s: empty \"transcript\"", *raw.ID)
	}
	users := 0
	for i, t := range raw.Transcript {
		if !t.Role.Valid() {
			return Row{}, fmt.Errorf("row %s: turn %d: role %q is not user, assistant or system", *raw.ID, i+1, t.Role)
		}
		if t.Role == handoff.RoleUser {
			users++
		}
	}
	if users == 0 {
		return Row{}, fmt.Errorf("row %s: transcript has no user turn", *raw.ID)
	}
	if !*raw.ExpectHandoff && len(raw.ExpectTrigger) > 0 {
		return Row{}, fmt.Errorf("row %s: expect_trigger must be null when expect_handoff is false", *raw.ID)
	}
	for _, id := range raw.ExpectTrigger {
		if strings.TrimSpace(id) == "" {
			return Row{}, fmt.Errorf("row %s: empty trigger id in expect_trigger", *raw.ID)
		}
	}
	lang := strings.ToLower(strings.TrimSpace(raw.Lang))
	if lang == "" {
		lang = UnknownLanguage
	}
	return Row{
		ID:            *raw.ID,
		Lang:          lang,
		Transcript:    raw.Transcript,
		ExpectHandoff: *raw.ExpectHandoff,
		ExpectTrigger: raw.ExpectTrigger,
		Note:          raw.Note,
	}, nil
}

// MultiTurn reports whether the row's transcript has more than one turn.
func (r Row) MultiTurn() bool { return len(r.Transcript) > 1 }

// LastUser returns the content of the last user turn.
func (r Row) LastUser() string {
	for i := len(r.Transcript) - 1; i >= 0; i-- {
		if r.Transcript[i].Role == handoff.RoleUser {
			return r.Transcript[i].Content
		}
	}
	return ""
}

func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
