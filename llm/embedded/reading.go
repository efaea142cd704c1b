package embedded

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// Reading says how the embedded classifier reads one trigger: which
// built-in knowledge applies, what of its description it uses, and what it
// leaves aside. `handoff-mcp triggers explain`, `config check` and the eval
// report print it so that a builder sees how each wording is understood.
type Reading struct {
	// ID is the trigger's id.
	ID string `json:"id"`
	// Kind is the built-in knowledge applied; empty when the trigger is
	// judged by the words of its description and examples alone.
	Kind Kind `json:"kind,omitempty"`
	// KindSource says where Kind came from: "configured" (the trigger's
	// kind), "inferred" (read from the description) or "words" (no kind:
	// judged by word matching).
	KindSource string `json:"kind_source"`
	// FailedAnswers is how many failed answers a bot_failure trigger needs.
	FailedAnswers int `json:"failed_answers,omitempty"`
	// Categories are the sensitive categories a sensitive trigger covers.
	Categories []string `json:"categories,omitempty"`
	// Alternatives are, for a trigger judged by its words, the slots of each
	// alternative of the description: concepts as "concept:NAME", words by
	// stem as "word:STEM", and "request" for "asks", "wants".
	Alternatives [][]string `json:"alternatives,omitempty"`
	// Amount is the amount condition read from the description, such as
	// "> 100"; empty when there is none.
	Amount string `json:"amount,omitempty"`
	// Concepts are what the reading understood of the description beyond
	// its kind (a restriction such as "at the company"), in words.
	Concepts []string `json:"concepts,omitempty"`
	// Ignored lists content words of the description that the reading does
	// not use.
	Ignored []string `json:"ignored,omitempty"`
	// Warnings say when a description reads weakly or falls back to word
	// matching, and what to do about it.
	Warnings []string `json:"warnings,omitempty"`
	// Fires and DoesNotFire are a few messages that would and would not
	// fire the trigger on their own, checked against the classifier.
	Fires       []string `json:"fires,omitempty"`
	DoesNotFire []string `json:"does_not_fire,omitempty"`
}

// Readings returns how each enabled trigger is read, in configuration
// order.
func (c *Classifier) Readings() []Reading {
	c.ready()
	out := make([]Reading, 0, len(c.triggers))
	for _, t := range c.triggers {
		out = append(out, c.reading(t))
	}
	return out
}

func (c *Classifier) reading(t *trigger) Reading {
	r := Reading{ID: t.ID, Kind: t.kind, KindSource: "inferred"}
	switch {
	case t.Kind != "":
		r.KindSource = "configured"
	case t.kind == KindNone:
		r.KindSource = "words"
	}
	switch t.kind {
	case KindBotFailure:
		r.FailedAnswers = t.failN
	case KindSensitive:
		for i, n := range sensitiveNames {
			if t.sensitive&(1<<uint(i)) != 0 {
				r.Categories = append(r.Categories, n)
			}
		}
	case KindNone:
		if t.gen != nil {
			for _, a := range t.gen.desc {
				r.Alternatives = append(r.Alternatives, a.slotNames())
				if a.amount != nil && r.Amount == "" {
					r.Amount = a.amount.String()
				}
			}
		}
	}
	desc := analyseTurn(handoff.RoleUser, t.Description)
	r.Concepts = c.understood(t, &r)
	r.Ignored = ignoredWords(t, &desc)
	r.Warnings = c.warnings(t, &r)
	r.Fires, r.DoesNotFire = c.samplesFor(t, descLang(&desc))
	if len(r.Fires) == 0 {
		r.Warnings = append(r.Warnings, "none of the sample messages fires it: add examples of messages that should")
	}
	return r
}

// understood says in words what the reading takes from the description.
func (c *Classifier) understood(t *trigger, r *Reading) []string {
	var out []string
	switch t.kind {
	case KindHumanRequest:
		out = append(out, "a request for a human (built-in knowledge: "+requestLanguages+")")
	case KindFrustration:
		out = append(out, "frustration or anger (built-in knowledge: "+fullLanguages+")")
		if t.about != nil {
			out = append(out, "only when the user's words speak of "+t.aboutNames())
		}
	case KindBotFailure:
		out = append(out, fmt.Sprintf("the assistant failed at least %d times among its latest ten replies", t.failN))
	case KindSensitive:
		out = append(out, "a sensitive topic, limited to: "+strings.Join(r.Categories, ", "))
	case KindNone:
		if t.gen == nil {
			break
		}
		for _, a := range t.gen.desc {
			parts := a.slotNames()
			if a.amount != nil {
				parts = append(parts, "amount "+a.amount.String())
			}
			out = append(out, "one of: "+strings.Join(parts, " + "))
		}
		if len(t.gen.pos) > 0 {
			out = append(out, fmt.Sprintf("or like one of its %d examples", len(t.Examples)))
		}
	}
	return out
}

// requestLanguages and fullLanguages list the languages of the built-in
// knowledge.
const (
	fullLanguages    = "en de fr fi es it nl sv pt"
	requestLanguages = fullLanguages + " pl cs tr ru da no ja zh ar"
)

