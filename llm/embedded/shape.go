package embedded

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// Kinds of question a turn ends with.
const (
	noQuestion = iota
	yesNoQuestion
	whQuestion
)

// Flags of wordFlags.
const (
	wFunction = 1 << iota
	wLight
	wNumber
	wPersonal12
	wPersonal3
	_
	_
	_ // wNine (words.go)
	// The words the shape looks for at given places of a turn: a
	// greeting, an answer opener, a yes or no, a wh-word, a continuation,
	// an acknowledgement, a call for attention.
	wGreeting
	wAnswerOpener
	wYesNo
	wWh
	wContinuation
	wAck
	wAttention
)

// wordFlags holds, in one lookup, which of the word classes the shape
// reads a word belongs to.
var wordFlags = sync.OnceValue(func() map[string]uint16 {
	m := map[string]uint16{}
	for flag, set := range map[uint16]map[string]bool{wFunction: functionWords(), wLight: lightVerbs(), wNumber: numberWords(),
		wPersonal12: personal12(), wPersonal3: personal3(), wGreeting: greetings(), wAnswerOpener: answerOpeners(),
		wYesNo: yesNo(), wWh: whWords(), wContinuation: continuations(), wAck: acknowledgements(), wAttention: attention()} {
		for w := range set {
			m[w] |= flag
		}
	}
	return m
})

// turnShape is what the dialogue reading needs of a turn beyond its
// lexicon matches, computed once per turn.
type turnShape struct {
	// stems are the sorted, distinct four-letter stems of its content
	// words; words counts its tokens.
	stems []uint64
	words int
	// question is the kind of question its last sentence is; asksAmount:
	// it asks how much, how many, when or what time. number: it has a number.
	question   int
	asksAmount bool
	number     bool
	// asksHow: it asks how to do something; instructs: it tells the user
	// what to do ("go to Settings", "Dial 121", a menu path "A > B").
	asksHow, instructs bool
	// asksWhy: it asks why; because: it gives a reason.
	asksWhy, because bool
	// transact: it is about an order, an invoice, an account (catTransact).
	transact bool
	// greeting: it opens with a greeting. answerOpen: it opens like an
	// answer to a yes/no question; bareYesNo: it is little more than a yes
	// or a no.
	greeting, answerOpen, bareYesNo bool
	// personal12: it says "I" or "you"; personal3: "he", "she" or "they";
	// names: it has a capitalised word inside a sentence (a name that a
	// pronoun may refer to).
	personal12, personal3, names bool
	// probe: it only checks whether anyone is there ("hello??", "...").
	probe bool
	// ack: a turn of a word or two that accepts ("ok", "fine", "passt").
	ack bool
	// followUp: it goes on from the reply before ("and", "also", "und").
	followUp bool
	// puzzled: a short turn with "??" or "?!": "why????", "what?!".
	puzzled bool
	// emphasis: a short word in capitals inside ordinary text ("it IS
	// about my plan"), which insists.
	emphasis bool
}

// shape returns the turn's shape.
func (t *turnInfo) shape() *turnShape { return &t.shv }

