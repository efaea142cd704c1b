package text

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Token is one word, number or currency sign of a folded text. It holds
// no pointer: its text is Doc.Word's (most often a span of the folded
// text), so that the tokens of a text are written without the garbage
// collector's write barriers and never need scanning.
type Token struct {
	// Sent and Clause number the sentence and clause the token is in.
	// Sentences end at . ! ? and line breaks; clauses also at , ; : and
	// at the contrastive conjunctions isClauseBreaker knows.
	Sent, Clause int32
	// Off and End are the byte offsets of the token in Doc.Folded.
	Off, End int32
	// made is 0 when the token's text is Folded[Off:End], else 1 + the
	// index of its text in Doc.made.
	made int32
	// Num marks a number ("1200", "1.200,50"); Sign marks a currency sign.
	Num, Sign bool
	// first is the first byte of the token's text (0 for none), which
	// the matcher's checks read without the text.
	first byte
}

// Sentence is a span of tokens [Start, End) with its final punctuation.
type Sentence struct {
	Start, End int
	// Question is true when the sentence ends with a question mark.
	Question bool
	// Exclaims counts the exclamation marks ending it.
	Exclaims int
}

// Doc is a tokenized text.
type Doc struct {
	// Folded is the text after Fold; most tokens are spans of it.
	Folded    string
	Tokens    []Token
	Sentences []Sentence
	// ASCII says whether the text before folding is all ASCII.
	ASCII bool
	// made are the texts of the tokens that are not spans of Folded:
	// "not" of "don't", the words SetWord gives.
	made []string
}

// Word returns the folded text of token i.
func (d *Doc) Word(i int) string {
	t := &d.Tokens[i]
	if t.made != 0 {
		return d.made[t.made-1]
	}
	return d.Folded[t.Off:t.End]
}

// SetWord makes w the text of token i (a spelling corrected, a clitic
// removed); its place in Folded stays.
func (d *Doc) SetWord(i int, w string) {
	t := &d.Tokens[i]
	t.first = 0
	if w != "" {
		t.first = w[0]
	}
	if w == d.Folded[t.Off:t.End] {
		t.made = 0
		return
	}
	d.made = append(d.made, w)
	t.made = int32(len(d.made))
}

// appendMade appends to d a token whose text w is not the span [off, end)
// of Folded.
func (d *Doc) appendMade(w string, sent, clause int32, off, end int) {
	d.made = append(d.made, w)
	d.Tokens = append(d.Tokens, Token{Sent: sent, Clause: clause, Off: int32(off), End: int32(end), made: int32(len(d.made)), first: w[0]})
}

// appendToken appends to toks the token of the span [off, end) of the
// folded text, whose first byte is first, in sentence sent and clause
// clause. It writes the fields in place: a Token built on the stack and
// then copied is written in small stores and read back in large loads,
// which the processor cannot forward, and that copy stalled the loop.
func appendToken(toks []Token, sent, clause int32, off, end int, first byte) []Token {
	n := len(toks)
	if n < cap(toks) {
		toks = toks[:n+1]
	} else {
		toks = append(toks, Token{})
	}
	t := &toks[n]
	t.Sent, t.Clause, t.Off, t.End, t.made = sent, clause, int32(off), int32(end), 0
	t.Num, t.Sign, t.first = false, false, first
	return toks
}

// isClauseBreaker reports whether w, folded, is a conjunction that starts a
// new clause: a negation before it does not reach a request after it.
func isClauseBreaker(w string) bool {
	switch w {
	case "but", "aber", "sondern", "mais", "mutta", "vaan", "pero", "sino", "ma", "bensi", "maar", "men", "utan",
		"mas", "however", "instead", "doch", "jedoch", "sinon":
		return true
	}
	return false
}

// nt is the token emitted for the English contraction "n't".
const nt = "not"

// Tokenize folds s and splits it into tokens, sentences and clauses.
// Apostrophes split words ("l'agent" gives "l", "agent"), except the English
// "n't", which becomes its own token "not" ("don't" gives "do", "not").
func Tokenize(s string) Doc {
	d, _ := tokenize(s, make([]Token, 0, maxTokens(s)), nil)
	return d
}

// Scratch is space that Tokenize reuses from one text to the next: for
// tokens, sentences and the folded text. The zero value is ready to use;
// a Scratch is not safe for concurrent use.
type Scratch struct {
	toks  []Token
	sents []Sentence
	fold  []byte
	made  []string
}

