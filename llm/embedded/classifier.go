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
	"slices"
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
	})
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

// readDescription reads the trigger's description: see Classifier.ready.
func (ct *trigger) readDescription() {
	t := ct.Trigger
	desc := analyseTurn(handoff.RoleUser, t.Description)
	desc.ms = withoutConcepts(desc.ms)
	if ct.kind == KindNone {
		ct.kind = inferKind(&desc.doc, desc.ms)
	}
	switch ct.kind {
	case KindBotFailure:
		// The description's own count ("failed three times") decides how
		// many failures the model needs; failed_answers is the rule on
		// plain failure phrases, and the count when the description
		// gives none.
		n, stated := describedCount(&desc.doc)
		switch {
		case stated:
			ct.failN = n
		case t.FailedAnswers > 0:
			ct.failN = t.FailedAnswers
		default:
			ct.failN = n
		}
	case KindSensitive:
		if ct.sensitive = sensitiveMask(desc.ms) | describedCategories(&desc.doc); ct.sensitive == 0 {
			ct.sensitive = allSensitive
		}
		ct.sensitive = fraudSecurity(ct.sensitive)
	case KindFrustration:
		ct.about = aboutConcepts(t.Description)
	case KindNone:
		ct.gen = newGeneric(ct)
	}
}

// aboutConcepts reads what a frustration trigger's description says the
// anger is about ("angry about a double charge", "wütend wegen einer
// Doppelbuchung", "vihainen tuplaveloituksen takia"): the customer-service
// concepts after "about" (before a Finnish postposition), in the same
// clause, without the company it is aimed at ("the service"). A
// description that lists what anger looks like ("complains of being kept
// waiting") restricts nothing. Nil when it names no such concept.
func aboutConcepts(desc string) []alternative {
	d := text.Tokenize(desc)
	inScope := make([]bool, len(d.Tokens))
	for i, tok := range d.Tokens {
		switch {
		case aboutWords[tok.S]:
			for k := i + 1; k < len(d.Tokens) && k <= i+6 && d.Tokens[k].Clause == tok.Clause; k++ {
				inScope[k] = true
			}
		case aboutAfter[tok.S]:
			for k := i - 1; k >= 0 && k >= i-4 && d.Tokens[k].Clause == tok.Clause; k-- {
				inScope[k] = true
			}
		}
	}
	var about alternative
	about.example = -1
	concepts().Find(&d, func(m text.Match) {
		c := m.Value
		if !inScope[m.Start] || c == cService || c <= conceptBase || c >= conceptEnd || about.hasConcept(c) {
			return
		}
		w := 1.0
		if cw, ok := conceptWeights[c]; ok {
			w = cw
		}
		about.slots = append(about.slots, slot{concept: c, weight: w})
		about.total += w
	})
	if about.total == 0 {
		return nil
	}
	return []alternative{about}
}

// aboutWords introduce what an emotion is about; aboutAfter follow it
// (Finnish postpositions).
var (
	aboutWords = set(`about over regarding concerning because due wegen uber bezuglich aufgrund cause sujet concernant propos
		sobre por causa riguardo per causa vanwege omdat over om angaende pga`)
	aboutAfter = set(`takia vuoksi johdosta takiaan vuoksi`)
)

// describedCount reads "twice" or "three times" from a description, and
// whether it says one; it defaults to 2, the failures the product means by
// "repeated".
func describedCount(d *text.Doc) (int, bool) {
	n := 0
	counts().Find(d, func(m text.Match) { n = max(n, m.Value) })
	if n == 0 {
		return 2, false
	}
	return n, true
}

var counts = sync.OnceValue(func() *text.Matcher { return text.MustMatcher(countLex) })

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
	return Decide(c.Judge(in)), nil
}