// computeShape computes the turn's shape from its tokens and their records
// (words), with the stems in the space of stems, which has room for one
// per token.
func (t *turnInfo) computeShape(words []*wordInfo, stems []uint64) {
	t.shv = turnShape{words: len(t.doc.Tokens)}
	sh := &t.shv
	for i, tok := range t.doc.Tokens {
		w := t.doc.Word(i)
		f := words[i].flags
		if tok.Num || f&wNumber != 0 {
			sh.number = true
		}
		switch {
		case f&wPersonal12 != 0:
			sh.personal12 = true
		case f&wPersonal3 != 0:
			sh.personal3 = true
		}
		if len(w) < 3 || tok.Num || f&(wFunction|wLight) != 0 {
			continue
		}
		stems = append(stems, words[i].stem)
	}
	sortSmall(stems)
	sh.stems = slices.Compact(stems)
	if n := len(t.doc.Tokens); n > 0 {
		first := words[0].flags
		sh.greeting = first&wGreeting != 0
		sh.answerOpen = first&wAnswerOpener != 0
		sh.bareYesNo = n <= 3 && first&wYesNo != 0
	}
	if k := len(t.doc.Sentences); k > 0 && t.doc.Sentences[k-1].Question {
		s := t.doc.Sentences[k-1]
		sh.question = yesNoQuestion
		for i := s.Start; i < s.End && i < s.Start+2; i++ {
			if words[i].flags&wWh != 0 {
				sh.question = whQuestion
			}
		}
		sh.asksAmount = t.has(catAmountQ, s.Start, s.End)
		sh.asksHow = t.has(catHowQ, s.Start, s.End)
		sh.asksWhy = t.has(catWhy, s.Start, s.End)
	}
	sh.probe = probe(t, words)
	sh.instructs = t.count(catInstruct) > 0 || hasMenuPath(t.raw)
	sh.because = t.count(catBecause) > 0
	sh.transact = t.count(catTransact) > 0
	if len(t.doc.Tokens) > 1 {
		sh.followUp = words[0].flags&wContinuation != 0
	}
	if n := len(t.doc.Tokens); n > 0 && n <= 2 && !t.doc.Sentences[len(t.doc.Sentences)-1].Question {
		sh.ack = true
		for _, w := range words {
			sh.ack = sh.ack && w.flags&wAck != 0
		}
	}
	sh.puzzled = len(t.doc.Tokens) <= 3 && (strings.Contains(t.raw, "??") || strings.Contains(t.raw, "?!") || strings.Contains(t.raw, "!?"))
	sh.names, sh.emphasis, t.asciiShout = scanCapitals(t.raw)
}

// hasMenuPath reports whether raw holds " > ", the separator of a menu
// path ("Settings > Account"): it looks for the rare '>' first, not for
// the common space.
func hasMenuPath(raw string) bool {
	for i := 1; i+1 < len(raw); i++ {
		k := strings.IndexByte(raw[i:len(raw)-1], '>')
		if k < 0 {
			return false
		}
		i += k
		if raw[i-1] == ' ' && raw[i+1] == ' ' {
			return true
		}
	}
	return false
}

// probe reports whether a user turn only checks that someone is there:
// no words at all ("...", "?"), or a greeting or "anyone?" with a question
// mark ("hello??", "Hallo??", "allô ?"). words are the records of its
// tokens.
func probe(t *turnInfo, words []*wordInfo) bool {
	if len(t.doc.Tokens) == 0 {
		return t.raw != ""
	}
	if len(t.doc.Tokens) > 3 || len(t.doc.Sentences) == 0 || !t.doc.Sentences[len(t.doc.Sentences)-1].Question {
		return false
	}
	for _, w := range words {
		if w.flags&wAttention == 0 {
			return false
		}
	}
	return true
}

// scanCapitals reads the capitals of raw text: whether a word inside a
// sentence is capitalised (a name, in the languages that do not
// capitalise nouns), and whether a short word is written in capitals for
// emphasis inside otherwise ordinary text.
//
// For ASCII text it also says whether the text shouts (see shouting),
// whose words are its words there: one pass instead of two.
//
// ASCII text is read in two passes: one counts the small and the capital
// letters, the other visits only the words with a capital, which are all
// that the rest depends on (scanCapitalsRunes reads any text, letter by
// letter, and gives the same answers).
func scanCapitals(raw string) (names, emphasis, asciiShout bool) {
	lower, allUpper := 0, 0
	var seen uint8
	for i := 0; i < len(raw); i++ {
		k := byteClass[raw[i]]
		lower += int(k & cLower)
		allUpper += int(k & cUpper >> 1)
		seen |= k
	}
	if seen&cNonASCII != 0 {
		return scanCapitalsRunes(raw)
	}
	if allUpper == 0 {
		return false, false, false
	}
	shouted := 0
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c < 'A' || c > 'Z' {
			continue
		}
		// The word around the capital at i.
		start := i
		for start > 0 && isASCIILetter(raw[start-1]) {
			start--
		}
		upper, end := 0, start
		for ; end < len(raw) && isASCIILetter(raw[end]); end++ {
			if raw[end] <= 'Z' {
				upper++
			}
		}
		i = end
		w, letters := raw[start:end], end-start
		if upper == letters && letters >= 3 {
			shouted++
		}
		switch {
		case upper == letters && letters >= 2 && letters <= 5:
			if lower >= 6 && !emphasis {
				if f := text.Fold(w); functionWords()[f] && f != "ok" {
					emphasis = true
				}
			}
		case upper == 1 && w[0] <= 'Z' && w != "I" && !names:
			prev, sentenceStart := wordBefore(raw, start)
			names = !sentenceStart && !greetings()[text.Fold(prev)]
		}
	}
	return names, emphasis, shouted >= 2 && allUpper > lower
}

