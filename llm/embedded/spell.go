package embedded

import (
	"strings"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// Typing errors in the words that matter most ("speek to a eprson") are
// corrected before matching: a word of five letters or more that no lexicon
// knows, one edit away from exactly one anchor word, is read as that word.

// anchorLex are the lexicon entries whose words are worth correcting to:
// who the user asks for and how.
func anchorLex() []text.Entry {
	return concat(only(humanLex(), catHumanStrong, catHumanMedium, catHumanWeak, catTalk, catWant), extraAnchors())
}

func only(es []text.Entry, cats ...int) []text.Entry {
	var out []text.Entry
	for _, e := range es {
		for _, c := range cats {
			if e.Value == c {
				out = append(out, e)
			}
		}
	}
	return out
}

// extraAnchors are full forms of words the lexicons match by prefix.
func extraAnchors() []text.Entry {
	return concat(
		entries(catTalk, "speak", "speaking", "talking", "chatting", "contact"),
		entries(catHumanStrong, "representative", "operator", "human", "mitarbeiter", "menschen", "conseiller", "humain",
			"asiakaspalvelija", "ihmisen", "medewerker", "operatore"),
		entries(catHumanMedium, "customer", "service", "assistant", "agent", "supervisor", "manager"),
		entries(catHumanWeak, "someone", "somebody", "person"),
		entries(cCharge, "charged", "charge", "payment", "transaction", "withdrawal", "statement"),
		entries(cRefund, "refund", "reimbursement"),
		entries(cComplaint, "complaint", "complain"),
	)
}

var (
	speller = sync.OnceValue(func() *text.Speller { return text.NewSpeller(anchorClasses(anchorLex()), 5) })
	// known holds the words and stems the lexicons spell out: a word they
	// know is not a typo.
	known = sync.OnceValue(func() knownSet {
		es := concat(humanLex(), humanLexMore(), negationLex(), cueLex(), sensitiveLex(), failureLex(), frustrationLex())
		return knownSet{words: literalWords(es), stems: stemWords(es)}
	})
)

type knownSet struct{ words, stems map[string]bool }

func isKnown(w string) bool {
	k := known()
	if k.words[w] || functionWords()[w] || lightVerbs()[w] {
		return true
	}
	for l := 4; l < len(w); l++ {
		if k.stems[w[:l]] {
			return true
		}
	}
	return false
}

// literalWords returns the words that the patterns of es spell out in full.
func literalWords(es []text.Entry) map[string]bool {
	out := map[string]bool{}
	eachAlt(es, func(a string) {
		if !strings.Contains(a, "*") {
			out[a] = true
		}
	})
	return out
}

// stemWords returns the stems of the prefix alternatives of es ("human*").
func stemWords(es []text.Entry) map[string]bool {
	out := map[string]bool{}
	eachAlt(es, func(a string) {
		if strings.HasSuffix(a, "*") && !strings.HasPrefix(a, "*") && len(a) > 4 {
			out[strings.TrimSuffix(a, "*")] = true
		}
	})
	return out
}

func eachAlt(es []text.Entry, fn func(string)) {
	for _, e := range es {
		pats := []string{e.Pattern}
		if strings.ContainsAny(e.Pattern, "()") {
			var err error
			if pats, err = text.Expand(e.Pattern); err != nil {
				continue
			}
		}
		for _, p := range pats {
			for f := range strings.FieldsSeq(text.Fold(p)) {
				for a := range strings.SplitSeq(f, "|") {
					if a != "" && a[0] != '~' && a != "#" && a != "$" {
						fn(a)
					}
				}
			}
		}
	}
}

// anchorClasses maps the words of es to their category. A word's own
// one-word pattern decides its category before the phrases it appears in
// ("speak" is a way to talk, though "who can I speak to" asks for a role).
func anchorClasses(es []text.Entry) map[string]int {
	out := map[string]int{}
	for _, single := range []bool{true, false} {
		for _, e := range es {
			alts, err := text.Expand(e.Pattern)
			if err != nil {
				continue
			}
			for _, p := range alts {
				if (len(strings.Fields(p)) == 1) != single {
					continue
				}
				person := e.Value == catHumanStrong || e.Value == catHumanMedium || e.Value == catHumanWeak
				eachAlt([]text.Entry{{Pattern: p, Value: e.Value}}, func(a string) {
					// Function words are not worth correcting to ("three" is
					// not "there"), except those that name a person
					// ("somneone").
					if !strings.Contains(a, "*") && (!functionWords()[a] || person && single) {
						if _, ok := out[a]; !ok {
							out[a] = e.Value
						}
					}
				})
			}
		}
	}
	return out
}
