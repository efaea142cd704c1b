// Package embedded is the classifier that needs no network and no model: it
// judges admin-written triggers from their descriptions, examples, keywords
// and failed-answer counts, with built-in multilingual knowledge of the
// common trigger kinds (a request for a human, frustration, repeated bot
// failure, sensitive topics). It is deterministic and fast enough to run on
// every turn.
package embedded

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// Name is the Decision.Classifier of decisions the embedded classifier
// makes; RulesName is used when only rules (keywords, failed answers)
// fired.
const (
	Name      = "embedded"
	RulesName = "rules"
)

// Classifier is the embedded classifier. It is safe for concurrent use.
type Classifier struct {
	cfg         Config
	triggers    []*trigger
	failPhrases *text.Matcher // the admin's failure phrases, nil when none
	builtinFail bool
	breakdown   bool
	// cache keeps analysed turns between decisions.
	cache *turnCache
	// stems is how many distinct stems the word slots of the generic
	// triggers have (see numberStems).
	stems int
	// hitSlot is, by trigger index, the index of the trigger's triggerHit
	// in a user turn's hits, -1 for a trigger without a description the
	// generic matching reads or keywords; nHits is how many have one.
	hitSlot []int
	nHits   int
	// read reads the triggers' descriptions, on first use (see ready).
	read sync.Once
}

// ready reads what every trigger's description says (its kind when the
// admin gave none, the failures it counts, the sensitive categories or
// concepts it names) the first time the classifier is used, so that
// building a classifier at start-up checks the configuration without
// building the lexicons' tables: a server reaches serving without them
// and pays for them, once, at its first decision. Every method that reads
// c.triggers' kinds calls it first.
func (c *Classifier) ready() {
	c.read.Do(func() {
		for _, ct := range c.triggers {
			ct.readDescription()
		}
		c.numberStems()
		c.hitSlot = make([]int, len(c.triggers))
		for i, ct := range c.triggers {
			c.hitSlot[i] = -1
			if ct.gen != nil || ct.keywords != nil {
				c.hitSlot[i] = c.nHits
				c.nHits++
			}
		}
	})
}

// numberStems numbers the distinct stems of the word slots of the generic
// triggers' alternatives (slot.stemID), which a turn being prepared
// remembers whether it fills (see filled).
func (c *Classifier) numberStems() {
	ids := map[string]int{}
	for _, ct := range c.triggers {
		if ct.gen == nil {
			continue
		}
		for _, alts := range [][]alternative{ct.gen.desc, ct.gen.pos, ct.gen.neg} {
			for i := range alts {
				for k := range alts[i].slots {
					s := &alts[i].slots[k]
					if s.concept != 0 {
						continue
					}
					if ids[s.stem] == 0 {
						ids[s.stem] = len(ids) + 1
					}
					s.stemID, s.pack = ids[s.stem], packStem(s.stem)
				}
			}
		}
	}
	c.stems = len(ids)
}

var _ handoff.Classifier = (*Classifier)(nil)

// trigger is a handoff.Trigger with everything the classifier needs
// precomputed.
type trigger struct {
	handoff.Trigger
	kind      Kind
	threshold float64
	keywords  *text.Matcher
	// failN is how many failures a bot_failure trigger needs.
	failN int
	// sensitive is the bit set of sensitive categories a sensitive trigger
	// covers.
	sensitive uint64
	// gen judges a trigger without a kind.
	gen *generic
	// about are the concepts a frustration trigger's anger must be about,
	// nil for any.
	about []alternative
}

// aboutNames names the concepts of t.about: "charge and dispute".
func (t *trigger) aboutNames() string {
	var names []string
	for _, a := range t.about {
		var ns []string
		for _, s := range a.slots {
			ns = append(ns, conceptName(s.concept))
		}
		names = append(names, strings.Join(ns, " and "))
	}
	return strings.Join(names, " or ")
}

// New builds the embedded classifier for the enabled triggers of ts. cfg
// must have passed Defaults and Validate. Errors name the offending trigger
// ("triggers[2].keywords[0]: ...").
func New(cfg Config, ts []handoff.Trigger) (*Classifier, error) {
	c := &Classifier{cfg: cfg, builtinFail: cfg.BuiltinFailurePhrases == nil || *cfg.BuiltinFailurePhrases,
		breakdown: cfg.Breakdown == nil || *cfg.Breakdown, cache: newTurnCache()}
	if cfg.Threshold == 0 {
		c.cfg.Threshold = DefaultThreshold
	}
	if cfg.Window == 0 {
		c.cfg.Window = DefaultWindow
	}
	var phrases []text.Entry
	for _, lang := range sortedKeys(cfg.FailurePhrases) {
		for _, p := range cfg.FailurePhrases[lang] {
			phrases = append(phrases, text.Entry{Pattern: phrasePattern(p), Value: catFailStrong})
		}
	}
	if len(phrases) > 0 {
		m, err := text.NewMatcher(phrases)
		if err != nil {
			return nil, fmt.Errorf("failure_phrases: %w", err)
		}
		c.failPhrases = m
	}
	seen := map[string]bool{}
	for i, t := range ts {
		if !t.IsEnabled() {
			continue
		}
		if t.ID == "" {
			return nil, fmt.Errorf("triggers[%d].id: empty; give every trigger an id such as \"explicit_request\"", i)
		}
		if seen[strings.ToLower(t.ID)] {
			return nil, fmt.Errorf("triggers[%d].id: %q is used twice; trigger ids must be unique", i, t.ID)
		}
		seen[strings.ToLower(t.ID)] = true
		ct, err := c.compile(t)
		if err != nil {
			return nil, fmt.Errorf("triggers[%d].%w", i, err)
		}
		c.triggers = append(c.triggers, ct)
	}
	for _, id := range sortedKeys(cfg.Thresholds) {
		if !seen[strings.ToLower(id)] {
			return nil, fmt.Errorf("thresholds.%s: no enabled trigger has this id; remove it or fix the id", id)
		}
	}
	return c, nil
}

