package text

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Ärger über Kündigung", "arger uber kundigung"},
		{"Straße", "strasse"},
		{"Ça NE marche PAS", "ca ne marche pas"},
		{"asiakaspalvelijän", "asiakaspalvelijan"},
		{"l’agent «vrai»", "l'agent \"vrai\""},
		{"plain ascii", "plain ascii"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, Fold(tc.in))
		})
	}
}

func words(d Doc) []string {
	out := make([]string, len(d.Tokens))
	for i := range d.Tokens {
		out[i] = d.Word(i)
	}
	return out
}

func TestTokenize(t *testing.T) {
	d := Tokenize("I don't want a bot, I can't wait! Is l'agent there? Refund 1.200,50 €")
	assert.Equal(t, []string{"i", "do", "not", "want", "a", "bot", "i", "can", "not", "wait", "is", "l", "agent", "there", "refund", "1.200,50", "€"}, words(d))
	require.Len(t, d.Sentences, 3)
	assert.Equal(t, 1, d.Sentences[0].Exclaims)
	assert.True(t, d.Sentences[1].Question)
	assert.True(t, d.Tokens[15].Num)
	assert.True(t, d.Tokens[16].Sign)
	// The comma starts a new clause; "but" does too.
	assert.NotEqual(t, d.Tokens[5].Clause, d.Tokens[6].Clause)
	d = Tokenize("not now but later")
	assert.NotEqual(t, d.Tokens[1].Clause, d.Tokens[3].Clause)
}

// TestMadeWords: the tokens whose text is not a span of the folded text
// (the verbs and "not" of contractions, words SetWord gives) read as
// made, keep their place in the text, and do not outlive their Doc in a
// Scratch.
func TestMadeWords(t *testing.T) {
	var sc Scratch
	d := sc.Tokenize("I can't, won't and ain't; don't")
	assert.Equal(t, []string{"i", "can", "not", "will", "not", "and", "is", "not", "do", "not"}, words(d))
	assert.Equal(t, "ca", d.Folded[d.Tokens[1].Off:d.Tokens[1].End], "a made word keeps its place")
	assert.Equal(t, "n't", d.Folded[d.Tokens[2].Off:d.Tokens[2].End])
	assert.Zero(t, d.Tokens[8].made, "\"do\" is a span of the text")
	d.SetWord(0, "me")
	d.SetWord(5, "und")
	assert.Equal(t, []string{"me", "can", "not", "will", "not", "und", "is", "not", "do", "not"}, words(d))
	assert.Equal(t, int32(0), d.Tokens[0].Off)
	assert.Equal(t, byte('u'), d.Tokens[5].first)
	d.SetWord(5, "and")
	assert.Zero(t, d.Tokens[5].made, "back to its span")
	assert.Equal(t, byte('a'), d.Tokens[5].first)
	for i := range d.Tokens {
		assert.Equal(t, d.Word(i)[0], d.Tokens[i].first, "token %d", i)
	}
	assert.Equal(t, "and", d.Word(5))
	d = sc.Tokenize("hello there")
	assert.Equal(t, []string{"hello", "there"}, words(d))
	d.SetWord(1, "here")
	assert.Equal(t, []string{"hello", "here"}, words(d))
	assert.Equal(t, []string{"it", "is", "not"}, words(sc.Tokenize("It isn't")))
}