// Tokenize is the package's Tokenize in the space of sc. The Doc it
// returns, its strings included, is valid until the next call with sc: a
// caller keeps nothing of it beyond, or copies what it keeps.
func (sc *Scratch) Tokenize(s string) Doc {
	f, fold, ascii := foldInto(sc.fold, s)
	sc.fold = fold
	if sc.toks == nil {
		sc.toks, sc.sents = make([]Token, 0, 32), make([]Sentence, 0, 8)
	}
	// The buffers grow as texts need: no pass to count tokens and
	// sentences first.
	clear(sc.made[:cap(sc.made)]) // the texts of the last Doc's made tokens
	d, toks := tokenizeFolded(f, ascii, sc.toks[:0], sc.sents[:0], sc.made[:0])
	if cap(d.Tokens) > cap(toks) {
		toks = d.Tokens
	}
	sc.toks, sc.sents, sc.made = toks[:0], d.Sentences[:0], d.made[:0]
	return d
}

// maxTokens returns a bound on the number of tokens of s, cheaply: every
// token starts a run of ASCII letters and digits, or a non-ASCII byte, or
// is a dollar sign.
func maxTokens(s string) int {
	n, inRun := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			// Part of a non-ASCII rune or an invalid byte, either of
			// which may start a token or end one.
			n++
			inRun = false
		case wordByte[c]:
			if !inRun {
				n++
			}
			inRun = true
		default:
			if c == '$' {
				n++
			}
			inRun = false
		}
	}
	return n
}

// TokenizeInto is Tokenize appending the tokens to buf, so that one buffer
// serves many texts. It returns the Doc, whose Tokens are the appended
// ones, and the buffer to pass next time.
func TokenizeInto(s string, buf []Token) (Doc, []Token) {
	return tokenize(s, slices.Grow(buf, len(s)/3+2), nil)
}

// tokenize is TokenizeInto with the room for the tokens made by the
// caller.
func tokenize(s string, buf []Token, sents []Sentence) (Doc, []Token) {
	f, ascii := foldASCII(s)
	return tokenizeFolded(f, ascii, buf, sents, nil)
}

