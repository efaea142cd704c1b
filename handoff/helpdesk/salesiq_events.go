package helpdesk

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// headerSalesIQSignature carries SalesIQ's signature of the body: base64
// of an RSA (PKCS #1 v1.5) signature over SHA-256 of the UTF-8 body, made
// with the webhook's private key.
const headerSalesIQSignature = "X-Siqsignature"

// salesIQEvents verifies and parses SalesIQ webhook events. The envelope
// ({event, entity_type, entity_id, attempt, version, org_id, app_id,
// entity}) carries no signed send time, so, as for Intercom, an event
// whose conversation times are older than maxAge is refused as a replay
// and younger replays are caught by the Deduper.
type salesIQEvents struct {
	key    *rsa.PublicKey // nil when the configured key did not parse (Validate refuses that)
	maxAge time.Duration
}

func newSalesIQEvents(p InboundParams) InboundSource {
	key, _ := parseRSAPublicKey(p.Secret)
	return &salesIQEvents{key: key, maxAge: p.MaxAge}
}

// validateInbound checks that the webhook public key parses.
func (c *SalesIQConfig) validateInbound() error {
	if !c.WebhookPublicKey.IsSet() {
		return nil
	}
	if _, err := parseRSAPublicKey(c.WebhookPublicKey.Value()); err != nil {
		return fmt.Errorf("salesiq.webhook_public_key: %v; paste the public key SalesIQ generated for the webhook (PEM, or its base64 body)", err)
	}
	return nil
}

// parseRSAPublicKey reads a PEM block or the bare base64 DER of a
// SubjectPublicKeyInfo (or PKCS #1) RSA public key.
func parseRSAPublicKey(s string) (*rsa.PublicKey, error) {
	s = strings.TrimSpace(s)
	var der []byte
	if b, _ := pem.Decode([]byte(s)); b != nil {
		der = b.Bytes
	} else {
		var err error
		if der, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), "")); err != nil {
			return nil, errors.New("neither PEM nor base64")
		}
	}
	if k, err := x509.ParsePKIXPublicKey(der); err == nil {
		if rk, ok := k.(*rsa.PublicKey); ok {
			return rk, nil
		}
		return nil, errors.New("not an RSA key")
	}
	if rk, err := x509.ParsePKCS1PublicKey(der); err == nil {
		return rk, nil
	}
	return nil, errors.New("not an RSA public key")
}

// Verify checks x-siqsignature against the raw body.
func (s *salesIQEvents) Verify(r *http.Request, body []byte, _ time.Time) error {
	got := strings.TrimSpace(r.Header.Get(headerSalesIQSignature))
	if got == "" {
		return unsigned("no %s header", headerSalesIQSignature)
	}
	if s.key == nil {
		return forged("the configured public key is unusable")
	}
	sig, err := base64.StdEncoding.DecodeString(got)
	if err != nil {
		return forged("%s is not base64", headerSalesIQSignature)
	}
	sum := sha256.Sum256(body)
	if err := rsa.VerifyPKCS1v15(s.key, crypto.SHA256, sum[:], sig); err != nil {
		return forged("%s does not match the body", headerSalesIQSignature)
	}
	return nil
}

type salesIQEnvelope struct {
	Event      string        `json:"event"`
	EntityType string        `json:"entity_type"`
	EntityID   flexID        `json:"entity_id"`
	Entity     salesIQEntity `json:"entity"`
}

// salesIQEntity is the conversation object of the webhook events and of
// the conversation API's responses (the fields we use).
type salesIQEntity struct {
	ID                    flexID          `json:"id"`
	VisitorConversationID string          `json:"visitor_conversation_id"`
	Owner                 *salesIQPerson  `json:"owner"`
	Attender              *salesIQPerson  `json:"attender"`
	AttendedTime          flexTime        `json:"attended_time"`
	EndTime               flexTime        `json:"end_time"`
	MissedTime            flexTime        `json:"missed_time"`
	LastMessage           *salesIQMessage `json:"last_message_info"`
}

type salesIQPerson struct {
	ID    flexID `json:"id"`
	Name  string `json:"name"`
	IsBot bool   `json:"is_bot"`
}

type salesIQMessage struct {
	Sender  salesIQPerson `json:"sender"`
	Type    string        `json:"type"`
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
	Time flexTime `json:"time"`
}

// Parse maps conversation.operator.replied, .attender.updated, .completed
// and .missed; every other event is ignored. The conversation is matched by
// visitor_conversation_id, the id the Visitor API's Open returned.
func (s *salesIQEvents) Parse(_ *http.Request, body []byte, now time.Time) (Event, error) {
	var env salesIQEnvelope
	if err := decode(body, &env); err != nil {
		return Event{}, err
	}
	if env.Event == "" {
		return Event{}, malformed("no event")
	}
	e := env.Entity
	ev := Event{Topic: env.Event, RemoteID: cleanID(e.VisitorConversationID)}
	if env.EntityType != "" && env.EntityType != "conversation" {
		return ignore(ev, "not a conversation event"), nil
	}
	at := time.Time{}
	switch env.Event {
	case "conversation.operator.replied":
		if e.LastMessage != nil {
			at = e.LastMessage.Time.Time
		}
	case "conversation.attender.updated":
		at = e.AttendedTime.Time
	case "conversation.completed":
		at = e.EndTime.Time
	case "conversation.missed":
		at = e.MissedTime.Time
	}
	if !at.IsZero() && s.maxAge > 0 && now.Sub(at) > s.maxAge {
		return Event{}, stale("%s happened at %s, older than %s", env.Event, at.Format(time.RFC3339), s.maxAge)
	}
	// A redelivery carries a higher attempt but the same event, entity and
	// time, so the id leaves attempt out. Without a time the body's hash
	// is the id (package hooks fills it in).
	if !at.IsZero() {
		ev.ID = "salesiq:" + env.Event + ":" + string(env.EntityID) + ":" + at.UTC().Format("20060102T150405.000")
	}
	ev.At = at
	if ev.RemoteID == "" {
		return ignore(ev, "no visitor_conversation_id: not a conversation the Visitor API opened"), nil
	}
	switch env.Event {
	case "conversation.operator.replied":
		m := e.LastMessage
		if m == nil || (m.Type != "" && m.Type != "text") {
			return ignore(ev, "operator reply without a text message"), nil
		}
		if m.Sender.IsBot {
			return ignore(ev, "a bot's message"), nil
		}
		return agentMessage(ev, plainText(m.Message.Text), m.Sender.Name, "", at), nil
	case "conversation.attender.updated":
		p := e.Attender
		if p == nil {
			p = e.Owner
		}
		if p == nil || p.IsBot {
			return ignore(ev, "attended by a bot or nobody"), nil
		}
		ev.Kind, ev.AgentName = handoff.AgentJoined, strings.TrimSpace(p.Name)
		return ev, nil
	case "conversation.completed", "conversation.missed":
		ev.Kind = handoff.AgentClosed
		return ev, nil
	}
	return ignore(ev, "event not used"), nil
}