func TestMatcher(t *testing.T) {
	m, err := NewMatcher([]Entry{
		{Pattern: "talk|speak* to ~2 human*", Value: 1},
		{Pattern: "*mitarbeiter*", Value: 2},
		{Pattern: "(bist du|sind sie) ~2 mensch*", Value: 3},
		{Pattern: "refund ~2 # $", Value: 4},
		{Pattern: "valitus", Value: 5},
		{Pattern: "not what i asked|said", Value: 6},
		{Pattern: "not my question", Value: 7},
		{Pattern: "not ~1 helpful", Value: 8},
	})
	require.NoError(t, err)
	for _, tc := range []struct {
		in   string
		want []int
	}{
		{"I want to speak to a real human", []int{1}},
		{"speak to a very real human", nil}, // the gap is 2 words at most
		{"Mit einem Kundenservicemitarbeitern sprechen", []int{2}},
		{"Sind Sie ein Mensch?", []int{3}},
		{"bist du echt ein Mensch", []int{3}},
		{"refund of 150 €", []int{4}},
		{"Haluan tehdä valituksen", nil}, // whole words only
		{"VALITUS!", []int{5}},
		{"talk to. human", nil}, // patterns stay inside a sentence
		// Patterns sharing a first word, told apart by the next.
		{"That's not what I said", []int{6}},
		{"not my question, not what I asked", []int{7, 6}},
		{"not very helpful", []int{8}},
		{"not. my question", nil},
		{"don't say it", nil},
	} {
		t.Run(tc.in, func(t *testing.T) {
			d := Tokenize(tc.in)
			var got []int
			m.Find(&d, func(x Match) { got = append(got, x.Value) })
			assert.Equal(t, tc.want, got)
			// The same with the candidates given, as the embedded
			// classifier gives them from its word records (none for
			// numbers).
			cands := make([]*Candidates, len(d.Tokens))
			for i, tok := range d.Tokens {
				if !tok.Num {
					cands[i] = m.Candidates(d.Word(i))
				}
			}
			var with []int
			m.FindWith(&d, cands, func(x Match) { with = append(with, x.Value) })
			assert.Equal(t, tc.want, with)
		})
	}
}

func TestCompilePatternErrors(t *testing.T) {
	for _, p := range []string{"", "~2 human", "human ~2", "*ab", "a ~x b", "(a|b", "a)"} {
		t.Run(p, func(t *testing.T) {
			_, err := NewMatcher([]Entry{{Pattern: p}})
			assert.Error(t, err)
		})
	}
}

func TestSpeller(t *testing.T) {
	s := NewSpeller(map[string]int{"person": 1, "someone": 1, "assistant": 1, "speak": 2, "spreek": 2, "grate": 3, "grape": 4}, 5)
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"eprson", "person", true},      // swap
		{"someolne", "someone", true},   // insertion
		{"asistant", "assistant", true}, // deletion
		{"persan", "person", true},      // substitution
		{"person", "person", false},     // already right
		{"grame", "grame", false},       // grate or grape: ambiguous
		{"speek", "speak", true},        // speak or spreek: the same class
		{"order", "order", false},
		{"pers", "pers", false}, // too short
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := s.Correct(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.ok, ok)
		})
	}
}

func TestMemo(t *testing.T) {
	var m Memo[int]
	_, ok := m.Get("a")
	assert.False(t, ok)
	for i := range 1000 {
		m.Put(string(rune('a'+i%26))+string(rune('a'+i/26)), i)
	}
	for i := range 1000 {
		v, ok := m.Get(string(rune('a'+i%26)) + string(rune('a'+i/26)))
		require.True(t, ok, i)
		assert.Equal(t, i, v)
		v, ok = m.GetBytes([]byte(string(rune('a'+i%26)) + string(rune('a'+i/26))))
		require.True(t, ok, i)
		assert.Equal(t, i, v)
	}
	_, ok = m.GetBytes([]byte("not there"))
	assert.False(t, ok)
	m.Put("aa", 99) // a word already stored keeps its value
	v, _ := m.Get("aa")
	assert.Equal(t, 0, v)
}

func TestTokenizeSpacedContraction(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"I don t know", "i do not know"},
		{"it can t be", "it can not be"},
		{"Washington t-shirt", "washington t shirt"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			d := Tokenize(tc.in)
			var ws []string
			for i := range d.Tokens {
				ws = append(ws, d.Word(i))
			}
			assert.Equal(t, tc.want, strings.Join(ws, " "))
		})
	}
}

func TestMatcherMemoDoesNotChangeMatches(t *testing.T) {
	m := MustMatcher([]Entry{{Pattern: "human*", Value: 1}, {Pattern: "talk to ~2 human*", Value: 2}})
	for range 3 {
		d := Tokenize("talk to a human")
		var got []int
		m.Find(&d, func(x Match) { got = append(got, x.Value) })
		assert.Equal(t, []int{2, 1}, got)
	}
}

