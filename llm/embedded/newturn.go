package embedded

import (
	"slices"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// analyseTurn analyses a turn without a classifier (descriptions, tests).
// The turn keeps everything it was analysed from.
func analyseTurn(role handoff.Role, s string) turnInfo {
	return *newTurn(role, s, langUnknown, nil)
}

// turnScratch is the space a turn is analysed in: the turn itself, its
// tokens, sentences and folded text, matches and match masks, word hashes
// and stems, its word records. A classifier's turn is analysed and
// prepared there, then kept (see keep and Classifier.turn): the cached
// turn is allocated once, at its size, with only what decisions read, and
// the scratch serves the next turn. Each analysis has one (analysis.sc).
type turnScratch struct {
	ti    turnInfo
	tt    turnText
	tu    userPart
	text  text.Scratch
	ms    []text.Match
	masks []uint64
	kept  []uint64
	// note is where the reasons of generic triggers are written; hits
	// and notes are the hits of the classifier's triggers and their
	// notes (see prepare).
	note  []byte
	hits  []triggerHit
	notes []string
	// words are the records of the turn's words.
	words turnWords
}

// newTurn analyses one turn. lang is the language the client gave, or
// langUnknown to guess it from the turn. With sc not nil, the turn is
// analysed in sc (see turnScratch), and valid until sc serves another.
func newTurn(role handoff.Role, s string, lang int, sc *turnScratch) *turnInfo {
	var doc text.Doc
	if sc != nil {
		doc = sc.text.Tokenize(s)
	} else {
		doc = text.Tokenize(s)
	}
	n := len(doc.Tokens)
	// The hashes of the words and the stems of the shape: 2n values at
	// most.
	var t *turnInfo
	var kept []uint64
	if sc != nil {
		sc.ti, sc.tt, sc.tu = turnInfo{}, turnText{stemsFilled: sc.tt.stemsFilled[:0], tokStems: sc.tt.tokStems[:0]}, userPart{}
		t = &sc.ti
		t.turnText, t.userPart = &sc.tt, &sc.tu
		sc.kept = slices.Grow(sc.kept[:0], 2*n)[:2*n]
		kept = sc.kept
	} else {
		t, kept = newTurnInfo(2 * n)
		t.turnText, t.userPart = new(turnText), new(userPart)
	}
	t.role, t.raw, t.ascii = role, s, doc.ASCII
	t.doc = doc
	var w *turnWords
	if sc != nil {
		w = &sc.words
	} else {
		w = wordScratch.Get().(*turnWords)
		defer w.release()
	}
	w.lookup(&t.doc, role)
	if lang == langUnknown {
		lang = guessLang(w.infos, s, t.ascii)
	}
	t.lang = lang
	if role == handoff.RoleUser {
		w.correct(&t.doc)
		if lang == langFI {
			stripClitics(&t.doc, w)
		}
	}
	var masks []uint64
	if sc != nil {
		sc.masks = slices.Grow(sc.masks[:0], 2*n)[:2*n]
		masks = sc.masks
		clear(masks)
	} else {
		masks = make([]uint64, 2*n)
	}
	t.start, t.span = masks[:n:n], masks[n:2*n:2*n]
	m := userMatcher()
	if role == handoff.RoleAssistant {
		m = assistantMatcher()
	}
	var ms []text.Match
	if sc != nil {
		ms = sc.ms[:0]
	}
	m.FindWith(&t.doc, w.cands, func(m text.Match) {
		ms = append(ms, m)
		if m.Value < 64 {
			t.start[m.Start] |= bit(m.Value)
			for i := m.Start; i < m.End; i++ {
				t.span[i] |= bit(m.Value)
			}
		}
	})
	if role == handoff.RoleUser {
		ms = languageMatches(t, ms)
		markQuotes(t)
	}
	if len(ms) > 0 {
		t.ms = ms
	}
	for _, m := range ms {
		if m.Value < 64 {
			t.cats |= bit(m.Value)
		}
	}
	if sc != nil {
		sc.ms = ms
	}
	// Everything read later is computed now, so that the turn never
	// changes again.
	t.computeShape(w.infos, kept[n:n:2*n])
	t.wordSetInto(kept[:0:n], w.infos)
	if role == handoff.RoleUser {
		// The packed stems of the tokens, which a classifier's generic
		// slots compare (see prepare): each is its word record's.
		t.tokStems = t.tokStems[:0]
		for _, x := range w.infos {
			t.tokStems = append(t.tokStems, x.stem)
		}
		t.features()
		t.cover, t.langName = coverage(t, w.infos)
		t.fsig = t.frustrationSignals()
		if t.cover != coverFull {
			// Frustration is not known in this language: words that
			// look like ours ("problem", a negation) are chance, and only
			// what needs no words counts (exclamations, shouting).
			t.fsig = frustrationSignals{exclaims: t.fsig.exclaims, shout: t.fsig.shout}
		}
		t.human = humanInTurn(t)
		t.sens = sensitiveScores(t)
	}
	t.computeFacts()
	return t
}
