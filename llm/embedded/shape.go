package embedded

import (
	"slices"
	"strings"
	"sync"
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
		// The record of a word that is not a number holds the word.
		if tok.Num || len(words[i].word) < 3 || f&(wFunction|wLight) != 0 {
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
	sh.instructs = t.found(bit(catInstruct)) || hasMenuPath(t.raw)
	sh.because = t.found(bit(catBecause))
	sh.transact = t.found(bit(catTransact))
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
