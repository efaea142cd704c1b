package helpdesk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// MaxTextBytes bounds an event's text; longer messages are cut on a rune
// boundary and marked with "…".
const MaxTextBytes = 32 << 10

// htmlText turns a vendor's HTML fragment into plain text: tags dropped,
// the content of script, style, head and template dropped, entities
// decoded, block elements and <br> as line breaks, runs of blank lines
// collapsed. It never fails: whatever is not markup is text.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return plainText(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip, pre := 0, 0 // depth inside hidden elements, and inside <pre>
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return plainText(b.String())
		case html.TextToken:
			if skip > 0 {
				continue
			}
			text := string(z.Text())
			if pre == 0 {
				// Outside <pre>, HTML renders any run of white space as one space.
				text = htmlSpaceRE().ReplaceAllString(text, " ")
			}
			b.WriteString(text)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch tag := string(name); {
			case hiddenTags[tag]:
				if tt == html.StartTagToken {
					skip++
				}
			case tag == "br":
				b.WriteByte('\n')
			case tag == "pre" && tt == html.StartTagToken:
				pre++
				endLine(&b, 1)
			case blockTags[tag] || tag == "hr":
				endLine(&b, 1)
			case tag == "img" && hasAttr && skip == 0:
				for more := true; more; {
					var k, v []byte
					k, v, more = z.TagAttr()
					if string(k) == "alt" && len(v) > 0 {
						b.WriteString("[" + string(v) + "]")
					}
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch tag := string(name); {
			case hiddenTags[tag]:
				if skip > 0 {
					skip--
				}
			case tag == "p":
				endLine(&b, 2) // a paragraph ends with a blank line
			case tag == "pre":
				if pre > 0 {
					pre--
				}
				endLine(&b, 1)
			case blockTags[tag]:
				endLine(&b, 1)
			}
		}
	}
}

var htmlSpaceRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[ \t\n\r\f]+`) })

// endLine ends the text so far with n line breaks (unless it is empty).
func endLine(b *strings.Builder, n int) {
	s := b.String()
	if strings.TrimSpace(s) == "" {
		return
	}
	have := len(s) - len(strings.TrimRight(s, " \n"))
	trail := strings.Count(s[len(s)-have:], "\n")
	for ; trail < n; trail++ {
		b.WriteByte('\n')
	}
}

// hiddenTags are elements whose content is not text for the reader.
var hiddenTags = map[string]bool{"script": true, "style": true, "head": true, "template": true, "noscript": true, "title": true}

// blockTags are elements that start and end a line.
var blockTags = map[string]bool{
	"p": true, "div": true, "li": true, "tr": true, "blockquote": true, "pre": true, "ul": true, "ol": true,
	"table": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
}

// plainText normalises text for the bot: invalid UTF-8 replaced, control
// characters other than newline and tab removed, spaces within lines
// collapsed, at most one blank line in a row, trimmed, and bounded by
// MaxTextBytes.
func plainText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out []string
	blank := 0
	for _, line := range strings.Split(s, "\n") {
		line = strings.Join(strings.FieldsFunc(line, func(r rune) bool {
			return unicode.IsSpace(r) || (unicode.IsControl(r) && r != '\t') || r == '\u00a0'
		}), " ")
		if line == "" {
			blank++
			if blank > 1 || len(out) == 0 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, line)
	}
	return Clip(strings.TrimSpace(strings.Join(out, "\n")), MaxTextBytes)
}

// Clip shortens s to at most n bytes in all, "…" included, on a rune
// boundary: event text, and the fields of events in logs.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// The phrases our connectors write into helpdesks (Text, the
// relayed user messages and the close note). A helpdesk that reports our
// own writes back as agent messages (LiveChat writes as the token's agent;
// Zendesk with public_comment) must not have them relayed to the user.
var echoMarkers = []string{
	"A customer was handed over by the bot.",
	" wrote (via bot, handoff:",
	" was closed on the bot side: ",
}

// isEcho reports whether text is one of our own writes.
func isEcho(text string) bool {
	for _, m := range echoMarkers {
		if strings.Contains(text, m) {
			return true
		}
	}
	return false
}

// cleanID returns s trimmed when it is a plausible identifier (printable,
// at most 256 bytes), else "".
func cleanID(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 256 || !utf8.ValidString(s) {
		return ""
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return ""
		}
	}
	return s
}

// BodyID is the dedupe id of a verified body that carries no id of its
// own: "sha256:" and the hash of the body.
func BodyID(body []byte) string {
	sum := sha256.Sum256(bytes.TrimSpace(body))
	return "sha256:" + hex.EncodeToString(sum[:])
}
