package embedded

import (
	"strings"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// Readings that hold in one language only, applied once a turn's language
// is known (given by the client or guessed).

// finnishNegation are the forms of the Finnish negation verb, with the
// clitics -kä ("and not") and -kö (a question). Other languages use "en",
// "ei" and "et" for other things, so they count only in Finnish turns.
var finnishNegation = sync.OnceValue(func() map[string]bool {
	return set(`en et ei emme ette eivat enka etka eika emmeka etteka eivatka enko etko eiko emmeko etteko
	eivatko ala alkaa alkoon`)
})

// finnishClitics are the particles Finnish attaches to a word ("sinäkin",
// "tämähän", "mitäpä", "eikö"): matching reads the word without them when
// the bare word is one the lexicons know.
var finnishClitics = []string{"kaan", "han", "kin", "pa"}

// stripClitics removes Finnish clitics from the words of d whose bare form
// is known, and updates their records in w.
func stripClitics(d *text.Doc, w *turnWords) {
	for i := range d.Tokens {
		word := d.Word(i)
		if len(word) < 5 || finnishNegation()[word] {
			continue
		}
		for _, c := range finnishClitics {
			if b, ok := strings.CutSuffix(word, c); ok && len(b) >= 3 && (functionWords()[b] || isKnown(b)) {
				d.SetWord(i, b)
				w.set(i, wordOf(b))
				break
			}
		}
	}
}

// languageMatches adds the matches that depend on the turn's language to
// ms (the turn's matches so far, which end ms) and returns it: the Finnish
// negation verb; the French "ne" ... "plus/rien/personne/guère" negation.
func languageMatches(t *turnInfo, ms []text.Match) []text.Match {
	toks, d := t.doc.Tokens, &t.doc
	add := func(cat, start, end int) {
		ms = append(ms, text.Match{Value: cat, Start: start, End: end})
		t.start[start] |= bit(cat)
		for i := start; i < end; i++ {
			t.span[i] |= bit(cat)
		}
	}
	switch t.lang {
	case langFI:
		for i := range toks {
			if finnishNegation()[d.Word(i)] && t.start[i]&bit(catNeg) == 0 {
				if d.Word(i) == "alkaa" && (i+1 >= len(toks) || !strings.HasSuffix(d.Word(i+1), "ko") && !strings.HasSuffix(d.Word(i+1), "ka")) {
					continue // "alkaa" begins; "älkää tehkö" forbids
				}
				add(catNeg, i, i+1)
			}
		}
	case langFR:
		for i, tok := range toks {
			if w := d.Word(i); w != "ne" && w != "n" {
				continue
			}
			for k := i + 1; k < len(toks) && k <= i+4 && toks[k].Sent == tok.Sent; k++ {
				if w := d.Word(k); w == "plus" || w == "rien" || w == "personne" || w == "guere" || w == "point" {
					if t.start[k]&bit(catNeg) == 0 {
						add(catNeg, k, k+1)
					}
					break
				}
				if t.start[k]&bit(catNeg) != 0 {
					break // "ne ... pas" is matched already
				}
			}
		}
	}
	return ms
}