// FuzzTokenize checks that Tokenize sizes its tokens from a true bound
// and gives what TokenizeInto and a Scratch that served other texts give:
//
//	go test -fuzz=FuzzTokenize ./llm/internal/text
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "€50 and $20", "don't", "don t", "a’b", "Straße", "e\u0301te", "🙂ok🙂ok", "1.200,50€",
		"Kündigung?!", "l'agent «vrai»", "a\u2026b", "¿Qué?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := Tokenize(s)
		assert.LessOrEqual(t, len(d.Tokens), maxTokens(s), "maxTokens(%q)", s)
		ascii := true
		for i := 0; i < len(s); i++ {
			ascii = ascii && s[i] < 0x80
		}
		assert.Equal(t, ascii, d.ASCII)
		assert.Equal(t, cap(d.Tokens), len(d.Tokens))
		for i := range d.Tokens {
			assert.Equal(t, d.Word(i)[0], d.Tokens[i].first, "token %d of %q", i, s)
		}
		into, _ := TokenizeInto(s, make([]Token, 3, 5))
		assert.Equal(t, d.Tokens, into.Tokens)
		assert.Equal(t, words(d), words(into))
		assert.Equal(t, d.Sentences, into.Sentences)
		var sc Scratch
		for _, before := range []string{"", "Ärger. Über DIE Kündigung! Ja? Nein, nein, nein. Wirklich nicht.", "x"} {
			sc.Tokenize(before)
			got := sc.Tokenize(s)
			assert.Equal(t, d.Folded, got.Folded)
			assert.Equal(t, d.ASCII, got.ASCII)
			assert.Equal(t, d.Tokens, got.Tokens)
			assert.Equal(t, words(d), words(got))
			assert.Equal(t, d.Sentences, got.Sentences)
		}
	})
}

// Scripts beyond Latin: Cyrillic is lower-cased, Arabic letter forms are
// folded, Chinese and Japanese are split into characters, and their
// punctuation ends sentences.
func TestOtherScripts(t *testing.T) {
	for _, tc := range []struct {
		in        string
		words     []string
		sentences int
		question  bool
	}{
		{"Я ХОЧУ поговорить с Оператором?", []string{"я", "хочу", "поговорить", "с", "оператором"}, 1, true},
		{"أريد التحدث مع موظف؟", []string{"اريد", "التحدث", "مع", "موظف"}, 1, true},
		{"我要转人工。你是机器人吗？", []string{"我", "要", "转", "人", "工", "你", "是", "机", "器", "人", "吗"}, 2, false},
		{"オペレーターと話したい！", []string{"オ", "ペ", "レ", "ー", "タ", "ー", "と", "話", "し", "た", "い"}, 1, false},
		{"call 客服 now", []string{"call", "客", "服", "now"}, 1, false},
		{"Jesteś botem? Łódź", []string{"jestes", "botem", "lodz"}, 2, true},
		{"Gerçek bir İNSAN mısın", []string{"gercek", "bir", "insan", "misin"}, 1, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			d := Tokenize(tc.in)
			assert.Equal(t, tc.words, words(d))
			require.Len(t, d.Sentences, tc.sentences)
			assert.Equal(t, tc.question, d.Sentences[0].Question)
		})
	}
	t.Run("patterns of characters", func(t *testing.T) {
		m := MustMatcher([]Entry{{Pattern: "人工 客服", Value: 1}, {Pattern: "(机器人|真人) ~2 吗", Value: 2}})
		var got []int
		d := Tokenize("我要人工客服，你是机器人吗")
		m.Find(&d, func(x Match) { got = append(got, x.Value) })
		assert.Equal(t, []int{1, 2}, got)
	})
}

// TestMatcherSkipsWordsNoPatternStarts: a matcher without infix patterns
// skips the words whose first letter starts none, and still finds the
// others (numbers and signs included).
func TestMatcherSkipsWordsNoPatternStarts(t *testing.T) {
	m := MustMatcher([]Entry{{Pattern: "valitus", Value: 1}, {Pattern: "reklamaatio*", Value: 2}, {Pattern: "# $", Value: 3},
		{Pattern: "$ #", Value: 4}})
	require.False(t, m.infixy)
	d := Tokenize("Teen reklamaation, VALITUS: 40 € ja $ 5")
	var got []int
	m.Find(&d, func(x Match) { got = append(got, x.Value) })
	assert.Equal(t, []int{2, 1, 3, 4}, got)
	assert.True(t, MustMatcher([]Entry{{Pattern: "*palvelu*", Value: 1}}).infixy)
}

