package helpdesk

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
)

const (
	siqClientSecret = "zoho-client-secret-7781"
	siqRefresh      = "1000.refresh-token-secret.4c1e"
	siqConv         = "siq049749fab02b8b2370f667ef9f3e43dbc59f4f0312ef642392"
	siqConvPath     = "/api/visitor/v1/zylker/conversations"
)

func salesiqConfig(base string) Config {
	return ConfigFor(SalesIQConfig{
		Region: "eu", AccountsURL: base, BaseURL: base, ScreenName: "zylker",
		AppID: "466756000000002043", DepartmentID: "466756000000002013",
		ClientID: "1000.QVF8O5MXFUYATAQGJKEWUXJKZH7OOE", ClientSecret: siqClientSecret, RefreshToken: siqRefresh,
		CustomWaitTime: 120,
		Routing:        Routing{Routes: map[string]map[string]Target{"team": {"billing": {GroupID: 466756000000002099}}}},
	})
}

// salesiqFake answers the documented token, open, message and close calls.
func salesiqFake(t *testing.T) *fake {
	f := newFake(t)
	f.on("POST /oauth/v2/token", reply(200, `{"access_token":"1000.access-1","expires_in":3600,"api_domain":"https://www.zohoapis.eu","token_type":"Bearer"}`))
	f.on("POST "+siqConvPath, reply(200, `{"url":"/api/visitor/v1/zylker/conversations","object":"conversations","data":{"id":"`+siqConv+`","chat_id":"LD_1310810914844698785_174759016","reference_id":"951"}}`))
	f.on("POST "+siqConvPath+"/"+siqConv+"/messages", reply(200, `{"object":"message","data":{"id":"m1"}}`))
	f.on("POST /visitor/v2/zylker/conversations/"+siqConv+"/close", reply(200, `{"object":"conversations","data":{"id":"`+siqConv+`","end_time":"1741944600000"}}`))
	return f
}

func TestSalesIQRegionDefaults(t *testing.T) {
	c := ConfigFor(SalesIQConfig{Region: "in", ScreenName: "zylker", AppID: "1", DepartmentID: "2", ClientID: "c", ClientSecret: "s", RefreshToken: "r"})
	require.NoError(t, c.Validate())
	s := Section[SalesIQConfig](c)
	assert.Equal(t, "https://accounts.zoho.in", s.AccountsURL)
	assert.Equal(t, "https://salesiq.zoho.in", s.BaseURL)
	s.Region = "cn"
	c.SetSection(s)
	assert.ErrorContains(t, c.Validate(), "salesiq.region: unknown value \"cn\"")
}

func TestSalesIQRequests(t *testing.T) {
	f := salesiqFake(t)
	logs, log := logBuffer()
	clk := clocktest.NewFake(testNow)
	conn, err := New(salesiqConfig(f.srv.URL), Options{Logger: log, Clock: clk})
	require.NoError(t, err)
	h := sampleHandoff()

	r, err := conn.Open(ctx(t), h)
	require.NoError(t, err)
	assert.Equal(t, handoff.Receipt{RemoteID: siqConv, Meta: map[string]string{
		"department_id": "466756000000002099", "chat_id": "LD_1310810914844698785_174759016", "reference_id": "951",
	}}, r)

	tok := f.only("POST /oauth/v2/token")
	assert.Equal(t, "application/x-www-form-urlencoded", tok.Header.Get("Content-Type"))
	form, err := url.ParseQuery(string(tok.Body))
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"grant_type": {"refresh_token"}, "client_id": {"1000.QVF8O5MXFUYATAQGJKEWUXJKZH7OOE"},
		"client_secret": {siqClientSecret}, "refresh_token": {siqRefresh},
	}, form)

	open := f.only("POST " + siqConvPath)
	assert.Equal(t, "Zoho-oauthtoken 1000.access-1", open.Header.Get("Authorization"))
	assert.Equal(t, "application/json", open.Header.Get("Content-Type"))
	body := open.JSON(t)
	assert.Equal(t, "466756000000002043", body["app_id"])
	assert.Equal(t, "466756000000002099", body["department_id"], "the route's group_id is the department")
	assert.Equal(t, float64(120), body["custom_wait_time"])
	assert.Equal(t, map[string]any{"user_id": "conv-42", "name": "Jane Doe", "email": "jane.doe@example.com", "phone": "+4915112345678"}, body["visitor"])
	assert.Equal(t, map[string]any{"handoff_id": "h_01JPA7Q3", "handoff_reference": "handoff:h_01JPA7Q3"}, body["customer_info"])
	mustContainAll(t, body["question"].(string), "My invoice shows two charges", "I want a human now.", "Reason:", "handoff:h_01JPA7Q3")

	h.RemoteID = r.RemoteID
	require.NoError(t, conn.AddMessage(ctx(t), h, handoff.Message{Seq: 4, Author: handoff.AuthorUser, Text: "Any news?"}))
	require.NoError(t, conn.Close(ctx(t), h, "user left"))
	msgs := 0
	for _, rq := range f.requests() {
		if rq.Path == siqConvPath+"/"+siqConv+"/messages" {
			msgs++
			assert.Equal(t, "Zoho-oauthtoken 1000.access-1", rq.Header.Get("Authorization"))
			assert.Contains(t, rq.JSON(t), "text")
		}
	}
	assert.Equal(t, 2, msgs, "the user's message and the close note")
	assert.Equal(t, "Zoho-oauthtoken 1000.access-1", f.only("POST /visitor/v2/zylker/conversations/"+siqConv+"/close").Header.Get("Authorization"))
	assert.Len(t, filterRoutes(f, "POST /oauth/v2/token"), 1, "the access token is cached within its hour")

	clk.Advance(59 * time.Minute) // within a minute of expiry: refreshed
	require.NoError(t, conn.AddMessage(ctx(t), h, handoff.Message{Seq: 5, Author: handoff.AuthorUser, Text: "Hello?"}))
	assert.Len(t, filterRoutes(f, "POST /oauth/v2/token"), 2)

	for _, s := range []string{siqClientSecret, siqRefresh, "1000.access-1", "jane.doe@example.com"} {
		assert.NotContains(t, logs.String(), s)
	}
}