// ignoredWords lists the content words of a description that the reading
// of a trigger with a kind does not use: "company" in "angry at the
// company". A trigger judged by its words uses them all.
func ignoredWords(t *trigger, desc *turnInfo) []string {
	if t.kind == KindNone {
		return nil
	}
	d := &desc.doc
	used := make([]bool, len(d.Tokens))
	mark := func(m text.Match) {
		for i := m.Start; i < m.End && i < len(used); i++ {
			used[i] = true
		}
	}
	for _, m := range desc.ms {
		if m.Value < numCats || t.kind == KindFrustration && t.about != nil && m.Value > conceptBase && m.Value < conceptEnd {
			mark(m)
		}
	}
	descMatcher().Find(d, mark)
	descCategoryMatcher().Find(d, mark)
	counts().Find(d, mark)
	var out []string
	seen := map[string]bool{}
	for i, tok := range d.Tokens {
		w := tok.S
		if used[i] || tok.Num || tok.Sign || len(w) < 3 || stopWords[w] || framingWords[w] || seen[w] {
			continue
		}
		seen[w] = true
		if len(desc.raw) == len(d.Folded) { // folding kept every byte in place: show the word as written
			w = desc.raw[tok.Off:tok.End]
		}
		out = append(out, w)
	}
	return out
}

// framingWords describe the conversation or qualify the description
// without adding a condition: "explicitly", "clearly", "sounds".
var framingWords = set(`explicitly clearly directly really actually seems seem sounds sound appears says say writes
	message messages conversation chat visitor caller ausdrucklich deutlich direkt explicitement clairement directement
	selvasti suoraan nimenomaan explicitamente claramente esplicitamente expliciet uttryckligen
	topic topics matter matters issue issues question questions thing things case cases subject subjects area areas
	thema themen frage fragen angelegenheit angelegenheiten sujet sujets affaire affaires aihe aiheet asia asiat kysymys kysymykset kysymyksia
	tema temas asunto asuntos questione questioni argomento onderwerp onderwerpen kwestie kwesties amne amnen fraga fragor assunto assuntos questao questoes
	whether before after saying something anything everything nothing else can could did does must should would will shall
	still also just only alone another other others some every each which who whom whose what where while into onto then
	there here these those such very much many most few not now this that their they them its etwas alles andere noch auch
	nur kann konnte muss soll wird quelque chose autre autres encore aussi seulement peut doit jotain muuta myos vain viela`)

// warnings say when the reading is weak or leaves something out.
func (c *Classifier) warnings(t *trigger, r *Reading) []string {
	var out []string
	switch {
	case t.kind == KindNone && t.gen != nil:
		out = append(out, "no built-in kind: judged by matching the words of its description and examples (less reliable; "+
			"the cascade asks the LLM when unsure); name a kind or add examples")
		weak := true
		for _, a := range t.gen.desc {
			concepts, words := 0, 0
			for _, s := range a.slots {
				if s.concept != 0 && s.concept != conceptRequest {
					concepts++
				} else if s.concept == 0 {
					words++
				}
			}
			if concepts > 0 || words > 1 {
				weak = false
			}
		}
		if weak && len(t.gen.pos) == 0 {
			out = append(out, "reads weakly: no customer-service concept and at most one word to match; add examples")
		}
	case len(r.Ignored) > 0:
		out = append(out, fmt.Sprintf("the built-in %s knowledge decides; not used from the description: %s", t.kind,
			strings.Join(r.Ignored, ", ")))
	}
	if t.kind == KindBotFailure && t.FailedAnswers > 0 && t.FailedAnswers != t.failN {
		out = append(out, fmt.Sprintf("the description asks for %d failures and failed_answers for %d: the model waits for %d, "+
			"the rule on plain failure phrases fires at %d", t.failN, t.FailedAnswers, t.failN, t.FailedAnswers))
	}
	return out
}

// maxSamples bounds Fires and DoesNotFire.
const maxSamples = 5

// samplesFor returns messages that fire t and messages that do not, each
// checked by judging it with c: examples and negative examples first, then
// built-in samples in the description's language (lang), then in English.
func (c *Classifier) samplesFor(t *trigger, lang int) (fires, not []string) {
	type cand struct {
		turns []handoff.Turn
		text  string
	}
	var cands []cand
	add := func(texts ...string) {
		for _, s := range texts {
			cands = append(cands, cand{turns: []handoff.Turn{{Role: handoff.RoleUser, Content: s}}, text: s})
		}
	}
	add(t.Examples...)
	add(t.NegativeExamples...)
	langs := []int{lang}
	if lang != langEN {
		langs = append(langs, langEN)
	}
	for _, l := range langs {
		switch t.kind {
		case KindBotFailure:
			for _, d := range failureDialogues(l, t.failN) {
				cands = append(cands, cand{turns: d, text: renderDialogue(d)})
			}
		case KindNone:
			if l == lang {
				add(t.Description)
				add(amountVariants(t)...)
			}
			add(neutralSamples[l]...)
		default:
			add(sampleBank[t.kind][l].fires...)
			add(sampleBank[t.kind][l].not...)
		}
	}
	seen := map[string]bool{}
	for _, cd := range cands {
		if seen[cd.text] || strings.TrimSpace(cd.text) == "" {
			continue
		}
		seen[cd.text] = true
		fired := false
		for _, v := range c.Judge(handoff.Input{Transcript: cd.turns}) {
			if v.ID == t.ID {
				fired = v.Fired()
			}
		}
		switch {
		case fired && len(fires) < maxSamples:
			fires = append(fires, cd.text)
		case !fired && len(not) < maxSamples:
			not = append(not, cd.text)
		}
	}
	return fires, not
}

