package privacy

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// Redactor masks the configured kinds in text. A nil *Redactor masks
// nothing. It is safe for concurrent use.
type Redactor struct {
	rules []rule
	order map[string]int // kind -> position, for stable reports
}

var _ handoff.Redactor = (*Redactor)(nil)

type rule struct {
	kind string
	find detector
}

// New builds the redactor of cfg, which must have passed Validate; it
// returns nil when redaction is switched off.
func New(cfg Config) (*Redactor, error) {
	if !cfg.Redact.On() {
		return nil, nil
	}
	kinds := cfg.Redact.Kinds
	if kinds == nil {
		kinds = BuiltinKinds
	}
	r := &Redactor{order: map[string]int{}}
	for _, k := range BuiltinKinds { // built-in order, whatever the file's
		if slices.Contains(kinds, k) {
			r.add(k, builtin(k))
		}
	}
	for _, p := range cfg.Redact.Patterns {
		re, err := compilePattern(p)
		if err != nil {
			return nil, fmt.Errorf("privacy.redact pattern %s: %w", p.Name, err)
		}
		r.add(p.Name, patternDetector(re))
	}
	return r, nil
}

func (r *Redactor) add(kind string, d detector) {
	r.order[kind] = len(r.rules)
	r.rules = append(r.rules, rule{kind, d})
}

func patternDetector(re *regexp.Regexp) detector {
	group := re.SubexpIndex("value")
	return func(s string) []span {
		var out []span
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			start, end := m[0], m[1]
			if group > 0 {
				start, end = m[2*group], m[2*group+1]
			}
			if start >= 0 && end > start {
				out = append(out, span{start, end})
			}
		}
		return out
	}
}

// Placeholder is what replaces a masked value of kind.
func Placeholder(kind string) string { return "[redacted " + kind + "]" }

// Counts are how many values of each kind were masked.
type Counts map[string]int

// Add adds other to c.
func (c Counts) Add(other Counts) {
	for k, n := range other {
		c[k] += n
	}
}

// String masks s and returns what it masked.
func (r *Redactor) String(s string) (string, Counts) {
	counts := Counts{}
	if r == nil || s == "" {
		return s, counts
	}
	for _, ru := range r.rules {
		spans := ru.find(s)
		if len(spans) == 0 {
			continue
		}
		s = replace(s, spans, Placeholder(ru.kind))
		counts[ru.kind] += len(spans)
	}
	return s, counts
}

// Text masks s, for prompts that need no report.
func (r *Redactor) Text(s string) string {
	out, _ := r.String(s)
	return out
}

// replace puts with in place of each span; spans are sorted and merged
// when they overlap.
func replace(s string, spans []span, with string) string {
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp.start < last {
			continue // overlaps the previous span, already masked
		}
		b.WriteString(s[last:sp.start])
		b.WriteString(with)
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// List returns c as redactions: built-in kinds first in their order, then
// the builder's patterns in configuration order (or by name for a nil
// redactor).
func (r *Redactor) List(c Counts) []handoff.Redaction {
	if len(c) == 0 {
		return nil
	}
	keys := slices.Collect(maps.Keys(c))
	sort.Slice(keys, func(i, j int) bool {
		if r != nil {
			oi, iok := r.order[keys[i]]
			oj, jok := r.order[keys[j]]
			if iok && jok {
				return oi < oj
			}
		}
		return keys[i] < keys[j]
	})
	out := make([]handoff.Redaction, 0, len(keys))
	for _, k := range keys {
		if c[k] > 0 {
			out = append(out, handoff.Redaction{Kind: k, Count: c[k]})
		}
	}
	return out
}

// RedactHandoff returns a copy of h with everything from the conversation
// masked: the transcript, the question, the reason, the metadata values,
// the calling model's evidence, the server's reason and the summary. The
// contact details, ids and triggers stay: the helpdesk needs them. The
// report counts what the transcript, question, reason and metadata held,
// each distinct text once (the question is also the transcript's last
// turn); quotes of them (the evidence, the summary) are masked but not
// counted again.
func (r *Redactor) RedactHandoff(h handoff.Handoff) (handoff.Handoff, []handoff.Redaction) {
	return r.redactHandoff(h, true)
}

// Redactions returns what RedactHandoff would mask in h, without building
// the masked copy (the service records it on every handoff it creates).
func (r *Redactor) Redactions(h handoff.Handoff) []handoff.Redaction {
	_, rs := r.redactHandoff(h, false)
	return rs
}

// redactHandoff is RedactHandoff; without masked it only counts, and
// returns h as it is.
func (r *Redactor) redactHandoff(h handoff.Handoff, masked bool) (handoff.Handoff, []handoff.Redaction) {
	if r == nil {
		return h, nil
	}
	total := Counts{}
	seen := map[string]bool{}
	if !masked {
		// Each distinct text counted once, as mask counts below; the
		// vote's evidence, the verdict's reason and the summary quote what
		// is counted: masked there, never counted.
		count := func(s string) {
			if key := strings.TrimSpace(s); !seen[key] {
				seen[key] = true
				_, c := r.String(s)
				total.Add(c)
			}
		}
		for _, t := range h.Transcript {
			count(t.Content)
		}
		count(h.Question)
		count(h.Reason)
		for k, v := range h.Metadata {
			if k != helpdesk.MetaConversationID {
				count(v)
			}
		}
		return h, r.List(total)
	}
	mask := func(s string) string {
		out, c := r.String(s)
		if key := strings.TrimSpace(s); !seen[key] {
			seen[key] = true
			total.Add(c)
		}
		return out
	}
	h.Transcript = slices.Clone(h.Transcript)
	for i := range h.Transcript {
		h.Transcript[i].Content = mask(h.Transcript[i].Content)
	}
	h.Question = mask(h.Question)
	h.Reason = mask(h.Reason)
	if len(h.Metadata) > 0 {
		md := make(map[string]string, len(h.Metadata))
		for k, v := range h.Metadata {
			if k == helpdesk.MetaConversationID {
				md[k] = v // an id the connector addresses, never personal data
				continue
			}
			md[k] = mask(v)
		}
		h.Metadata = md
	}
	if h.Vote != nil {
		v := *h.Vote
		v.Evidence, _ = r.String(v.Evidence) // a quote of a user turn already counted
		h.Vote = &v
	}
	if h.ServerVerdict != nil {
		v := *h.ServerVerdict
		v.Reason, _ = r.String(v.Reason)
		h.ServerVerdict = &v
	}
	if h.Summary != nil {
		s := *h.Summary
		s.Goal, _ = r.String(s.Goal) // drawn from the conversation, already counted
		s.Tried, _ = r.String(s.Tried)
		s.Why, _ = r.String(s.Why)
		h.Summary = &s
	}
	return h, r.List(total)
}