func filterRoutes(f *fake, route string) []string {
	var out []string
	for _, r := range f.routesHit() {
		if r == route {
			out = append(out, r)
		}
	}
	return out
}

func TestSalesIQTokenErrors(t *testing.T) {
	cases := []struct {
		name      string
		status    int
		body      string
		kind      handoff.ErrorKind
		wantInErr string
	}{
		// Zoho answers 200 with an error field for a bad refresh token.
		{"revoked refresh token", 200, `{"error":"invalid_code"}`, handoff.KindPermanent, "invalid_code"},
		{"wrong data centre", 200, `{"error":"invalid_client"}`, handoff.KindPermanent, "region"},
		{"accounts down", 503, `{}`, handoff.KindTransient, "503"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(t)
			f.on("POST /oauth/v2/token", reply(c.status, c.body))
			conn := mustNew(t, salesiqConfig(f.srv.URL), nopLog())
			_, err := conn.Open(ctx(t), sampleHandoff())
			require.Error(t, err)
			assert.Equal(t, c.kind, handoff.KindOf(err))
			assert.Contains(t, err.Error(), c.wantInErr)
			assert.NotContains(t, err.Error(), siqClientSecret)
			assert.NotContains(t, err.Error(), siqRefresh)
			assert.Equal(t, []string{"POST /oauth/v2/token"}, f.routesHit(), "no API call without a token")
			require.Error(t, conn.Check(ctx(t)))
		})
	}
}

// A 401 from the API drops the cached token: the retry refreshes it.
func TestSalesIQUnauthorizedRefreshes(t *testing.T) {
	f := salesiqFake(t)
	f.on("POST "+siqConvPath, reply(401, `{"error":{"code":1008,"message":"Invalid OAuth token"}}`))
	conn := mustNew(t, salesiqConfig(f.srv.URL), nopLog())
	_, err := conn.Open(ctx(t), sampleHandoff())
	require.Error(t, err)
	assert.Equal(t, handoff.KindPermanent, handoff.KindOf(err))
	_, err = conn.Open(ctx(t), sampleHandoff())
	require.Error(t, err)
	assert.Len(t, filterRoutes(f, "POST /oauth/v2/token"), 2)
}

func TestSalesIQConfigErrors(t *testing.T) {
	base := func() SalesIQConfig { return Section[SalesIQConfig](salesiqConfig("https://x.example")) }
	cases := []struct {
		name string
		edit func(*SalesIQConfig)
		want string
	}{
		{"screen name", func(c *SalesIQConfig) { c.ScreenName = "" }, "salesiq.screen_name:"},
		{"app id", func(c *SalesIQConfig) { c.AppID = "brand" }, "salesiq.app_id:"},
		{"department", func(c *SalesIQConfig) { c.DepartmentID = "" }, "salesiq.department_id:"},
		{"refresh token", func(c *SalesIQConfig) { c.RefreshToken = "" }, "salesiq.refresh_token:"},
		{"wait time", func(c *SalesIQConfig) { c.CustomWaitTime = 1000 }, "salesiq.custom_wait_time:"},
		{"route field", func(c *SalesIQConfig) { c.DefaultRoute = Target{TeamID: 3} }, "salesiq.default_route.team_id: salesiq has no such field"},
		{"public key", func(c *SalesIQConfig) { c.WebhookPublicKey = "not a key" }, "salesiq.webhook_public_key:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := base()
			c.edit(&s)
			cfg := ConfigFor(s)
			err := cfg.Validate()
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), c.want), err.Error())
		})
	}
}
