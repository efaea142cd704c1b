package embedded

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// A description (or an example) is read as alternatives ("a charge the user
// does not recognise, or a refund demand"), each a set of slots that the
// user's words must fill: concepts of customer service, matched through
// their synonyms in every supported language, and the remaining content
// words, matched by their stem. An amount condition ("more than 100 EUR")
// must hold for the alternative to apply.

// concepts matches the concept lexicon.
var concepts = sync.OnceValue(func() *text.Matcher { return text.MustMatcher(conceptLex()) })

type slot struct {
	concept int    // a concept, or 0 for a literal word
	stem    string // the literal word's stem
	// stemID numbers the stem among the classifier's (from 1; 0 when not
	// numbered), for the turn's memo of filled stems (see filled); pack
	// is then packStem of the stem.
	stemID int
	pack   uint64
	weight float64
}

type alternative struct {
	slots  []slot
	amount *amountCond
	total  float64
	// example is the index of the example the alternative was read from,
	// or -1 for the description.
	example int
}

// describe reads a description or an example into alternatives. Words that
// only frame the sentence ("the user", "asks", "wants") are left out,
// except that "asks" and "wants" count a little as a request.
func describe(s string, splitAlternatives bool) []alternative {
	d := text.Tokenize(s)
	var cm []text.Match
	concepts().Find(&d, func(m text.Match) { cm = append(cm, m) })
	// Where several concepts start at one word, the longest phrase is the
	// one meant: "money back" is a refund, not money and a word "back";
	// "charge back" a refund, not a charge.
	slices.SortStableFunc(cm, func(a, b text.Match) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(b.End, a.End)
	})
	framing := make([]bool, len(d.Tokens))
	request := make([]bool, len(d.Tokens))
	userMatcher().Find(&d, func(m text.Match) {
		if m.Value >= numCats {
			return
		}
		for i := m.Start; i < m.End; i++ {
			framing[i] = true
			if m.Value == catWant {
				request[i] = true
			}
		}
	})
	// Split into alternatives at "or" and at the colon or semicolon.
	// A list "A, B or C" names three alternatives: in a sentence with an
	// "or", commas split too.
	orSent := map[int32]bool{}
	for i, t := range d.Tokens {
		if orWords()[d.Word(i)] {
			orSent[t.Sent] = true
		}
	}
	group := make([]int, len(d.Tokens))
	g := 0
	for i, t := range d.Tokens {
		if splitAlternatives && i > 0 && (orWords()[d.Word(i)] || t.Clause != d.Tokens[i-1].Clause &&
			(clauseSep(d.Folded, d.Tokens[i-1], t) || orSent[t.Sent] && listSep(d.Folded, d.Tokens[i-1], t))) {
			g++
		}
		group[i] = g
	}
	alts := make([]alternative, g+1)
	for i := range alts {
		alts[i].example = -1
	}
	covered := make([]bool, len(d.Tokens))
	cond := parseAmountCond(&d)
	if cond != nil {
		// The amount phrase is a condition, not words to find.
		for i := cond.phrase; i < len(d.Tokens) && i <= cond.start+1; i++ {
			t := d.Tokens[i]
			if i <= cond.start || t.Sign || currencyWords()[d.Word(i)] {
				covered[i] = true
			}
		}
	}
	for _, m := range cm {
		if covered[m.Start] {
			continue
		}
		a := &alts[group[m.Start]]
		if !a.hasConcept(m.Value) {
			w := 1.0
			if cw, ok := conceptWeights()[m.Value]; ok {
				w = cw
			}
			a.slots = append(a.slots, slot{concept: m.Value, weight: w})
		}
		for i := m.Start; i < m.End; i++ {
			covered[i] = true
		}
	}
	for i, t := range d.Tokens {
		a := &alts[group[i]]
		switch {
		case covered[i] || t.Num || t.Sign || orWords()[d.Word(i)]:
		case request[i]:
			if !a.hasConcept(conceptRequest) {
				a.slots = append(a.slots, slot{concept: conceptRequest, weight: 0.3})
			}
		case framing[i] || stopWords()[d.Word(i)] || len(d.Word(i)) < 3:
		default:
			a.slots = append(a.slots, slot{stem: stem(d.Word(i)), weight: 0.6})
		}
	}
	if cond != nil {
		for i := range alts {
			if group[cond.start] == i || !splitAlternatives {
				alts[i].amount = cond
			}
		}
	}
	out := alts[:0]
	for _, a := range alts {
		for _, s := range a.slots {
			a.total += s.weight
		}
		if a.total > 0 {
			out = append(out, a)
		}
	}
	return out
}

// conceptRequest stands for "asks for", "wants", "demands" in a description.
const conceptRequest = conceptEnd

func (a *alternative) hasConcept(c int) bool {
	for _, s := range a.slots {
		if s.concept == c {
			return true
		}
	}
	return false
}

func clauseSep(folded string, prev, cur text.Token) bool {
	// Only ":" and ";" separate alternatives; commas often do not.
	return strings.ContainsAny(folded[prev.End:cur.Off], ":;")
}

func listSep(folded string, prev, cur text.Token) bool {
	return strings.ContainsRune(folded[prev.End:cur.Off], ',')
}

// orWords split a description into alternatives.
var orWords = sync.OnceValue(func() map[string]bool {
	return map[string]bool{"or": true, "oder": true, "ou": true, "tai": true, "tahi": true, "o": true,
		"of": false, "eller": true, "oppure": true, "ofwel": true}
})

// stem shortens a word to a prefix that its inflections share.
func stem(w string) string {
	if len(w) > 6 {
		return w[:6]
	}
	return w
}

// stopWords are function words and the words descriptions use to talk
// about the conversation ("user", "Kunde", "asiakas"), in the supported
// languages.
var stopWords = sync.OnceValue(func() map[string]bool {
	return set(`the a an of to in on at for with about from by and is are was be been has have had it its this that
		user users customer customers client clients person someone being getting got they their them he she his her when if than more less any
		der die das den dem des ein eine einen einem einer und ist sind hat haben mit von fur uber auf im in zu nutzer benutzer kunde kundin kunden jemand wenn
		le la les un une des du de et est sont a avec pour sur dans par au aux utilisateur utilisatrice client cliente quelqu quand si
		ja on ovat oli se ne han kayttaja asiakas asiakkaan joku kun jos tai
		el la los las un una y es son con por para en del al usuario usuaria cliente alguien cuando si
		il lo gli le un una e di da con per su nel utente cliente qualcuno quando se
		de het een en is zijn met van voor op in gebruiker klant iemand als wanneer
		en ett och ar med av for pa i till anvandare kund nagon nar om
		o a os as um uma e com por para em no na usuario cliente alguem quando se
		i me my mine you your we our us ich mich mir mein meine meinen du dich dir wir uns moi mon ma mes tu toi vous nous
		mina minun minua mulle mun sina sinun me te yo mi mis tu io mio mia ik mij mijn jij jag mig min mitt du eu meu minha`)
})
