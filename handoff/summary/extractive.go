// Package summary writes what a human agent reads first about a handoff:
// the user's goal, what the bot tried, and why it handed over. Extractive
// takes it from the conversation without a model; a Summarizer asks the
// configured model (the LLM, or the MCP client's model) and falls back to
// the extractive summary, saying why, when the model cannot answer.
package summary

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// The lengths an extractive summary keeps, in characters.
const (
	goalChars     = 220
	questionChars = 160
	triedChars    = 160
	whyChars      = 240
	// triedReplies is how many of the bot's latest substantive replies
	// are kept.
	triedReplies = 2
)

// Extractive summarises h from its own words: the goal is the user's first
// substantive turn, with the current question when it differs; what the
// bot tried is its latest substantive replies, shortened; why it handed
// over is the triggers and the reason.
func Extractive(h handoff.Handoff) handoff.Summary {
	s := handoff.Summary{Source: handoff.SummaryExtractive}
	var first, current string
	for _, t := range h.Transcript {
		if t.Role != handoff.RoleUser {
			continue
		}
		if c := oneLine(t.Content); c != "" {
			current = c
			if first == "" && substantive(c) {
				first = c
			}
		}
	}
	if q := oneLine(h.Question); q != "" {
		current = q
	}
	if first == "" {
		first = current
	}
	s.Goal = shorten(first, goalChars)
	if current != "" && current != first {
		if r, _ := utf8.DecodeLastRuneInString(s.Goal); !strings.ContainsRune(".!?…", r) {
			s.Goal += "."
		}
		s.Goal += " Now asks: " + shorten(current, questionChars)
	}

	var tried []string
	for i := len(h.Transcript) - 1; i >= 0 && len(tried) < triedReplies; i-- {
		t := h.Transcript[i]
		if c := oneLine(t.Content); t.Role == handoff.RoleAssistant && substantive(c) {
			tried = append([]string{shorten(c, triedChars)}, tried...)
		}
	}
	s.Tried = strings.Join(tried, " / ")

	why := strings.Join(h.Triggers, ", ")
	if r := oneLine(h.Reason); r != "" {
		switch {
		case why == "" || mentionsAny(r, h.Triggers):
			why = r // the classifier's reasons name their triggers already
		default:
			why += ": " + r
		}
	}
	s.Why = shorten(why, whyChars)
	return s
}

// mentionsAny reports whether s starts by naming one of ids, as the
// classifiers' reasons do ("explicit_request: asks ...", "frustration,
// explicit_request: ...").
func mentionsAny(s string, ids []string) bool {
	for _, id := range ids {
		if id != "" && (strings.HasPrefix(s, id+":") || strings.HasPrefix(s, id+",")) {
			return true
		}
	}
	return false
}

// greetings are the openings that say nothing of the user's goal.
var greetings = map[string]bool{
	"hi": true, "hello": true, "hey": true, "thanks": true, "thank you": true, "ok": true, "okay": true, "yes": true, "no": true,
	"hei": true, "moi": true, "terve": true, "kiitos": true, "joo": true, "ei": true,
	"hallo": true, "guten tag": true, "danke": true, "ja": true, "nein": true,
	"bonjour": true, "salut": true, "merci": true, "oui": true, "non": true,
}

// substantive reports whether a turn says something: more than a greeting
// or a one-word answer.
func substantive(s string) bool {
	key := strings.ToLower(strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) }))
	if greetings[key] {
		return false
	}
	return len(strings.Fields(s)) >= 3 || utf8.RuneCountInString(s) >= 20
}

// oneLine returns s on one line: its words joined by single spaces. Most
// turns are that already, and come back as they are, without copying.
func oneLine(s string) string {
	if isOneLine(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isOneLine reports whether s is its words joined by single spaces.
func isOneLine(s string) bool {
	space := true // at the start, a space would be one too many
	for _, r := range s {
		switch {
		case r == ' ' && space:
			return false
		case r == ' ':
			space = true
		case unicode.IsSpace(r):
			return false
		default:
			space = false
		}
	}
	return s == "" || !space
}

// shorten keeps s when it fits in n characters; otherwise its first
// sentence when that fits, else its first words up to n, ending in "…".
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if i := sentenceEnd(s, 20); i > 0 && utf8.RuneCountInString(s[:i]) <= n {
		return s[:i]
	}
	r := []rune(s)[:n-1]
	cut := string(r)
	if j := strings.LastIndexByte(cut, ' '); j > n/2 {
		cut = cut[:j]
	}
	return strings.TrimRight(cut, " ,;:-") + "…"
}

// sentenceEnd returns the end of s's first sentence of at least atLeast bytes
// (after its . ! or ? and before a space), or 0. A period after a digit
// ends no sentence: it is a date or an ordinal ("12.11.").
func sentenceEnd(s string, atLeast int) int {
	for i := atLeast - 1; i < len(s)-1; i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' && !(s[i] == '.' && i > 0 && s[i-1] >= '0' && s[i-1] <= '9') {
			return i + 1
		}
	}
	return 0
}
