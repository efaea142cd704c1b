package helpdesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// SalesIQConfig configures the Zoho SalesIQ connector: the handoff opens a
// conversation in SalesIQ as the visitor (the Visitor API, which needs an
// Org OAuth token), relays the user's messages into it and closes it.
type SalesIQConfig struct {
	// Region is the Zoho data centre of the account: com (default), eu,
	// in, com.au or jp. It picks https://accounts.zoho.<region> for OAuth
	// and https://salesiq.zoho.<region> for the API.
	Region string `yaml:"region"`
	// AccountsURL and BaseURL override the two URLs Region derives (a
	// proxy, a test).
	AccountsURL string `yaml:"accounts_url"`
	BaseURL     string `yaml:"base_url"`
	// ScreenName is the portal's screen name, the part of the dashboard
	// URL after salesiq.zoho.com/ ("zylker").
	ScreenName string `yaml:"screen_name"`
	// AppID is the brand (app) the conversations open in.
	AppID string `yaml:"app_id"`
	// DepartmentID is the department conversations open in unless a route
	// names another as group_id.
	DepartmentID string `yaml:"department_id"`
	// ClientID, ClientSecret and RefreshToken are the Self Client's (API
	// Console) credentials and its refresh token, created with the scopes
	// SalesIQ.conversations.CREATE and SalesIQ.conversations.UPDATE.
	ClientID     string         `yaml:"client_id"`
	ClientSecret handoff.Secret `yaml:"client_secret"`
	RefreshToken handoff.Secret `yaml:"refresh_token"`
	// CustomWaitTime is how long, in seconds, the conversation rings in
	// the operators' window (SalesIQ's custom_wait_time, at most 999; 0
	// leaves SalesIQ's default).
	CustomWaitTime int `yaml:"custom_wait_time"`
	// WebhookPublicKey is the public key SalesIQ generated for the webhook
	// (POST /api/v2/{screen_name}/webhooks/{id}/keys), PEM or base64 DER.
	// SalesIQ signs each event with the private key (SHA256withRSA, base64,
	// header x-siqsignature). Empty turns inbound events off.
	WebhookPublicKey handoff.Secret `yaml:"webhook_public_key"`
	Routing          `yaml:",inline"`
}

var salesIQRegions = []string{"com", "eu", "in", "com.au", "jp"}

func (c *SalesIQConfig) validate() error {
	if err := oneOf("salesiq.region", &c.Region, "com", salesIQRegions...); err != nil {
		return err
	}
	var err error
	if c.AccountsURL == "" {
		c.AccountsURL = "https://accounts.zoho." + c.Region
	}
	if c.AccountsURL, err = requireURL("salesiq.accounts_url", c.AccountsURL, "https://accounts.zoho.eu"); err != nil {
		return err
	}
	if c.BaseURL == "" {
		c.BaseURL = "https://salesiq.zoho." + c.Region
	}
	if c.BaseURL, err = requireURL("salesiq.base_url", c.BaseURL, "https://salesiq.zoho.eu"); err != nil {
		return err
	}
	c.ScreenName = strings.TrimSpace(c.ScreenName)
	if c.ScreenName == "" || strings.ContainsAny(c.ScreenName, "/?# ") {
		return errors.New("salesiq.screen_name: set the portal's screen name, like zylker for https://salesiq.zoho.com/zylker")
	}
	if !numericID(c.AppID) {
		return errors.New("salesiq.app_id: set the numeric id of the brand (app) conversations open in")
	}
	if !numericID(c.DepartmentID) {
		return errors.New("salesiq.department_id: set the numeric id of the department conversations open in (Settings > Departments)")
	}
	if strings.TrimSpace(c.ClientID) == "" {
		return errors.New("salesiq.client_id: set the client id of the Self Client in the Zoho API Console")
	}
	if !c.ClientSecret.IsSet() {
		return errors.New("salesiq.client_secret: set the Self Client's secret, like ${ZOHO_CLIENT_SECRET}")
	}
	if !c.RefreshToken.IsSet() {
		return errors.New("salesiq.refresh_token: set a refresh token with the scopes SalesIQ.conversations.CREATE,SalesIQ.conversations.UPDATE, like ${ZOHO_REFRESH_TOKEN}")
	}
	if c.CustomWaitTime < 0 || c.CustomWaitTime > 999 {
		return errors.New("salesiq.custom_wait_time: use 0 to 999 seconds")
	}
	if len(c.Priorities) > 0 {
		return errors.New("salesiq.priorities: SalesIQ conversations have no priority; remove the table (the priority is shown in the conversation)")
	}
	return c.Routing.validate("salesiq", []string{"group_id"}, nil)
}

func numericID(s string) bool {
	_, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	return err == nil
}

// SalesIQ opens a SalesIQ conversation per handoff as the visitor, with
// the handoff text as the visitor's question.
type SalesIQ struct {
	cfg    SalesIQConfig
	api    api
	tokens *zohoTokens
}

var _ handoff.Connector = (*SalesIQ)(nil)

