package embedded

import (
	"slices"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// The built-in lexicons are compiled into one matcher per role: each turn
// is tokenized and matched once, and every detector reads the result. User
// turns (and trigger descriptions) need everything but the assistant's
// failure phrases; assistant turns need those, and what an offer of a human
// or an answer looks like.
//
// Like every table of the lexicons, they are built on first use, not at
// start-up: a server whose first decision comes late starts faster, and
// one that never classifies (the eval of another mode) never builds them.
var (
	userMatcher = sync.OnceValue(func() *text.Matcher {
		return text.MustMatcher(concat(humanLex(), humanLexMore(), negationLex(), cueLex(), sensitiveLex(), frustrationLex(), breakdownLex(), transactLex(), conceptLex()))
	})
	assistantMatcher = sync.OnceValue(func() *text.Matcher {
		return text.MustMatcher(concat(failureLex(), instructionLex(), humanLex(), humanLexMore(), negationLex(), transactLex(), breakdownReplyLex(),
			only(frustrationLex(), catInsult, catHostile)))
	})
)

// analysis is a transcript analysed once and read by every trigger.
type analysis struct {
	turns []*turnInfo
	// users are the indexes of the user turns, oldest first.
	users []int
	// window is how many of the latest user turns detectors judge.
	window int

	// recent are the indexes of the latest user turns within the window,
	// newest first.
	recent []int

	human, frustration *detection
	// humanv and frustrationv are the storage human and frustration
	// point to.
	humanv, frustrationv detection
	sensitive            []sensitiveResult
	failures             *failureCount
	fc                   failureCount // the storage failures points to
	// sc is the space the decision's new turns are analysed in, one
	// after the other; it stays with the analysis when it is recycled.
	sc *turnScratch
}

// sensitiveResult is the detection for one mask of sensitive categories.
type sensitiveResult struct {
	mask uint64
	d    detection
}

// analyses recycles analyses between decisions.
var analyses = sync.Pool{New: func() any { return new(analysis) }}

// analyse analyses a transcript, reusing the turns analysed before; call
// release when done with the result.
func (c *Classifier) analyse(in handoff.Input) *analysis {
	c.ready()
	a := analyses.Get().(*analysis)
	a.window = c.cfg.Window
	lang := parseLang(in.Language)
	for _, tr := range in.Transcript {
		if tr.Role == handoff.RoleSystem {
			continue
		}
		if tr.Role == handoff.RoleUser {
			a.users = append(a.users, len(a.turns))
		}
		a.turns = append(a.turns, c.turn(tr.Role, tr.Content, lang, a))
	}
	for k := len(a.users) - 1; k >= 0 && len(a.recent) < a.window; k-- {
		a.recent = append(a.recent, a.users[k])
	}
	return a
}

// turn returns the analysed turn, from the cache when it was seen before.
func (c *Classifier) turn(role handoff.Role, s string, lang int, a *analysis) *turnInfo {
	k := turnKey{role: role, lang: lang, text: s}
	var h uint64
	if c.cache != nil {
		var t *turnInfo
		if t, h = c.cache.lookup(k); t != nil {
			return t
		}
	}
	if a.sc == nil {
		a.sc = new(turnScratch)
	}
	sc := a.sc
	t := newTurn(role, s, lang, sc)
	c.prepare(t, sc)
	t = t.keep()
	if c.cache != nil {
		c.cache.putHashed(k, h, t)
	}
	return t
}

// prepare computes what depends on the classifier's own triggers and
// configuration.
func (c *Classifier) prepare(t *turnInfo, sc *turnScratch) {
	if t.role == handoff.RoleAssistant {
		t.failStrong = c.strongFailure(t)
		t.failWeak = t.found(bit(catFailWeak))
		return
	}
	if t.role != handoff.RoleUser {
		return
	}
	if t.turnText != &noText && c.stems > 0 {
		t.stemsFilled = slices.Grow(t.stemsFilled[:0], c.stems)[:c.stems]
		clear(t.stemsFilled)
		if len(t.tokStems) != len(t.doc.Tokens) {
			// newTurn fills them for a user turn.
			t.tokStems = t.tokStems[:0]
			for i := range t.doc.Tokens {
				t.tokStems = append(t.tokStems, packStem(t.doc.Word(i)))
			}
		}
	}
	if c.nHits > 0 {
		// In the scratch space: keep copies them into the kept turn.
		sc.hits = slices.Grow(sc.hits[:0], c.nHits)[:c.nHits]
		clear(sc.hits)
		t.hits = sc.hits
	}
	clear(sc.notes)
	sc.notes = sc.notes[:0]
	for i, tr := range c.triggers {
		if c.hitSlot[i] < 0 {
			continue
		}
		h := &t.hits[c.hitSlot[i]]
		if tr.gen != nil {
			var best *alternative
			h.gen, best = tr.gen.judge(t)
			if h.gen > 0 {
				// The reason is written once per turn, not per decision.
				sc.note = tr.gen.appendExplanation(sc.note[:0], t, best)
				sc.notes = append(sc.notes, internNote(sc.note))
				h.note = int32(len(sc.notes))
			}
		}
		if tr.keywords != nil {
			h.kw = int32(firstKeyword(tr.keywords, t))
		}
	}
	t.notes = sc.notes
}

// release returns a to the pool; nothing may use it afterwards.
func (a *analysis) release() {
	clear(a.turns)
	*a = analysis{turns: a.turns[:0], users: a.users[:0], recent: a.recent[:0], sensitive: a.sensitive[:0],
		fc: failureCount{turns: a.fc.turns[:0], lrs: a.fc.lrs[:0], ls: a.fc.ls[:0], probs: a.fc.probs[:0]}, sc: a.sc}
	analyses.Put(a)
}

// recentUsers returns the indexes of the latest user turns within the
// window, newest first.
func (a *analysis) recentUsers() []int { return a.recent }

// recency is the weight of the k-th latest user turn (k = 0 is the latest).
func recency(k int) float64 { return 1 - 0.08*float64(k) }

// detection is a detector's verdict on a transcript: a score in [0, 1]
// read as a probability, and the turn that gave it.
type detection struct {
	note  string
	score float64
	turn  int // index in analysis.turns, -1 when nothing was found
}

var none = detection{turn: -1}