// tokenizeFolded tokenizes folded text f, appending the tokens to buf and
// the sentences to sents when it is not nil (to a slice of the right size
// when it is), and the texts of made tokens to made; ascii says whether
// the text before folding was all ASCII.
func tokenizeFolded(f string, ascii bool, buf []Token, sents []Sentence, made []string) (Doc, []Token) {
	base := len(buf)
	d := Doc{Folded: f, Tokens: buf[base:base], ASCII: ascii, made: made}
	// One sentence per end mark at most, and the last one.
	if sents != nil {
		d.Sentences = sents[:0]
	} else {
		d.Sentences = make([]Sentence, 0, sentenceMarks(f)+1)
	}
	var sent, clause int32
	sentStart := 0
	endSentence := func(q bool, ex int) {
		if len(d.Tokens) > sentStart {
			d.Sentences = append(d.Sentences, Sentence{Start: sentStart, End: len(d.Tokens), Question: q, Exclaims: ex})
			sent++
			clause++
			sentStart = len(d.Tokens)
		} else if len(d.Sentences) > 0 {
			last := &d.Sentences[len(d.Sentences)-1]
			last.Question = last.Question || q
			last.Exclaims += ex
		}
	}
	i := 0
	for i < len(f) {
		r, size := rune(f[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(f[i:])
		}
		if r == ' ' {
			i++ // the commonest byte between words, which ends nothing
			continue
		}
		switch {
		case r >= 0x3040 && IsCJK(r):
			// Chinese and Japanese write no spaces between words: each
			// character is a token, and patterns are sequences of them.
			d.Tokens = append(d.Tokens, Token{Sent: sent, Clause: clause, Off: int32(i), End: int32(i + size), first: f[i]})
		case r < utf8.RuneSelf && wordByte[r] || r >= utf8.RuneSelf && isWordRune(r): // ASCII inline
			j := i + size
			num := unicode.IsDigit(r)
			for j < len(f) {
				if asciiWord[f[j]] { // ASCII letters and digits, the most
					j++
					continue
				}
				r2, s2 := rune(f[j]), 1
				if r2 >= utf8.RuneSelf {
					r2, s2 = utf8.DecodeRuneInString(f[j:])
					if isWordRune(r2) && !IsCJK(r2) {
						j += s2
						continue
					}
				}
				// 1.200,50 and 3,5 stay one number.
				if num && (r2 == '.' || r2 == ',') && j+1 < len(f) && f[j+1] >= '0' && f[j+1] <= '9' {
					j++
					continue
				}
				break
			}
			w := f[i:j]
			// "don't", and "don t" as chat and speech transcripts write it.
			if j+1 < len(f) && f[j+1] == 't' && len(w) > 1 && w[len(w)-1] == 'n' && (f[j] == '\'' || f[j] == ' ' && ntWords[w]) && (j+2 == len(f) || !isWordByte(f[j+2])) {
				if stem := ntStem(w[:len(w)-1]); stem == w[:len(w)-1] {
					d.Tokens = append(d.Tokens, Token{Sent: sent, Clause: clause, Off: int32(i), End: int32(j - 1), first: f[i]})
				} else {
					d.appendMade(stem, sent, clause, i, j-1)
				}
				d.appendMade(nt, sent, clause, j-1, j+2)
				i = j + 2
				continue
			}
			if len(w) <= 7 && len(d.Tokens) > sentStart && isClauseBreaker(w) {
				clause++
			}
			d.Tokens = appendToken(d.Tokens, sent, clause, i, j, f[i])
			if num && allNum(w) {
				d.Tokens[len(d.Tokens)-1].Num = true
			}
			i = j
			continue
		case r == '$' || r == '€' || r == '£' || r == '¥':
			d.Tokens = append(d.Tokens, Token{Sent: sent, Clause: clause, Sign: true, Off: int32(i), End: int32(i + size), first: f[i]})
		case r == '?':
			endSentence(true, 0)
		case r == '!':
			endSentence(false, 1)
		case r == '.' || r == '\n':
			endSentence(false, 0)
		case r == ',' || r == ';' || r == ':' || r == '(' || r == ')' || r == '"' || r == '-' && i+1 < len(f) && f[i+1] == ' ':
			if len(d.Tokens) > sentStart {
				clause++
			}
		}
		i += size
	}
	endSentence(false, 0)
	n := len(d.Tokens)
	d.Tokens = d.Tokens[:n:n]
	if n > 0 && cap(buf) > base && &buf[:base+1][base] == &d.Tokens[0] {
		return d, buf[:base+n] // the tokens were written in place
	}
	return d, buf[:base]
}

// sentenceMarks counts the bytes of f that may end a sentence.
func sentenceMarks(f string) int {
	n := 0
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case '.', '!', '?', '\n':
			n++
		}
	}
	return n
}

// IsCJK reports whether r is a Chinese character or Japanese kana, the
// scripts written without spaces between words.
func IsCJK(r rune) bool {
	return r >= 0x3040 && r <= 0x30ff || // hiragana, katakana
		r >= 0x3400 && r <= 0x4dbf || r >= 0x4e00 && r <= 0x9fff || r >= 0xf900 && r <= 0xfaff || // Han
		r >= 0x31f0 && r <= 0x31ff || r >= 0xff66 && r <= 0xff9f // katakana extensions, half-width katakana
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return wordByte[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isWordByte(c byte) bool { return c >= utf8.RuneSelf || wordByte[c] }

// asciiWord is wordByte by byte, false for the bytes of non-ASCII runes:
// one load, no test of the range first.
var asciiWord = func() (t [256]bool) {
	copy(t[:], wordByte[:])
	return t
}()

// wordByte marks the ASCII letters and digits.
var wordByte = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z'
	}
	return t
}()

func allNum(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; (c < '0' || c > '9') && c != '.' && c != ',' {
			return false
		}
	}
	return true
}

// SentenceOf returns the sentence holding token i.
func (d *Doc) SentenceOf(i int) Sentence {
	return d.Sentences[d.Tokens[i].Sent]
}

// ntWords are the English verbs that "n't" shortens, with their n.
var ntWords = map[string]bool{"don": true, "doesn": true, "didn": true, "can": true, "couldn": true, "won": true,
	"wouldn": true, "shouldn": true, "isn": true, "aren": true, "wasn": true, "weren": true, "haven": true, "hasn": true,
	"hadn": true, "ain": true, "mustn": true}

// ntStem restores the verbs that "n't" shortens: "ca" (can't) is "can",
// "wo" (won't) is "will", "sha" (shan't) is "shall", "ai" (ain't) is "is".
func ntStem(w string) string {
	switch w {
	case "ca":
		return "can"
	case "wo":
		return "will"
	case "sha":
		return "shall"
	case "ai":
		return "is"
	}
	return w
}