// descLang is the language of a description: its guessed language, or
// when its letters leave a tie ("möchte" is Finnish, German or Swedish by
// its ö), the language most of its common words belong to.
func descLang(desc *turnInfo) int {
	if desc.lang != langUnknown {
		return desc.lang
	}
	var votes [numLangs]int
	best := langEN
	for _, tok := range desc.doc.Tokens {
		if l, ok := langMarkers[tok.S]; ok {
			votes[l]++
			if votes[l] > votes[best] {
				best = l
			}
		}
	}
	return best
}

// failureDialogues builds, in language l, a dialogue where the assistant
// fails n times, one with one failure fewer, and one where it answers.
func failureDialogues(l, n int) [][]handoff.Turn {
	r, ok := failureReplies[l]
	if !ok {
		return nil
	}
	build := func(fails int, good bool) []handoff.Turn {
		var d []handoff.Turn
		for range fails {
			d = append(d, handoff.Turn{Role: handoff.RoleUser, Content: r[0]}, handoff.Turn{Role: handoff.RoleAssistant, Content: r[1]})
		}
		if good {
			d = append(d, handoff.Turn{Role: handoff.RoleUser, Content: r[0]}, handoff.Turn{Role: handoff.RoleAssistant, Content: r[2]})
		}
		return d
	}
	out := [][]handoff.Turn{build(n, false), build(0, true)}
	if n > 1 {
		out = append(out, build(n-1, true))
	}
	return out
}

// renderDialogue writes a dialogue on one line: "user: ... / assistant: ...".
func renderDialogue(d []handoff.Turn) string {
	parts := make([]string, len(d))
	for i, t := range d {
		parts[i] = string(t.Role) + ": " + t.Content
	}
	return strings.Join(parts, " / ")
}

// amountVariants rewrites a description with an amount condition into a
// message whose amount meets it and one whose amount does not: "Refund
// requests above 100 euros." gives "... above 150 euros." and "... above
// 50 euros.".
func amountVariants(t *trigger) []string {
	for _, a := range t.gen.desc {
		cond := a.amount
		if cond == nil {
			continue
		}
		var at, meet, miss float64
		switch {
		case cond.minSet:
			at, meet, miss = cond.min, cond.min*1.5, cond.min/2
		default:
			at, meet, miss = cond.max, cond.max/2, cond.max*2
		}
		num := strconv.FormatFloat(at, 'f', -1, 64)
		if !strings.Contains(t.Description, num) {
			return nil
		}
		f := func(v float64) string {
			return strings.Replace(t.Description, num, strconv.FormatFloat(math.Round(v), 'f', -1, 64), 1)
		}
		return []string{f(meet), f(miss)}
	}
	return nil
}

// slotNames names the slots of an alternative for people.
func (a *alternative) slotNames() []string {
	out := make([]string, 0, len(a.slots))
	for _, s := range a.slots {
		out = append(out, slotName(s))
	}
	return out
}

// slotName names one slot: "concept:NAME", "word:STEM" or "request".
func slotName(s slot) string {
	switch {
	case s.concept == conceptRequest:
		return "request"
	case s.concept != 0:
		return "concept:" + conceptName(s.concept)
	}
	return "word:" + s.stem
}

// conceptName names a concept of the concept lexicon.
func conceptName(c int) string {
	if n, ok := conceptNames[c]; ok {
		return n
	}
	return fmt.Sprintf("concept%d", c-conceptBase)
}

// String writes the condition as "> 100", "< 20" or "> 10 and < 50".
func (c *amountCond) String() string {
	var parts []string
	if c.minSet {
		parts = append(parts, "> "+strconv.FormatFloat(c.min, 'f', -1, 64))
	}
	if c.maxSet {
		parts = append(parts, "< "+strconv.FormatFloat(c.max, 'f', -1, 64))
	}
	return strings.Join(parts, " and ")
}

// conceptNames name the concepts of the concept lexicon.
var conceptNames = map[int]string{cRefund: "refund", cCharge: "charge", cDispute: "dispute", cUnrecognised: "unrecognised",
	cComplaint: "complaint", cService: "service", cAccount: "account", cCancel: "cancel", cOrder: "order",
	cDelivery: "delivery", cPassword: "password", cMoney: "money", cDamaged: "damaged", cLate: "late"}
