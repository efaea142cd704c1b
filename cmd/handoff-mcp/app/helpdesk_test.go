package app

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// zendeskDesk answers the Zendesk calls `helpdesk test` makes: users/me,
// ticket create, ticket update. token is the API token it accepts.
func zendeskDesk(t *testing.T, token string) (*httptest.Server, *[]string) {
	t.Helper()
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.Path)
		user, pass, _ := r.BasicAuth()
		if user != "agent@acme.com/token" || pass != token {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error": "Couldn't authenticate you"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch r.Method + " " + r.URL.Path {
		case "GET /api/v2/users/me.json":
			_, _ = io.WriteString(w, `{"user": {"id": 1, "role": "admin"}}`)
		case "POST /api/v2/tickets.json":
			var in struct {
				Ticket struct {
					Subject    string `json:"subject"`
					ExternalID string `json:"external_id"`
					Priority   string `json:"priority"`
				} `json:"ticket"`
			}
			require.NoError(t, json.NewDecoder(r.Body).Decode(&in))
			assert.Contains(t, in.Ticket.Subject, "Handoff (helpdesk_test)")
			assert.True(t, strings.HasPrefix(in.Ticket.ExternalID, "h_test_"))
			assert.Equal(t, "low", in.Ticket.Priority)
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"ticket": {"id": 4242, "requester_id": 7, "external_id": "`+in.Ticket.ExternalID+`"}}`)
		case "PUT /api/v2/tickets/4242.json":
			_, _ = io.WriteString(w, `{"ticket": {"id": 4242}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &seen
}

func zendeskConfig(t *testing.T, url, token string) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte("helpdesk:\n  type: zendesk\n  zendesk:\n    base_url: "+url+
		"\n    email: agent@acme.com\n    api_token: ${TOKEN}\n"), func(k string) (string, bool) { return token, k == "TOKEN" })
	require.NoError(t, err)
	return cfg
}

func TestHelpdeskTestCommand(t *testing.T) {
	tests := []struct {
		name     string
		token    string
		keep     bool
		wantErr  bool
		want     []string
		wantCall []string
	}{
		{name: "delivered and closed", token: "right-token",
			want:     []string{"Helpdesk:  zendesk", "Status:    available", "Delivered: in", "remote id: 4242", "url:       {url}/agent/tickets/4242", "Message:   relayed in", "Closed:    in", "OK"},
			wantCall: []string{"GET /api/v2/users/me.json", "POST /api/v2/tickets.json", "PUT /api/v2/tickets/4242.json", "PUT /api/v2/tickets/4242.json"}},
		{name: "kept open", token: "right-token", keep: true,
			want:     []string{"remote id: 4242", "Message:   relayed in", "Kept:", "OK"},
			wantCall: []string{"GET /api/v2/users/me.json", "POST /api/v2/tickets.json", "PUT /api/v2/tickets/4242.json"}},
		{name: "wrong token", token: "wrong-token", wantErr: true,
			want: []string{"Status:    unavailable", "Failed:    after", "401 Unauthorized", "check helpdesk.zendesk.email and api_token",
				"permanent: a configuration error; retrying cannot help"},
			wantCall: []string{"GET /api/v2/users/me.json", "POST /api/v2/tickets.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			desk, calls := zendeskDesk(t, "right-token")
			cfg := zendeskConfig(t, desk.URL, tt.token)
			conn, err := cfg.BuildConnector(helpdesk.Options{})
			require.NoError(t, err)
			var out bytes.Buffer
			err = RunHelpdeskTest(context.Background(), &out, cfg.Helpdesk, conn, HelpdeskTest{Keep: tt.keep, Clock: clocktest.NewFake(time.Unix(0, 0))})
			if tt.wantErr {
				require.ErrorIs(t, err, ErrHelpdeskTest)
			} else {
				require.NoError(t, err)
			}
			for _, w := range tt.want {
				assert.Contains(t, out.String(), strings.ReplaceAll(w, "{url}", desk.URL))
			}
			assert.NotContains(t, out.String(), tt.token, "no secret in the output")
			assert.Equal(t, tt.wantCall, *calls)
		})
	}
	t.Run("inbox", func(t *testing.T) {
		cfg := config.Default()
		conn, err := cfg.BuildConnector(helpdesk.Options{})
		require.NoError(t, err)
		var out bytes.Buffer
		require.NoError(t, RunHelpdeskTest(context.Background(), &out, cfg.Helpdesk, conn, HelpdeskTest{}))
		assert.Contains(t, out.String(), "not_configured")
		assert.Contains(t, out.String(), "Nothing to send")
	})
}

