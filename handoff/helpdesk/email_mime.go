package helpdesk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

type composeOpts struct {
	subject, messageID, inReplyTo string
	date                          time.Time
	text, html                    string
	priority                      string // X-Priority, 1 (highest) to 5
}

// compose builds the RFC 5322 message. It depends only on its inputs, so a
// resend produces the same bytes (the MIME boundary is derived from the
// Message-ID).
func (e *Email) compose(h handoff.Handoff, o composeOpts) []byte {
	var b bytes.Buffer
	hdr := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	customer := (&mail.Address{Name: h.Contact.Name, Address: bareAddress(h.Contact.Email)}).String()
	if e.cfg.Sender == "from" && h.Contact.Email != "" {
		hdr("From", customer)
		hdr("Sender", e.from.String())
	} else {
		hdr("From", e.from.String())
	}
	if h.Contact.Email != "" {
		hdr("Reply-To", customer)
	}
	hdr("To", strings.Join(e.recipients(h), ", "))
	hdr("Subject", mime.QEncoding.Encode("utf-8", oneLine(o.subject)))
	date := o.date
	if date.IsZero() {
		date = e.opts.Clock.Now()
	}
	hdr("Date", date.UTC().Format(time.RFC1123Z))
	hdr("Message-ID", o.messageID)
	if o.inReplyTo != "" {
		hdr("In-Reply-To", o.inReplyTo)
		hdr("References", o.inReplyTo)
	}
	hdr("X-Handoff-Id", mime.QEncoding.Encode("utf-8", h.ID))
	if len(h.Triggers) > 0 {
		hdr("X-Handoff-Triggers", mime.QEncoding.Encode("utf-8", strings.Join(h.Triggers, ", ")))
	}
	if o.priority != "" {
		hdr("X-Priority", o.priority)
	}
	hdr("MIME-Version", "1.0")
	switch e.cfg.Format {
	case "text":
		writePart(&b, "text/plain", o.text)
	case "html":
		writePart(&b, "text/html", htmlDoc(o.html))
	default:
		sum := sha256.Sum256([]byte(o.messageID))
		boundary := "handoff-" + hex.EncodeToString(sum[:12])
		hdr("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
		b.WriteString("\r\n")
		b.WriteString("--" + boundary + "\r\n")
		writePart(&b, "text/plain", o.text)
		b.WriteString("\r\n--" + boundary + "\r\n")
		writePart(&b, "text/html", htmlDoc(o.html))
		b.WriteString("\r\n--" + boundary + "--\r\n")
	}
	return b.Bytes()
}

// writePart writes the Content-Type and transfer-encoding headers, a blank
// line and the quoted-printable body.
func writePart(b *bytes.Buffer, ctype, body string) {
	fmt.Fprintf(b, "Content-Type: %s; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", ctype)
	w := quotedprintable.NewWriter(b)
	w.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")))
	w.Close()
}

func htmlDoc(fragment string) string {
	return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n" + fragment + "\n</body></html>\n"
}

// bareAddress returns an email address with its local part unquoted, as
// mail.Address expects it (String quotes it again where needed): a stored
// `"a b"@example.com` (accepted before quoted local parts were refused)
// must not be quoted twice.
func bareAddress(email string) string {
	if !strings.HasPrefix(email, `"`) {
		return email
	}
	if a, err := mail.ParseAddress(email); err == nil {
		return a.Address
	}
	return email
}
