package embedded

import (
	"strings"
	"sync"
)

// Languages with built-in knowledge, as ISO 639-1 codes.
const (
	langUnknown = iota
	langEN
	langDE
	langFR
	langFI
	langES
	langIT
	langNL
	langSV
	langPT
	numLangs
)

// langCodes maps ISO 639-1 codes (and locales such as "de-AT") to our
// languages.
var langCodes = sync.OnceValue(func() map[string]int {
	return map[string]int{"en": langEN, "de": langDE, "fr": langFR, "fi": langFI, "es": langES, "it": langIT,
		"nl": langNL, "sv": langSV, "pt": langPT}
})

// parseLang reads a language code such as "fi" or "fr-CA".
func parseLang(code string) int {
	code = strings.ToLower(code)
	if i := strings.IndexAny(code, "-_"); i > 0 {
		code = code[:i]
	}
	return langCodes()[code]
}

// langMarkers are each language's commonest words, folded, chosen to tell
// the languages apart: a turn is taken to be in the language whose markers
// it uses most. Words that several languages share count for none.
var langMarkers = sync.OnceValue(func() map[string]int {
	count := map[string]int{}
	for _, l := range langMarkerLists {
		for w := range set(l) {
			count[w]++
		}
	}
	out := map[string]int{}
	for lang, l := range langMarkerLists {
		for w := range set(l) {
			if count[w] == 1 {
				out[w] = lang
			}
		}
	}
	return out
})

// langMarkerLists are the commonest words of each language.
var langMarkerLists = [numLangs]string{
	langEN: "the and is you to of it that i what my this have not are with for do can me your was be don t will would please",
	langDE: "der die das und ist nicht ich sie es zu mit ein eine mein haben wie kann bitte auf den dem ich bin sind habe mir mich wir noch",
	langFR: "le la les et est je vous pas une des du que qui mon ce c j l n d il avec pour suis sont ai mais tu ne moi cette",
	langFI: "ja on ei en se etta mina sina mita ole ovat oli kun tama niin mutta voi olen minun sinun minua sinua han me te he ole enka eika sen sita siita myos vain kanssa ettei jos nyt taas",
	langES: "el la que y es no los por para una mi con lo se me pero esta estoy muy como yo tengo",
	langIT: "il che di e non la sono per un una mi con ho ma lo questo sei io gli ti",
	langNL: "de het een en is niet ik je van dat op met voor zijn wat maar jij mijn heb",
	langSV: "och det att ar jag inte en pa for med som du har vad men mig dig",
	langPT: "o a que e de nao um uma eu voce para com os meu muito esta",
}

// guessLang returns the language of a turn, or langUnknown when its words
// (the records of its tokens) and letters do not tell. raw is the turn
// before folding, whose letters (ß, å, é, ñ, ã) tell languages apart too;
// ascii says it is all ASCII.
// A word votes for the language whose marker it is (langMarkers) or whose
// endings it has (langBySuffix).
func guessLang(words []*wordInfo, raw string, ascii bool) int {
	var votes [numLangs]int
	if !ascii { // no ASCII letter votes
		letterVotes(raw, &votes)
	}
	for i := range words {
		w := words[i]
		if w.vote != langUnknown {
			votes[w.vote]++
		}
	}
	best, bestN, tie := langUnknown, 0, false
	for l := 1; l < numLangs; l++ {
		switch {
		case votes[l] > bestN:
			best, bestN, tie = l, votes[l], false
		case votes[l] == bestN && bestN > 0:
			tie = true
		}
	}
	if tie {
		return langUnknown
	}
	return best
}

// letterVotes counts the letters of raw that belong to fewer than all the
// supported languages: ä and ö are Finnish, German or Swedish (a vote
// each, Finnish first as it uses them most), ü and ß German, å Swedish,
// è, ê, ç and œ French, ñ Spanish, ã and õ Portuguese, ì and ò Italian.
func letterVotes(raw string, votes *[numLangs]int) {
	for _, r := range raw {
		switch r {
		case 'ä', 'ö', 'Ä', 'Ö':
			votes[langFI] += 2
			votes[langDE]++
			votes[langSV]++
		case 'ü', 'Ü', 'ß':
			votes[langDE] += 2
		case 'å', 'Å':
			votes[langSV] += 2
		case 'è', 'ê', 'ç', 'œ', 'È', 'Ê', 'Ç', 'à', 'ù', 'î', 'ô', 'â':
			votes[langFR] += 2
		case 'ñ', 'Ñ', '¿', '¡':
			votes[langES] += 2
		case 'ã', 'õ':
			votes[langPT] += 2
		case 'ì', 'ò':
			votes[langIT] += 2
		}
	}
}

// langBySuffix recognises words whose endings belong to one language:
// Finnish case endings and clitics, which no other supported language uses.
func langBySuffix(w string) int {
	if len(w) < 6 {
		return langUnknown
	}
	switch w[len(w)-1] { // the last letters of the endings below
	case 'a', 'e', 'i', 'n':
	default:
		return langUnknown
	}
	for _, s := range finnishEndings {
		if strings.HasSuffix(w, s) && strings.ContainsAny(w[:len(w)-len(s)], "aeiouy") && hasFinnishShape(w) {
			return langFI
		}
	}
	return langUnknown
}

// finnishEndings are the endings langBySuffix knows.
var finnishEndings = []string{"ssa", "sta", "lla", "lle", "lta", "ksi", "kaan", "kin", "mme", "tte", "nsa"}

// hasFinnishShape reports whether w has the long vowels or consonant
// clusters of Finnish and no letters Finnish lacks.
func hasFinnishShape(w string) bool {
	if strings.ContainsAny(w, "bcfqwxz") {
		return false
	}
	for _, d := range []string{"aa", "ee", "ii", "oo", "uu", "yy", "kk", "pp", "tt", "ll", "nn", "mm", "ss", "ai", "ei", "uo", "ie"} {
		if strings.Contains(w, d) {
			return true
		}
	}
	return false
}
