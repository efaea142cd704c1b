package helpdesk

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestHTMLText(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"plain text stays", "Hello there", "Hello there"},
		{"paragraphs and breaks", "<p>Hi Jane,</p><p>line one<br>line two</p>", "Hi Jane,\n\nline one\nline two"},
		{"entities decoded", "Fish &amp; chips &lt;3 &#39;yes&#39; &euro;5", "Fish & chips <3 'yes' €5"},
		{"script and style dropped", "<style>p{color:red}</style>Hi<script>alert('x')</script>!", "Hi!"},
		{"nested script in head", "<html><head><title>t</title><script>x()</script></head><body><div>Body</div></body></html>", "Body"},
		{"links keep their text", `See <a href="https://acme.example/r?a=1&amp;b=2">the refund</a>.`, "See the refund."},
		{"lists one item a line", "<ul><li>one</li><li>two</li></ul>", "one\ntwo"},
		{"image alt text", `<p>Look: <img src="x.png" alt="screenshot"></p>`, "Look: [screenshot]"},
		{"comments dropped", "a<!-- secret note -->b", "ab"},
		{"unclosed tags", "<b>bold <i>italic", "bold italic"},
		{"a lone less-than is text", "a < b and c > d", "a < b and c > d"},
		{"event handlers never become text", `<img src=x onerror="alert(1)">ok`, "ok"},
		{"source white space collapsed as HTML renders it", "<div>  lots   of\n\n\n\n space </div>", "lots of space"},
		{"pre keeps its lines", "<pre>a\n  b</pre>", "a\nb"},
		{"nbsp", "a&nbsp;&nbsp;b", "a b"},
		{"empty", "", ""},
		{"only markup", "<p><br></p>", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, htmlText(c.in))
		})
	}
}

func TestPlainText(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"trimmed", "  hi  ", "hi"},
		{"CRLF", "a\r\nb\rc", "a\nb\nc"},
		{"control characters removed", "a\x00b\x1bc\td", "a b c d"},
		{"invalid UTF-8 replaced", "a\xffb", "a\uFFFDb"},
		{"blank lines collapsed", "a\n\n\n\nb", "a\n\nb"},
		{"markup is kept as text", "<b>not bold</b>", "<b>not bold</b>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, plainText(c.in))
		})
	}

	long := strings.Repeat("é", MaxTextBytes)
	got := plainText(long)
	assert.LessOrEqual(t, len(got), MaxTextBytes)
	assert.True(t, strings.HasSuffix(got, "…"))
	assert.True(t, json.Valid([]byte(`"`+got+`"`)), "cut on a rune boundary")
}

func TestEchoDetection(t *testing.T) {
	const testHandoffID = "h_k5vq3x7mzt2r4w6y"
	// What our connectors write must be recognised when a helpdesk reports
	// it back as an agent's message.
	h := handoff.Handoff{
		ID: testHandoffID, ConversationID: "conv-42", Contact: handoff.Contact{Email: "jane.doe@example.com", Name: "Jane Doe"},
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "I want a human"}},
		Triggers:   []string{"explicit_request"}, Reason: "asks for a human", CreatedAt: time.Date(2026, 3, 14, 9, 29, 12, 0, time.UTC),
	}
	assert.True(t, isEcho(plainText(Text(h))), "the handoff text")
	assert.True(t, isEcho(htmlText(HTML(h))), "the handoff HTML")
	assert.True(t, isEcho("Jane Doe wrote (via bot, handoff:"+testHandoffID+"):\nhello?"), "a relayed user message")
	assert.True(t, isEcho("The handoff handoff:"+testHandoffID+" was closed on the bot side: user left"), "the close note")

	for _, s := range []string{
		"Hi Jane, how can I help?",
		"The handoff is complete, thanks for waiting",
		"Your reference is handoff:" + testHandoffID,
	} {
		assert.False(t, isEcho(s), s)
	}
}

func TestFlexValues(t *testing.T) {
	var v struct {
		A, B, C flexID
		T1      flexTime `json:"t1"`
		T2      flexTime `json:"t2"`
		T3      flexTime `json:"t3"`
		T4      flexTime `json:"t4"`
		T5      flexTime `json:"t5"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"A":"147","B":8447388090496,"C":null,
		"t1":"2026-03-14T09:29:55.123456789Z","t2":1773480790,"t3":"2020-03-03 13:05:57 UTC","t4":1773480590000,"t5":null}`), &v))
	assert.Equal(t, flexID("147"), v.A)
	assert.Equal(t, flexID("8447388090496"), v.B, "large numeric ids keep every digit")
	assert.Equal(t, flexID(""), v.C)
	assert.Equal(t, time.Date(2026, 3, 14, 9, 29, 55, 123456789, time.UTC), v.T1.Time)
	assert.Equal(t, time.Unix(1773480790, 0).UTC(), v.T2.Time)
	assert.Equal(t, time.Date(2020, 3, 3, 13, 5, 57, 0, time.UTC), v.T3.Time)
	assert.Equal(t, time.UnixMilli(1773480590000).UTC(), v.T4.Time, "milliseconds recognised")
	assert.True(t, v.T5.IsZero())

	var bad struct{ A flexID }
	assert.Error(t, json.Unmarshal([]byte(`{"A":{"x":1}}`), &bad))
}

func TestCheckSignature(t *testing.T) {
	body := []byte(`{"a":1}`)
	hexWant := hexSHA256("k", body)
	b64Want := b64SHA256("k", []byte("2026-03-14T09:30:00Z"), body)
	cases := []struct {
		name, got, want string
		ok              bool
	}{
		{"hex", hexWant, hexWant, true},
		{"scheme in capitals", "SHA256=" + strings.TrimPrefix(hexWant, "sha256="), hexWant, true},
		{"hex digest in capitals", "sha256=" + strings.ToUpper(strings.TrimPrefix(hexWant, "sha256=")), hexWant, false},
		{"base64", b64Want, b64Want, true},
		{"base64 with its case changed", strings.ToLower(b64Want), b64Want, false},
		{"surrounding space", "  " + b64Want + " ", b64Want, true},
		{"scheme only", "sha256=", hexWant, false},
		{"another algorithm", "sha1=" + strings.TrimPrefix(hexWant, "sha256="), hexWant, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := checkSignature("X-Sig", c.got, c.want)
			assert.Equal(t, c.ok, err == nil, "%v", err)
		})
	}
}

// BenchmarkHTMLText measures stripping a typical Intercom reply.
func BenchmarkHTMLText(b *testing.B) {
	in := `<p>Hi Jane, I&#39;m <b>Anna</b> from billing.</p><p>I can see the double charge &amp; I&#39;ve refunded it.<br>Anything else?</p>`
	b.ReportAllocs()
	for range b.N {
		htmlText(in)
	}
}