func newSalesIQ(cfg SalesIQConfig, timeout time.Duration, o Options) *SalesIQ {
	s := &SalesIQ{cfg: cfg, tokens: &zohoTokens{
		url: cfg.AccountsURL + "/oauth/v2/token", clientID: cfg.ClientID, secret: cfg.ClientSecret.Value(),
		refresh: cfg.RefreshToken.Value(), client: o.HTTPClient, timeout: timeout, now: o.Clock.Now,
	}}
	s.api = api{
		name: TypeSalesIQ, base: cfg.BaseURL, client: o.HTTPClient, timeout: timeout, now: o.Clock.Now, log: o.Logger,
		hints: hints{
			auth:     "helpdesk.salesiq.client_id, client_secret, refresh_token and region",
			perm:     "the refresh token lacks a scope: it needs SalesIQ.conversations.CREATE and SalesIQ.conversations.UPDATE, from an Org OAuth client",
			notFound: "helpdesk.salesiq.screen_name, app_id, department_id and region",
		},
		secrets: []string{cfg.ClientSecret.Value(), cfg.RefreshToken.Value()},
	}
	return s
}

// Name returns "salesiq".
func (s *SalesIQ) Name() string { return TypeSalesIQ }

// call sends one API request with a current access token; a 401 drops the
// token so the next attempt refreshes it.
func (s *SalesIQ) call(ctx context.Context, method, path string, in, out any) error {
	tok, err := s.tokens.get(ctx)
	if err != nil {
		return err
	}
	_, err = s.api.call(ctx, method, path, nil, http.Header{"Authorization": {"Zoho-oauthtoken " + tok}}, in, out)
	if statusOf(err) == http.StatusUnauthorized {
		s.tokens.drop(tok)
	}
	return err
}

func (s *SalesIQ) conversations() string {
	return "/api/visitor/v1/" + url.PathEscape(s.cfg.ScreenName) + "/conversations"
}

// Open opens the conversation: the visitor is the user (user_id derived
// from the bot conversation), the question is the handoff text with the
// transcript, customer_info carries the handoff id and reference, and the
// department comes from the route (group_id) or department_id. SalesIQ
// takes no idempotency key and the Visitor API cannot be searched by our
// id, so there is no Find.
func (s *SalesIQ) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	dept := s.cfg.DepartmentID
	if t := s.cfg.Routing.target(h); t.GroupID != 0 {
		dept = strconv.FormatInt(t.GroupID, 10)
	}
	userID := h.ConversationID
	if userID == "" {
		userID = h.ID
	}
	visitor := map[string]string{"user_id": userID, "name": displayName(h.Contact)}
	if h.Contact.Email != "" {
		visitor["email"] = h.Contact.Email
	}
	if h.Contact.Phone != "" {
		visitor["phone"] = h.Contact.Phone
	}
	body := map[string]any{
		"app_id": s.cfg.AppID, "department_id": dept, "question": Text(h), "visitor": visitor,
		"customer_info": map[string]string{"handoff_id": h.ID, "handoff_reference": Reference(h)},
	}
	if s.cfg.CustomWaitTime > 0 {
		body["custom_wait_time"] = s.cfg.CustomWaitTime
	}
	var out struct {
		Data struct {
			ID          string `json:"id"`
			ChatID      string `json:"chat_id"`
			ReferenceID string `json:"reference_id"`
		} `json:"data"`
	}
	if err := s.call(ctx, http.MethodPost, s.conversations(), body, &out); err != nil {
		return handoff.Receipt{}, fmt.Errorf("opening salesiq conversation for handoff %s: %w", h.ID, err)
	}
	if out.Data.ID == "" {
		return handoff.Receipt{}, handoff.Transient(fmt.Errorf("salesiq: opening the conversation for handoff %s answered without data.id", h.ID), 0)
	}
	s.api.log.Info().Str("handoff_id", h.ID).Str("remote_id", out.Data.ID).Str("department_id", dept).Str("email", maskEmail(h.Contact.Email)).Msg("salesiq conversation opened")
	meta := map[string]string{"department_id": dept}
	if out.Data.ChatID != "" {
		meta["chat_id"] = out.Data.ChatID
	}
	if out.Data.ReferenceID != "" {
		meta["reference_id"] = out.Data.ReferenceID
	}
	return handoff.Receipt{RemoteID: out.Data.ID, Meta: meta}, nil
}

func (s *SalesIQ) message(ctx context.Context, h handoff.Handoff, text string) error {
	if h.RemoteID == "" {
		return handoff.Permanent(fmt.Errorf("salesiq: handoff %s has no conversation id yet", h.ID))
	}
	return s.call(ctx, http.MethodPost, s.conversations()+"/"+url.PathEscape(h.RemoteID)+"/messages", map[string]string{"text": text}, nil)
}

// AddMessage sends the user's message as the visitor's.
func (s *SalesIQ) AddMessage(ctx context.Context, h handoff.Handoff, m handoff.Message) error {
	if err := s.message(ctx, h, messageText(h, m)); err != nil {
		return fmt.Errorf("adding message %d to salesiq conversation %s: %w", m.Seq, h.RemoteID, err)
	}
	return nil
}