// Verdict is the judgement of one trigger.
type Verdict struct {
	ID       string
	Priority handoff.Priority
	// Score in [0, 1], read as the probability that the trigger applies.
	Score float64
	// Threshold is the score at which the trigger fires.
	Threshold float64
	// Rule is true when a keyword or failed-answers rule fired it.
	Rule bool
	// Reliability in (0, 1] says how far a low score can be trusted as a
	// no: 1 for rules and built-in knowledge, less for a trigger judged by
	// its description's words alone.
	Reliability float64
	// Note says in a few words what was found; Evidence quotes the turn.
	Note, Evidence string
	// Unread names the language of the latest user turn when the
	// trigger's knowledge does not read it ("Korean"); the verdict's
	// reliability is then at most 0.5. UnreadRequestsOnly says that the
	// classifier reads only requests for a human in that language.
	Unread             string
	UnreadRequestsOnly bool
}

// Fired reports whether the trigger fires.
//
// A decision of no handoff has the confidence of its least certain
// verdict, (1 - Score) × Reliability.
func (v Verdict) Fired() bool { return v.Score >= v.Threshold }

// Judge scores every enabled trigger on in, in configuration order.
func (c *Classifier) Judge(in handoff.Input) []Verdict {
	c.ready()
	a := c.analyse(in)
	defer a.release()
	out := make([]Verdict, 0, len(c.triggers))
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
		if d, ok := a.keywordHit(idx, t.Keywords); ok {
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
			return a.genericScore(idx), false
		}
	}
	return none, false
}

// Decide turns verdicts into a decision: every fired trigger, strongest
// first (higher priority first among equals), and a confidence that reads
// as the probability that the verdict is right.
func Decide(vs []Verdict) handoff.Decision {
	var fired []Verdict
	var closest *Verdict
	for i := range vs {
		v := &vs[i]
		if v.Fired() {
			fired = append(fired, *v)
		} else if closest == nil || v.Score > closest.Score {
			closest = v
		}
	}
	if len(fired) == 0 {
		d := handoff.Decision{Triggers: []string{}, Confidence: 1, Classifier: Name, Reason: "No trigger applies."}
		for _, v := range vs {
			d.Confidence = min(d.Confidence, (1-v.Score)*v.Reliability)
		}
		switch {
		case closest != nil && closest.Score > 0 && closest.Note != "":
			d.Reason = fmt.Sprintf("No trigger applies; the closest is %s at %.2f (%s).", closest.ID, closest.Score, closest.Note)
		case closest != nil && closest.Score > 0:
			d.Reason = fmt.Sprintf("No trigger applies; the closest is %s at %.2f.", closest.ID, closest.Score)
		}
		d.Reason += unreadNote(vs)
		return d
	}
	slices.SortStableFunc(fired, func(x, y Verdict) int {
		if x.Score != y.Score {
			if x.Score > y.Score {
				return -1
			}
			return 1
		}
		return y.Priority.Rank() - x.Priority.Rank()
	})
	d := handoff.Decision{Handoff: true, Confidence: fired[0].Score, Classifier: RulesName, Triggers: make([]string, 0, len(fired))}
	var b strings.Builder
	for i, v := range fired {
		d.Triggers = append(d.Triggers, v.ID)
		if !v.Rule {
			d.Classifier = Name
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.ID)
		b.WriteString(": ")
		b.WriteString(v.Note)
		if v.Evidence != "" {
			b.WriteString(" (“")
			b.WriteString(v.Evidence)
			b.WriteString("”)")
		}
	}
	b.WriteByte('.')
	d.Reason = b.String()
	return d
}

// unreadNote says, for a decision of no handoff, that the latest user
// turn's language is not read, so that the no is not a confident one.
func unreadNote(vs []Verdict) string {
	for _, v := range vs {
		switch {
		case v.Unread != "" && v.UnreadRequestsOnly:
			return fmt.Sprintf(" The latest user turn is in %s, where the embedded classifier knows requests for a human only: not a confident no.", v.Unread)
		case v.Unread != "":
			return fmt.Sprintf(" The latest user turn is in %s, a language the embedded classifier does not know: not a confident no.", v.Unread)
		}
	}
	return ""
}

func clamp01(x float64) float64 { return min(max(x, 0), 1) }

func withoutConcepts(ms []text.Match) []text.Match {
	out := ms[:0:0]
	for _, m := range ms {
		if m.Value < numCats {
			out = append(out, m)
		}
	}
	return out
}
