package embedded

import (
	"fmt"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// compileKeywords builds the matcher of a trigger's keywords: whole words,
// case- and accent-insensitive, a trailing * for the rest of a word.
func compileKeywords(kws []string) (*text.Matcher, error) {
	if len(kws) == 0 {
		return nil, nil
	}
	es := make([]text.Entry, 0, len(kws))
	for i, k := range kws {
		p := phrasePattern(k)
		if p == "" {
			return nil, fmt.Errorf("keywords[%d]: %q has no words; write a word or phrase such as \"valitus\"", i, k)
		}
		if _, err := text.CompilePattern(p); err != nil {
			return nil, fmt.Errorf("keywords[%d]: %q cannot be used (%v); write plain words, with * only at the end of a word", i, k, err)
		}
		es = append(es, text.Entry{Pattern: p, Value: i})
	}
	return text.NewMatcher(es)
}

// firstKeyword returns the index of the first keyword of m in a turn, or
// -1.
func firstKeyword(m *text.Matcher, t *turnInfo) int {
	found := -1
	m.Find(&t.doc, func(x text.Match) {
		if found < 0 {
			found = x.Value
		}
	})
	return found
}

// keywordHit looks for the keywords kws of the trigger whose hits are at
// slot (Classifier.hitSlot) in the latest user turns.
func (a *analysis) keywordHit(slot int, kws []string) (detection, bool) {
	for _, ti := range a.recentUsers() {
		t := a.turns[ti]
		if t.hits == nil {
			continue
		}
		if found := t.hits[slot].kw; found >= 0 {
			return detection{score: ruleScore, turn: ti, note: fmt.Sprintf("keyword %q", kws[found])}, true
		}
	}
	return none, false
}

// ruleScore is the score of a trigger fired by a rule: the admin said so.
const ruleScore = 0.97

// failedAnswers counts the assistant turns that plainly say they failed,
// by the built-in phrases (when enabled) and the admin's.
func (c *Classifier) failedAnswers(a *analysis) (n, last int) {
	last = -1
	for i := range a.turns {
		t := a.turns[i]
		if t.role != "assistant" {
			continue
		}
		if t.failStrong {
			n++
			last = i
		}
	}
	return n, last
}

// strongFailure reports whether an assistant turn says plainly that it
// failed.
func (c *Classifier) strongFailure(t *turnInfo) bool {
	if c.builtinFail && t.found(bit(catFailStrong)) {
		return true
	}
	if c.failPhrases == nil {
		return false
	}
	hit := false
	c.failPhrases.Find(&t.doc, func(text.Match) { hit = true })
	return hit
}