func TestPrintHelpdeskStatus(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var out bytes.Buffer
	require.NoError(t, PrintHelpdeskStatus(&out,
		handoff.HelpdeskStatus{Connector: "zendesk", Status: handoff.HelpdeskUnavailable, CheckedAt: now, Error: "zendesk: 401 Unauthorized: check helpdesk.zendesk.email and api_token"},
		handoff.DeliveryStats{Counts: map[handoff.DeliveryState]int{handoff.DeliveryPending: 2, handoff.DeliveryDone: 40, handoff.DeliveryFailed: 1},
			OldestPending: now.Add(-3 * time.Minute), NextDue: now.Add(20 * time.Second)},
		[]handoff.Delivery{{Subject: "h_1", Kind: handoff.DeliveryOpen, Permanent: true, Attempts: 1, UpdatedAt: now,
			LastError: "zendesk: 401 Unauthorized: check helpdesk.zendesk.email and api_token"}},
		now))
	for _, w := range []string{
		"Helpdesk:  zendesk", "Status:    unavailable (checked 2026-03-02T09:00:00Z)", "error:   zendesk: 401",
		"Outbox:    2 pending, 40 done, 1 failed, 0 cancelled", "oldest pending: enqueued 3m ago", "next attempt:   in 20s",
		"h_1  open    2026-03-02T09:00:00Z  configuration error: zendesk: 401",
	} {
		assert.Contains(t, out.String(), w)
	}
}

// A helpdesk that opens tickets but refuses the user's later messages fails
// the test, naming the permissions: relays would be lost otherwise.
func TestHelpdeskTestRelaysAMessage(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		switch r.Method + " " + r.URL.Path {
		case "POST /api/v1/conversations":
			_, _ = io.WriteString(w, `{"status":"success","data":{"id":7,"uuid":"u-7","reference_number":"100007"}}`)
		case "POST /api/v1/conversations/u-7/messages":
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"status":"error","message":"Permission denied","data":null}`)
		case "GET /api/v1/inboxes":
			_, _ = io.WriteString(w, `{"status":"success","data":[{"id":1,"name":"Support","channel":"email","enabled":true}]}`)
		case "GET /api/v1/tags":
			_, _ = io.WriteString(w, `{"status":"success","data":[{"id":1,"name":"helpdesk_test"}]}`)
		case "GET /api/v1/custom-attributes":
			_, _ = io.WriteString(w, `{"status":"success","data":[]}`)
		default:
			_, _ = io.WriteString(w, `{"status":"success","data":{"id":1}}`)
		}
	}))
	t.Cleanup(srv.Close)
	cfg, err := config.Parse([]byte("helpdesk:\n  type: libredesk\n  libredesk:\n    base_url: "+srv.URL+
		"\n    api_key: ld_key\n    api_secret: ld-secret-for-tests\n    inbox_id: 1\n"), func(string) (string, bool) { return "", false })
	require.NoError(t, err)
	conn, err := cfg.BuildConnector(helpdesk.Options{})
	require.NoError(t, err)
	var out bytes.Buffer
	err = RunHelpdeskTest(context.Background(), &out, cfg.Helpdesk, conn, HelpdeskTest{Triggers: []string{"explicit_request"}})
	require.ErrorIs(t, err, ErrHelpdeskTest)
	assert.Contains(t, out.String(), "Status:    available")
	assert.Contains(t, out.String(), "Setup:     2 thing(s) the helpdesk would silently drop")
	assert.Contains(t, out.String(), "custom attribute handoff_id does not exist")
	assert.Contains(t, out.String(), "these tags do not exist, so Libredesk drops them from conversations: explicit_request")
	assert.Contains(t, out.String(), "Delivered: in")
	assert.Contains(t, out.String(), "Message:   failed after")
	assert.Contains(t, out.String(), "403 Forbidden")
	assert.Contains(t, out.String(), "messages:write_as_contact")
	assert.Contains(t, out.String(), "permanent: a configuration error")
	assert.NotContains(t, seen, "PUT /api/v1/conversations/u-7/status", "the test ticket stays open to look at")
}
