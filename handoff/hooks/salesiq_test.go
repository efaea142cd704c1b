package hooks

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

const salesiqConv = "siq049749fab02b8b2370f667ef9f3e43dbc59f4f0312ef642392"

// The test key pair stands in for the one SalesIQ generates per webhook:
// events are signed with the private half, the connector holds the public
// half (PEM, as SalesIQ's key API returns it).
var salesiqKeys = sync.OnceValues(func() (*rsa.PrivateKey, *rsa.PrivateKey) {
	k1, err1 := rsa.GenerateKey(rand.Reader, 2048)
	k2, err2 := rsa.GenerateKey(rand.Reader, 2048)
	if err1 != nil || err2 != nil {
		panic("generating test keys")
	}
	return k1, k2
})

func salesiqPublicPEM(k *rsa.PrivateKey) string {
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// salesiqSign is SHA256withRSA over the body, base64, as SalesIQ documents.
func salesiqSign(k *rsa.PrivateKey, body []byte) string {
	sum := sha256.Sum256(body)
	sig, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, sum[:])
	if err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(sig)
}

func salesiqVendor() vendor {
	key, other := salesiqKeys()
	pub := salesiqPublicPEM(key)
	return vendor{
		connector: "salesiq",
		cfg: helpdesk.ConfigFor(helpdesk.SalesIQConfig{
			ScreenName: "zylker", AppID: "40526000000002040", DepartmentID: "40526000000002013",
			ClientID: "1000.ABC", ClientSecret: "zoho-secret", RefreshToken: "1000.refresh", WebhookPublicKey: handoff.Secret(pub),
		}),
		secret: pub,
		sign: func(body []byte, secret string, _ time.Time) *http.Request {
			h := http.Header{}
			switch secret {
			case "":
			case pub:
				h.Set("x-siqsignature", salesiqSign(key, body))
			default: // someone else's key
				h.Set("x-siqsignature", salesiqSign(other, body))
			}
			return post("salesiq", body, h)
		},
		// The events carry their own times; a redelivery (sent later)
		// differs only in attempt.
		fill: func(t *testing.T, name, _ string, at time.Time) []byte {
			b, err := os.ReadFile(filepath.Join("testdata", name))
			require.NoError(t, err)
			attempt := "1"
			if at.After(testNow) {
				attempt = "2"
			}
			return []byte(strings.ReplaceAll(string(b), "__ATTEMPT__", attempt))
		},
		signsBody: true,
		message:   "salesiq/operator_replied.json",
		want: Event{
			Connector: "salesiq", ID: "salesiq:conversation.operator.replied:40526000001808033:20260314T092910.000",
			Kind: handoff.AgentMessage, Topic: "conversation.operator.replied", RemoteID: salesiqConv,
			AgentName: "Patricia", Text: "Hi Jane, I have refunded the second charge.", At: time.UnixMilli(1773480550000),
		},
		unused:  "salesiq/rated.json",
		private: []string{"jane.doe@example.com", "refunded"},
	}
}

func TestSalesIQContract(t *testing.T) { testContract(t, salesiqVendor()) }

func TestSalesIQEvents(t *testing.T) {
	v := salesiqVendor()
	ev := func(id string, k handoff.AgentEventKind, topic, agent string, ms int64) Event {
		return Event{Connector: "salesiq", ID: id, Kind: k, Topic: topic, RemoteID: salesiqConv, AgentName: agent, At: time.UnixMilli(ms)}
	}
	testEvents(t, v, []eventCase{
		{name: "operator replied", payload: "salesiq/operator_replied.json", want: v.want},
		{name: "attended: joined", payload: "salesiq/attender_updated.json",
			want: ev("salesiq:conversation.attender.updated:40526000001808033:20260314T092840.000", handoff.AgentJoined, "conversation.attender.updated", "Patricia", 1773480520000)},
		{name: "completed: closed", payload: "salesiq/completed.json",
			want: ev("salesiq:conversation.completed:40526000001808033:20260314T092940.000", handoff.AgentClosed, "conversation.completed", "", 1773480580000)},
		{name: "missed: closed", payload: "salesiq/missed.json",
			want: ev("salesiq:conversation.missed:40526000001808033:20260314T092950.000", handoff.AgentClosed, "conversation.missed", "", 1773480590000)},
		{name: "a bot's message is ignored", payload: "salesiq/operator_replied_bot.json", reason: "a bot's message"},
		{name: "a conversation the Visitor API did not open", payload: "salesiq/not_ours.json", reason: "no visitor_conversation_id"},
		{name: "rated: not used", payload: "salesiq/rated.json", reason: "event not used"},
		{name: "two days old: stale", payload: "salesiq/operator_replied_old.json", status: http.StatusUnauthorized},
	})
}

// A replay of a captured event within the Deduper's memory is a
// duplicate even with a new attempt number; one older than MaxAge is
// refused outright (TestSalesIQEvents, "two days old").
func TestSalesIQReplay(t *testing.T) {
	v := salesiqVendor()
	f := newFixture(t, v.cfg)
	require.Equal(t, http.StatusOK, f.serve(v.request(t, v.message, v.secret, testNow)).Code)
	w := f.serve(v.request(t, v.message, v.secret, testNow.Add(time.Hour)))
	assert.JSONEq(t, `{"status":"duplicate"}`, w.Body.String())
	assert.Len(t, f.sink.got(), 1)
}