func (c *Classifier) compile(t handoff.Trigger) (*trigger, error) {
	kind, err := ParseKind(t.Kind)
	if err != nil {
		return nil, fmt.Errorf("kind: %w", err)
	}
	if t.Description == "" && len(t.Examples) == 0 && len(t.Keywords) == 0 && t.FailedAnswers == 0 && kind == KindNone {
		return nil, fmt.Errorf("description: empty; describe when to hand off, or give examples, keywords or failed_answers")
	}
	if t.FailedAnswers < 0 {
		return nil, fmt.Errorf("failed_answers: %d is negative; use 0 to switch the rule off", t.FailedAnswers)
	}
	ct := &trigger{Trigger: t, kind: kind, threshold: c.cfg.Threshold}
	for id, v := range c.cfg.Thresholds {
		if strings.EqualFold(id, t.ID) {
			ct.threshold = v
		}
	}
	if ct.keywords, err = compileKeywords(t.Keywords); err != nil {
		return nil, err
	}
	return ct, nil
}

// Kind returns the kind of built-in knowledge the classifier applies to
// the trigger with the given id (set by the admin or inferred from the
// description), and whether such a trigger is enabled.
func (c *Classifier) Kind(id string) (Kind, bool) {
	c.ready()
	for _, t := range c.triggers {
		if strings.EqualFold(t.ID, id) {
			return t.kind, true
		}
	}
	return KindNone, false
}

// Classify judges in against the triggers.
func (c *Classifier) Classify(ctx context.Context, in handoff.Input) (handoff.Decision, error) {
	if err := ctx.Err(); err != nil {
		return handoff.Decision{}, err
	}
	if len(in.Transcript) == 0 {
		return handoff.Decision{}, handoff.Invalid("transcript", "no turns to classify; pass at least the user's message")
	}
	// Decide keeps nothing of the verdicts it reads: their space serves
	// the next decision.
	vp := verdictSpace.Get().(*[]Verdict)
	vs := c.judgeInto(in, (*vp)[:0])
	d := Decide(vs)
	clear(vs)
	*vp = vs[:0]
	verdictSpace.Put(vp)
	return d, nil
}

// verdictSpace recycles the verdicts of Classify (a *[]Verdict).
var verdictSpace = sync.Pool{New: func() any { return new([]Verdict) }}

// Judge scores every enabled trigger on in, in configuration order.
func (c *Classifier) Judge(in handoff.Input) []Verdict {
	return c.judgeInto(in, make([]Verdict, 0, len(c.triggers)))
}

// judgeInto is Judge appending the verdicts to out.
func (c *Classifier) judgeInto(in handoff.Input, out []Verdict) []Verdict {
	c.ready()
	a := c.analyse(in)
	defer a.release()
	cover, langName := coverFull, ""
	if r := a.recentUsers(); len(r) > 0 {
		cover, langName = a.turns[r[0]].cover, a.turns[r[0]].langName
	}
	for i, t := range c.triggers {
		d, rule := c.score(t, i, a)
		v := Verdict{ID: t.ID, Priority: t.Priority, Score: clamp01(d.score), Threshold: t.threshold, Rule: rule, Note: d.note,
			Reliability: 1}
		if t.kind == KindNone && !rule {
			v.Reliability = genericReliability
		}
		if !rule && (cover == coverNone || cover == coverRequests && t.kind != KindHumanRequest) {
			v.Reliability = min(v.Reliability, unknownLangReliability)
			v.Unread = langName
			v.UnreadRequestsOnly = cover == coverRequests
		}
		if d.turn >= 0 && v.Fired() {
			v.Evidence = a.turns[d.turn].snippet()
		}
		out = append(out, v)
	}
	return out
}

// score judges one trigger: rules first, then the built-in knowledge of its
// kind.
func (c *Classifier) score(t *trigger, idx int, a *analysis) (detection, bool) {
	if t.keywords != nil {
		if d, ok := a.keywordHit(c.hitSlot[idx], t.Keywords); ok {
			return d, true
		}
	}
	if t.FailedAnswers > 0 {
		if n, last := c.failedAnswers(a); n >= t.FailedAnswers {
			return detection{score: ruleScore, turn: last, note: fmt.Sprintf("the assistant failed to answer %d times", n)}, true
		}
	}
	switch t.kind {
	case KindHumanRequest:
		return a.humanRequest(), false
	case KindFrustration:
		d := a.frustrationScore()
		if t.about != nil && d.score > 0 {
			// "angry about a double charge": the anger counts as far as
			// the recent user turns speak of what it is about.
			best := 0.0
			for _, ti := range a.recentUsers() {
				best = max(best, bestCoverage(t.about, a.turns[ti]))
			}
			d.score *= best
			d.note += " about " + t.aboutNames()
		}
		return d, false
	case KindBotFailure:
		return c.botFailure(a, t.failN), false
	case KindSensitive:
		return a.sensitiveTopic(t.sensitive), false
	case KindNone:
		if t.gen != nil {
			return a.genericScore(c.hitSlot[idx]), false
		}
	}
	return none, false
}

func withoutConcepts(ms []text.Match) []text.Match {
	out := ms[:0:0]
	for _, m := range ms {
		if m.Value < numCats {
			out = append(out, m)
		}
	}
	return out
}
