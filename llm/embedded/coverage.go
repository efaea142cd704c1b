package embedded

import (
	"sync"
	"unicode"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// What the built-in knowledge reads of a turn's language.
const (
	// coverFull: one of the nine languages with knowledge of every kind
	// (en de fr fi es it nl sv pt), or a turn too short to tell.
	coverFull = iota
	// coverRequests: a language whose requests for a human are known and
	// nothing else (pl cs tr ru da no ja zh ar).
	coverRequests
	// coverNone: a language without lexicons (Hungarian, Greek, Korean,
	// ...).
	coverNone
)

// unknownLangReliability caps the reliability of a verdict of no handoff
// on a turn whose language the trigger's knowledge does not read: below the
// cascade's no_handoff_confidence (0.9 by default), so that the LLM judges.
const unknownLangReliability = 0.5

// coverage returns how far the built-in knowledge reads the language of
// user turn t, whose tokens' records are words, and the language's name
// when it is not fully read.
func coverage(t *turnInfo, words []*wordInfo) (int, string) {
	var latin, cyrillic, cjk, kana, arabic, other int
	otherName := "an unknown language"
	ascii := t.ascii
	if ascii {
		// Latin letters or none, which needs no rune by rune count.
		if hasASCIILetter(t.raw) {
			latin = 1
		}
	} else {
		for _, r := range t.raw {
			switch {
			case r < 0x80:
				if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
					latin++
				}
			case !unicode.IsLetter(r):
			case r >= 0x3040 && r <= 0x30ff:
				kana++
				cjk++
			case text.IsCJK(r):
				cjk++
			case unicode.Is(unicode.Latin, r):
				latin++
			case unicode.Is(unicode.Cyrillic, r):
				cyrillic++
			case unicode.Is(unicode.Arabic, r):
				arabic++
			default:
				other++
				switch {
				case unicode.Is(unicode.Hangul, r):
					otherName = "Korean"
				case unicode.Is(unicode.Greek, r):
					otherName = "Greek"
				case unicode.Is(unicode.Hebrew, r):
					otherName = "Hebrew"
				case unicode.Is(unicode.Thai, r):
					otherName = "Thai"
				case unicode.Is(unicode.Devanagari, r):
					otherName = "Hindi"
				}
			}
		}
	}
	switch m := max(latin, cyrillic, cjk, arabic, other); {
	case m == 0:
		return coverFull, ""
	case m == other:
		return coverNone, otherName
	case m == cyrillic:
		return coverRequests, "Russian"
	case m == cjk && kana > 0:
		return coverRequests, "Japanese"
	case m == cjk:
		return coverRequests, "Chinese"
	case m == arabic:
		return coverRequests, "Arabic"
	}
	var votes [len(moreLangNames)]int
	nWords, marked := 0, 0
	for i, tok := range t.doc.Tokens {
		if tok.Num || tok.Sign {
			continue
		}
		nWords++
		if w := words[i]; w.flags&wNine != 0 {
			marked++
		}
		if l := words[i].more; l >= 0 {
			votes[l]++
		}
	}
	// The letters of those languages are all beyond ASCII.
	for _, r := range t.raw {
		if ascii {
			break
		}
		if r < 0x80 {
			continue
		}
		if l, ok := moreLangLetters()[unicode.ToLower(r)]; ok {
			votes[l] += 2
		}
	}
	best := 0
	for l := range votes {
		if votes[l] > votes[best] {
			best = l
		}
	}
	// The letters and words of these languages outvote the nine's words
	// (a Latin-script turn of five words or more with none of theirs and
	// no word the lexicons know is in an unknown language)
	// ("ügyintézővel" has a German ü, and a Hungarian ő).
	switch {
	case votes[best] > marked && best == langHU:
		return coverNone, "Hungarian"
	case votes[best] > marked:
		return coverRequests, moreLangNames[best]
	case t.lang != langUnknown || marked > 0 || nWords < 5:
		return coverFull, ""
	}
	for _, m := range t.ms {
		if m.Value < numCats && !shortWordCats()[m.Value] || m.Value > conceptBase && m.Value < conceptEnd {
			return coverFull, "" // words of a known language: "refund status please"
		}
	}
	return coverNone, otherName
}

// hasASCIILetter reports whether s has a letter of a to z, in either case.
func hasASCIILetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; 'a' <= c && c <= 'z' {
			return true
		}
	}
	return false
}

// The Latin-script languages that coverage tells apart beyond the nine.
const (
	langPL = iota
	langCS
	langTR
	langDA
	langHU
)

var moreLangNames = [...]string{langPL: "Polish", langCS: "Czech", langTR: "Turkish", langDA: "Danish or Norwegian",
	langHU: "Hungarian"}

// moreLangMarkers are common words of those languages that none of the
// nine uses.
var moreLangMarkers = sync.OnceValue(func() map[string]int {
	out := map[string]int{}
	for l, ws := range map[int]string{
		langPL: "nie jest sie czy jak mnie chce prosze mam jestem tak juz tylko przez moze bardzo jestes",
		langCS: "jsem jsi jste neni chci prosim mam jak ale taky uz jenom muzu muzete",
		langTR: "bir bu icin ile ben sen cok var yok degil istiyorum lutfen nasil neden ama gibi",
		langDA: "ikke jeg hvad hva hvordan hvorfor jeg vil gerne gjerne kan ogsa meget mye tak takk",
		langHU: "nem az egy es hogy van meg mar igen szeretnek nekem kerem koszonom vagyok",
	} {
		for w := range set(ws) {
			if !nineWords()[w] {
				out[w] = l
			}
		}
	}
	return out
})

// nineWords are the marker words of the nine languages, shared or not.
var nineWords = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	for _, l := range langMarkerLists {
		for w := range set(l) {
			out[w] = true
		}
	}
	return out
})

// moreLangLetters are letters of one of those languages only.
var moreLangLetters = sync.OnceValue(func() map[rune]int {
	return map[rune]int{'ł': langPL, 'ą': langPL, 'ę': langPL, 'ś': langPL, 'ż': langPL, 'ź': langPL,
		'ć': langPL, 'ń': langPL, 'ř': langCS, 'ě': langCS, 'ů': langCS, 'ş': langTR, 'ğ': langTR, 'ı': langTR,
		'ø': langDA, 'æ': langDA, 'ő': langHU, 'ű': langHU}
})

// shortWordCats are categories whose words are short and common enough to
// occur by chance in other languages ("sa", "tao", "me"): they do not show
// that a turn is in a known language.
var shortWordCats = sync.OnceValue(func() map[int]bool {
	return map[int]bool{catIntensity: true, catYou: true, catPronoun1: true, catCommand: true, catWhWord: true,
		catNegInterj: true, catYes: true, catUrgent: true, catHumanWeak: true, catPolite: true}
})