// Close tells the operator why (as the visitor's last message) and ends
// the conversation from the visitor's side.
func (s *SalesIQ) Close(ctx context.Context, h handoff.Handoff, reason string) error {
	if err := s.message(ctx, h, closeText(h, reason)); err != nil {
		return fmt.Errorf("closing salesiq conversation %s: %w", h.RemoteID, err)
	}
	path := "/visitor/v2/" + url.PathEscape(s.cfg.ScreenName) + "/conversations/" + url.PathEscape(h.RemoteID) + "/close"
	if err := s.call(ctx, http.MethodPost, path, nil, nil); err != nil {
		return fmt.Errorf("closing salesiq conversation %s: %w", h.RemoteID, err)
	}
	return nil
}

// Check refreshes the access token: it proves the client, secret, refresh
// token and region. (The scopes show on the first Open.)
func (s *SalesIQ) Check(ctx context.Context) error {
	s.tokens.drop("")
	_, err := s.tokens.get(ctx)
	return err
}

// zohoTokens turns the refresh token into access tokens (valid an hour)
// and caches the current one.
type zohoTokens struct {
	url, clientID, secret, refresh string
	client                         *http.Client
	timeout                        time.Duration
	now                            func() time.Time

	mu      sync.Mutex // protects the fields below
	token   string
	expires time.Time
}

// get returns a current access token, refreshing it a minute before it
// expires.
func (z *zohoTokens) get(ctx context.Context) (string, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.token != "" && z.now().Before(z.expires.Add(-time.Minute)) {
		return z.token, nil
	}
	form := url.Values{"grant_type": {"refresh_token"}, "client_id": {z.clientID}, "client_secret": {z.secret}, "refresh_token": {z.refresh}}
	if z.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, z.timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, z.url, strings.NewReader(form.Encode()))
	if err != nil {
		return "", handoff.Permanent(fmt.Errorf("salesiq: building the token request: %s", redactURLError(err)))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := z.client.Do(req)
	if err != nil {
		return "", handoff.Transient(fmt.Errorf("salesiq: refreshing the access token: %s", scrub(redactURLError(err), z.secret, z.refresh)), 0)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var out struct {
		AccessToken string  `json:"access_token"`
		ExpiresIn   float64 `json:"expires_in"`
		Error       string  `json:"error"`
	}
	_ = json.Unmarshal(raw, &out)
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return "", handoff.Transient(fmt.Errorf("salesiq: refreshing the access token: %s answered %d", z.url, resp.StatusCode), 0)
	case out.Error != "" || resp.StatusCode != http.StatusOK || out.AccessToken == "":
		// Zoho answers 200 with {"error": "invalid_code"} for a revoked or
		// unknown refresh token, and invalid_client for the wrong region.
		why := out.Error
		if why == "" {
			why = fmt.Sprintf("status %d without access_token", resp.StatusCode)
		}
		return "", handoff.Permanent(fmt.Errorf("salesiq: refreshing the access token: %s; check helpdesk.salesiq.client_id, client_secret, refresh_token and region (the accounts server must be the account's data centre)", scrub(why, z.secret, z.refresh)))
	}
	if out.ExpiresIn <= 0 {
		out.ExpiresIn = 3600
	}
	z.token, z.expires = out.AccessToken, z.now().Add(time.Duration(out.ExpiresIn)*time.Second)
	return z.token, nil
}

// drop forgets tok (any token when tok is empty) so the next get refreshes.
func (z *zohoTokens) drop(tok string) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if tok == "" || z.token == tok {
		z.token = ""
	}
}

// TypeSalesIQ is the type name of Zoho SalesIQ.
const TypeSalesIQ = "salesiq"

// Delivery guarantee: none: the Visitor API takes no idempotency key and
// cannot be searched by our id, so a retry after an unknown outcome may
// open a second conversation.
func init() {
	Register(Spec{
		Type: TypeSalesIQ, Section: "salesiq",
		NewSection: func() any { return new(SalesIQConfig) },
		Validate:   func(c *Config) error { return EditSection(c, (*SalesIQConfig).validate) },
		New: func(c Config, o Options) handoff.Connector {
			return newSalesIQ(Section[SalesIQConfig](c), c.Timeout, o)
		},
		Inbound: &Inbound{
			Secret: func(c Config) (handoff.Secret, string) {
				return Section[SalesIQConfig](c).WebhookPublicKey, "salesiq.webhook_public_key"
			},
			Validate: func(c *Config) error { return EditSection(c, (*SalesIQConfig).validateInbound) },
			Source:   newSalesIQEvents,
		},
		Example: func() Config {
			return ConfigFor(SalesIQConfig{ScreenName: "zylker", AppID: "1", DepartmentID: "2",
				ClientID: "1000.ABC", ClientSecret: "secret", RefreshToken: "1000.refresh"})
		},
	})
}