// Classes of bytes in byteClass.
const (
	cLower    = 1 << iota // a to z
	cUpper                // A to Z
	cNonASCII             // part of a rune beyond ASCII
)

// byteClass classifies bytes for scanCapitals, without branches.
var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = cNonASCII
		case 'a' <= c && c <= 'z':
			t[c] = cLower
		case 'A' <= c && c <= 'Z':
			t[c] = cUpper
		}
	}
	return t
}()

// isASCIILetter reports whether c is an ASCII letter.
func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// wordBefore returns the word of ASCII text raw before the one at start,
// and whether the word at start opens a sentence: it is the first, or an
// end mark (. ! ? or a line break) comes between the two.
func wordBefore(raw string, start int) (prev string, sentenceStart bool) {
	end := start
	for end > 0 && !isASCIILetter(raw[end-1]) {
		if c := raw[end-1]; c == '.' || c == '!' || c == '?' || c == '\n' {
			sentenceStart = true
		}
		end--
	}
	if end == 0 {
		return "", true
	}
	b := end
	for b > 0 && isASCIILetter(raw[b-1]) {
		b--
	}
	return raw[b:end], sentenceStart
}

// scanCapitalsRunes is scanCapitals for any text.
func scanCapitalsRunes(raw string) (names, emphasis, asciiShout bool) {
	sentenceStart := true
	prev := "" // the word before, read only for a capitalised word
	lower, allUpper, shouted := 0, 0, 0
	var capsWords []string
	for i := 0; i < len(raw); {
		r, size := rune(raw[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(raw[i:])
		}
		if letter := r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') || r >= utf8.RuneSelf && unicode.IsLetter(r); !letter {
			if r == '.' || r == '!' || r == '?' || r == '\n' {
				sentenceStart = true
			}
			i += size
			continue
		}
		j, upper, letters := i, 0, 0
	word:
		for j < len(raw) {
			if c := raw[j]; c < utf8.RuneSelf {
				// ASCII, most text: no decoding, no tables.
				switch {
				case 'a' <= c && c <= 'z':
					lower++
				case 'A' <= c && c <= 'Z':
					upper++
				default:
					break word
				}
				letters++
				j++
				continue
			}
			r2, s2 := utf8.DecodeRuneInString(raw[j:])
			if !unicode.IsLetter(r2) {
				break
			}
			letters++
			if unicode.IsUpper(r2) {
				upper++
			} else {
				lower++
			}
			j += s2
		}
		w := raw[i:j]
		allUpper += upper
		if upper == letters && letters >= 3 {
			shouted++
		}
		switch {
		case upper == letters && letters >= 2 && letters <= 5:
			capsWords = append(capsWords, w)
		case upper == 1 && unicode.IsUpper(r) && !sentenceStart && w != "I" && !names && !greetings()[text.Fold(prev)]:
			names = true // a name, unless it is the one greeted ("Hi Alex")
		}
		prev = w
		sentenceStart = false
		i = j
	}
	if lower >= 6 {
		for _, w := range capsWords {
			if f := text.Fold(w); functionWords()[f] && f != "ok" {
				emphasis = true
			}
		}
	}
	return names, emphasis, shouted >= 2 && allUpper > lower
}
