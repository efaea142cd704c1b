package helpdesk

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// httpConnector builds one HTTP connector against base, with secret as its
// credential; hint is what a 401 tells the admin to check.
type httpConnector struct {
	name   string
	secret string
	hint   string
	config func(base string) Config
}

func httpConnectors() []httpConnector {
	return []httpConnector{
		{"zendesk", zdToken, "helpdesk.zendesk.email and api_token", zendeskConfig},
		{"freshdesk", fdKey, "helpdesk.freshdesk.api_key", freshdeskConfig},
		{"intercom", icToken, "helpdesk.intercom.access_token", intercomConfig},
		{"chatwoot", cwToken, "helpdesk.chatwoot.api_access_token", chatwootConfig},
		{"livechat", lcToken, "helpdesk.livechat.account_id and token", livechatConfig},
		{"libredesk", ldSecret, "helpdesk.libredesk.api_key and api_secret", libredeskConfig},
		{"webhook", whSecret, "helpdesk.webhook.username and password", webhookConfig},
	}
}

// TestErrorClassification drives every HTTP connector's Open into each kind
// of failure and checks the kind, the delay, the message and that no secret
// leaks into the error or the logs.
func TestErrorClassification(t *testing.T) {
	httpDate := testNow.Add(90 * time.Second).Format(http.TimeFormat)
	cases := []struct {
		name       string
		status     int
		header     map[string]string
		body       string
		kind       handoff.ErrorKind
		retryAfter time.Duration
		contains   []string
	}{
		{"401 unauthorized", 401, nil, `{"error":"Couldn't authenticate you"}`, handoff.KindPermanent, 0, []string{"401 Unauthorized", "check "}},
		{"403 forbidden", 403, nil, `{"message":"Forbidden"}`, handoff.KindPermanent, 0, []string{"403 Forbidden"}},
		{"404 not found", 404, nil, `{"error":"InvalidEndpoint","description":"Not found"}`, handoff.KindPermanent, 0, []string{"404 Not Found", "check "}},
		{"422 validation", 422, nil, `{"error":"RecordInvalid","description":"Record validation errors","details":{"requester":[{"description":"Requester: Email is invalid"}]}}`, handoff.KindPermanent, 0, []string{"422", "Record validation errors"}},
		{"400 field errors", 400, nil, `{"description":"Validation failed","errors":[{"field":"email","message":"It should be in the 'valid email address' format","code":"invalid_value"}]}`, handoff.KindPermanent, 0, []string{"400", "email: It should be"}},
		{"429 retry-after seconds", 429, map[string]string{"Retry-After": "30"}, `{"error":"APIRateLimitExceeded"}`, handoff.KindTransient, 30 * time.Second, []string{"429"}},
		{"429 retry-after date", 429, map[string]string{"Retry-After": httpDate}, ``, handoff.KindTransient, 90 * time.Second, []string{"429"}},
		{"429 vendor reset header", 429, map[string]string{"X-RateLimit-Reset": "1741944660"}, ``, handoff.KindTransient, 60 * time.Second, []string{"429"}},
		{"500", 500, nil, `<html>oops</html>`, handoff.KindTransient, 0, []string{"500 Internal Server Error"}},
		{"503 with retry", 503, map[string]string{"Retry-After": "5"}, `{"message":"maintenance"}`, handoff.KindTransient, 5 * time.Second, []string{"503", "maintenance"}},
	}
	for _, c := range httpConnectors() {
		for _, tc := range cases {
			t.Run(c.name+"/"+tc.name, func(t *testing.T) {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					for k, v := range tc.header {
						w.Header().Set(k, v)
					}
					w.WriteHeader(tc.status)
					// A careless remote echoing the credential must not leak it.
					io.WriteString(w, strings.Replace(tc.body, "Forbidden", "Forbidden for "+c.secret, 1))
				}))
				defer srv.Close()
				logs, log := logBuffer()
				conn := mustNew(t, c.config(srv.URL), log)
				_, err := conn.Open(ctx(t), sampleHandoff())
				require.Error(t, err)
				assert.Equal(t, tc.kind, handoff.KindOf(err), err.Error())
				assert.Equal(t, tc.retryAfter, handoff.RetryAfterOf(err))
				msg := err.Error()
				assert.Contains(t, msg, c.name+":")
				mustContainAll(t, msg, tc.contains...)
				if tc.status == 401 {
					assert.Contains(t, msg, c.hint)
				}
				assert.NotContains(t, msg, c.secret)
				assert.NotContains(t, logs.String(), c.secret)
			})
		}
		t.Run(c.name+"/timeout", func(t *testing.T) {
			block := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-block:
				}
			}))
			defer srv.Close()
			defer close(block)
			cfg := c.config(srv.URL)
			cfg.Timeout = 20 * time.Millisecond
			_, err := mustNew(t, cfg, nopLog()).Open(ctx(t), sampleHandoff())
			require.Error(t, err)
			assert.Equal(t, handoff.KindTransient, handoff.KindOf(err), err.Error())
			assert.Contains(t, err.Error(), "timed out")
		})
		t.Run(c.name+"/connection refused", func(t *testing.T) {
			srv := httptest.NewServer(http.NotFoundHandler())
			url := srv.URL
			srv.Close()
			_, err := mustNew(t, c.config(url), nopLog()).Open(ctx(t), sampleHandoff())
			require.Error(t, err)
			assert.Equal(t, handoff.KindTransient, handoff.KindOf(err), err.Error())
		})
	}
}

func TestRedactURLErrorHidesPathAndQuery(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	cfg := webhookConfig(url + "/hooks/T000/B000/secret-path-token?key=query-token")
	_, err := mustNew(t, cfg, nopLog()).Open(ctx(t), sampleHandoff())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "secret-path-token")
	assert.NotContains(t, err.Error(), "query-token")
	assert.Contains(t, err.Error(), url)
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
	}{
		{"none", http.Header{}, 0},
		{"seconds", http.Header{"Retry-After": {"120"}}, 2 * time.Minute},
		{"date", http.Header{"Retry-After": {testNow.Add(45 * time.Second).Format(http.TimeFormat)}}, 45 * time.Second},
		{"past date", http.Header{"Retry-After": {testNow.Add(-time.Hour).Format(http.TimeFormat)}}, 0},
		{"garbage", http.Header{"Retry-After": {"soon"}}, 0},
		{"ratelimit-reset seconds", http.Header{"Ratelimit-Reset": {"7"}}, 7 * time.Second},
		{"x-ratelimit-reset unix", http.Header{"X-Ratelimit-Reset": {"1741944610"}}, 10 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, retryAfter(tt.header, testNow))
		})
	}
}