// TestElementFilter: the first bytes and the shortest length an element
// keeps reject only words that none of its alternatives accepts.
func TestElementFilter(t *testing.T) {
	p, err := CompilePattern("human*|agent|*mitarbeiter|*palvelij*|x")
	require.NoError(t, err)
	e := &p.elems[0]
	words := []string{"", "h", "human", "humans", "agent", "agents", "kundenmitarbeiter", "asiakaspalvelija", "x", "xy",
		"ahuman", "bagent", "palvelija", "mitarbeiter", "a", "zzzzzzzzzzzz"}
	for _, w := range words {
		want := false
		for _, a := range e.alts {
			want = want || a.match(w)
		}
		assert.Equal(t, want, e.match(oneWord(w), 0), "%q", w)
	}
	q, err := CompilePattern("call|ring me")
	require.NoError(t, err)
	for _, w := range []string{"call", "ring", "rings", "me", "cal", "all", ""} {
		assert.Equal(t, w == "call" || w == "ring", q.elems[0].match(oneWord(w), 0), "%q", w)
	}
}

// oneWord returns a Doc of the one token w.
func oneWord(w string) *Doc {
	d := &Doc{Folded: w, Tokens: []Token{{End: int32(len(w))}}}
	d.SetWord(0, w)
	return d
}

// TestMultiPatternCheck: the check FindWith makes before reading a
// candidate pattern rejects only patterns that do not match there.
func TestMultiPatternCheck(t *testing.T) {
	m := MustMatcher([]Entry{{Pattern: "my ~1 boss|team*", Value: 1}, {Pattern: "talk|speak* to ~2 human*", Value: 2},
		{Pattern: "i ~2 do|did not ~2 understand", Value: 3}, {Pattern: "account* ~3 closed", Value: 4},
		{Pattern: "a ~1 #", Value: 5}, {Pattern: "pay $", Value: 6}, {Pattern: "my ~2 *mitarbeiter", Value: 7}})
	rejected, matched := 0, 0
	for _, s := range []string{"my boss and my new team", "I want to talk to a real human now", "I did not really understand",
		"my account was closed. account, closed", "a 5 and a b 7", "pay $5 or pay now", "my kundenmitarbeiter", "my. boss",
		"I don't understand", "talk to me"} {
		d := Tokenize(s)
		for i := range d.Tokens {
			for _, mp := range m.Candidates(d.Word(i)).multi {
				_, ok := mp.cp.p.matchAt(&d, i)
				if ok {
					matched++
				}
				if !mp.mayMatch(&d, i) {
					rejected++
					assert.False(t, ok, "%q at %d: %s", s, i, mp.cp.p.src)
				}
			}
		}
	}
	assert.Positive(t, rejected)
	assert.Positive(t, matched)
}

// TestAfter: the patterns that go on with a word are found by its number,
// among any number of numbers.
func TestAfter(t *testing.T) {
	for n := range 9 {
		c := &Candidates{}
		pats := make([]compiled, n)
		for k := range n {
			c.next = append(c.next, nextPatterns{second: int32(2*k + 1), pats: []*compiled{&pats[k]}})
		}
		for s := range int32(2*n + 2) {
			got := c.after(s)
			if s%2 == 1 && s < int32(2*n) {
				require.Len(t, got, 1, "n=%d second=%d", n, s)
				assert.Same(t, &pats[(s-1)/2], got[0])
			} else {
				assert.Nil(t, got, "n=%d second=%d", n, s)
			}
		}
	}
}

// TestAppendFoldASCII checks the eight-byte folding of ASCII text against
// folding byte by byte, at every length and alignment around a word.
func TestAppendFoldASCII(t *testing.T) {
	var all []byte
	for c := 0; c < 0x80; c++ {
		all = append(all, byte(c))
	}
	ref := func(s string) string {
		b := []byte(s)
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return string(b)
	}
	for from := 0; from < len(all); from++ {
		for to := from; to <= len(all) && to <= from+40; to++ {
			s := string(all[from:to])
			got, ascii := appendFold([]byte("x"), s)
			if string(got) != "x"+ref(s) || !ascii {
				t.Fatalf("appendFold(%q) = %q, %v; want %q, true", s, got, ascii, "x"+ref(s))
			}
		}
	}
	// A non-ASCII byte after eight ASCII ones is folded rune by rune.
	if got, ascii := appendFold(nil, "ABCDEFGHIJ Ärger"); string(got) != "abcdefghij arger" || ascii {
		t.Fatalf("appendFold = %q, %v", got, ascii)
	}
}
