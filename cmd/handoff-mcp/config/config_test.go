package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/store"
)

func env(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := vars[k]
		return v, ok
	}
}

func TestDefaults(t *testing.T) {
	for name, c := range map[string]*Config{
		"Default":    Default(),
		"empty file": mustParse(t, ""),
		"comments":   mustParse(t, "# nothing configured yet\n"),
	} {
		t.Run(name, func(t *testing.T) {
			assert.True(t, *c.Contact.RequireEmail)
			assert.Equal(t, 10, c.Transcript.Turns)
			assert.Equal(t, 60*time.Second, c.Timeouts.Wait)
			assert.Equal(t, 180*time.Second, c.Timeouts.Session)
			assert.Equal(t, "embedded", string(c.Classifier.Mode))
			ids := []string{}
			for _, tr := range c.Triggers {
				ids = append(ids, tr.ID)
			}
			assert.Equal(t, []string{"explicit_request", "frustration", "bot_failure", "sensitive_topic"}, ids)
			svc := c.Service()
			assert.True(t, svc.RequireEmail)
			assert.Equal(t, 500, svc.Limits.MaxTurns)
			assert.Equal(t, 3*time.Second, svc.DeliveryWait)
			assert.False(t, svc.ForwardMessages, "messages stay in the built-in inbox")
			assert.Equal(t, 20, c.Delivery.Attempts)
			assert.Equal(t, time.Minute, c.Delivery.Lease)
			assert.Equal(t, handoff.VoteVerify, svc.AgentVote)
			assert.Equal(t, 0.9, svc.VoteOverruleBelow, "the cascade's no_handoff_confidence")
			assert.True(t, svc.AllowForce)
		})
	}
}

func TestVoteAndForceKeys(t *testing.T) {
	c := mustParse(t, "classifier:\n  agent_vote: trust\n  allow_force: false\n  cascade: {no_handoff_confidence: 0.8}\n")
	svc := c.Service()
	assert.Equal(t, handoff.VoteTrust, svc.AgentVote)
	assert.False(t, svc.AllowForce)
	assert.Equal(t, 0.8, svc.VoteOverruleBelow)
}

func mustParse(t *testing.T, doc string) *Config {
	t.Helper()
	c, err := Parse([]byte(doc), env(nil))
	require.NoError(t, err)
	return c
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		env     map[string]string
		want    []string
		wantNot string // in no error
	}{
		{
			name: "unknown top-level key with its line and a suggestion",
			doc:  "transcript:\n  turns: 4\ntrigers: []\n",
			want: []string{`line 3: unknown key "trigers" in the top level; did you mean "triggers"?`},
		},
		{
			name: "unknown nested key in a list item",
			doc:  "triggers:\n  - id: human\n    description: asks for a person\n    prioritty: high\n",
			want: []string{`line 4: unknown key "prioritty" in triggers[0]; did you mean "priority"?`},
		},
		{
			name: "store.synchronous neither normal nor full",
			doc:  "store:\n  synchronous: off\n",
			want: []string{`store.synchronous: "off" is not a setting; use normal (survives a process crash) or full (survives a power loss too)`},
		},
		{
			name: "every unknown key reported at once",
			doc:  "contact:\n  requre_email: true\nserver:\n  htp: x\n",
			want: []string{`line 2: unknown key "requre_email" in contact`, `line 4: unknown key "htp" in server`},
		},
		{
			name: "unset environment variable",
			doc:  "helpdesk:\n  type: webhook\n  webhook:\n    url: https://example.com/h\n    secret: ${HOOK_SECRET}\n",
			want: []string{"line 5: environment variable HOOK_SECRET is not set"},
		},
		{
			name: "privacy patterns checked at load",
			doc:  "privacy:\n  redact:\n    kinds: [card, ssn]\n    patterns:\n      - name: customer_number\n        regex: 'CUST-(\\d+'\n      - name: anything\n        regex: '.*'\n",
			want: []string{
				`privacy.redact.kinds[1]: "ssn" is unknown; use password, iban, national_id, card`,
				`privacy.redact.patterns[0].regex: "CUST-(\\d+" is not a valid regular expression (Go RE2 syntax: no look-ahead or back-references)`,
				`privacy.redact.patterns[1].regex: ".*" matches the empty text, so it would match everywhere`,
			},
		},
		{
			name: "summary writer",
			doc:  "summary:\n  writer: gpt\n",
			want: []string{`summary.writer: "gpt" is unknown; use auto (the classifier's model where it has one) or extractive`},
		},
		{
			name: "wrong type with its line",
			doc:  "transcript:\n  turns: many\n",
			want: []string{"line 2: transcript.turns: cannot unmarshal"},
		},
		{
			name: "not a mapping",
			doc:  "- just\n- a list\n",
			want: []string{"must be a mapping"},
		},
		{
			name: "broken YAML",
			doc:  "triggers: [\n",
			want: []string{"not valid YAML"},
		},
		{
			name: "validation names the key and says what to fix",
			doc: `
triggers:
  - id: Human Request
    description: x
  - id: dup
    description: y
  - id: dup
  - id: prio
    description: z
    priority: asap
transcript:
  turns: -1
contact:
  default_region: Germany
server:
  log_level: loud
`,
			want: []string{
				`triggers[0] (Human Request).id: "Human Request" must be lower-case`,
				`triggers[2] (dup).id: "dup" is already used by triggers[1]`,
				`triggers[2] (dup): has no description`,
				`triggers[3] (prio).priority: "asap" is not a priority`,
				`transcript.turns: is -1`,
				`contact.default_region: "Germany" is not a two-letter country code`,
				`server.log_level: "loud" is not a level`,
			},
		},
		{
			name: "unknown vote policy",
			doc:  "classifier:\n  agent_vote: sometimes\n",
			want: []string{`classifier.agent_vote: "sometimes" is unknown; use ignore, verify (default) or trust`},
		},
		{
			name: "reserved trigger ids",
			doc:  "triggers:\n  - id: forced\n    description: x\n  - id: calling_model\n    description: y\n",
			want: []string{`triggers[0] (forced).id: "forced" is reserved`, `triggers[1] (calling_model).id: "calling_model" is reserved`},
		},
		{
			name: "trigger id of 65 characters (64 is the most)",
			doc:  "triggers:\n  - id: " + strings.Repeat("a", 64) + "\n    description: x\n  - id: " + strings.Repeat("b", 65) + "\n    description: y\n  - id: .a\n    description: z\n",
			want: []string{`triggers[1] (` + strings.Repeat("b", 65) + `).id: "` + strings.Repeat("b", 65) + `" must be lower-case letters, digits, _ . or -, at most 64`,
				`triggers[2] (.a).id: ".a" must be lower-case`},
			wantNot: "triggers[0]",
		},
		{
			name: "replica name",
			doc:  "server:\n  replica: Replica-1\n",
			want: []string{`server.replica: "Replica-1" is not a replica name; use 1 to 32 lower-case letters and digits`},
		},
		{
			name: "empty trigger list",
			doc:  "triggers: []\n",
			want: []string{"triggers: the list is empty"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), env(tt.env))
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			if tt.wantNot != "" {
				assert.NotContains(t, err.Error(), tt.wantNot)
			}
		})
	}
}

func TestEnvExpansion(t *testing.T) {
	doc := `
transcript:
  turns: ${TURNS}
helpdesk:
  type: webhook
  webhook:
    url: ${HOOK_URL:-https://default.example.com/hook}
    secret: "${HOOK_SECRET}"
messages:
  handoff_accepted:
    en: "Literal $${NOT_A_VAR} stays"
`
	c, err := Parse([]byte(doc), env(map[string]string{"TURNS": "7", "HOOK_SECRET": "s3cr3t: # not yaml"}))
	require.NoError(t, err)
	assert.Equal(t, 7, c.Transcript.Turns)
	wh := helpdesk.Section[helpdesk.WebhookConfig](c.Helpdesk)
	assert.Equal(t, "https://default.example.com/hook", wh.URL)
	assert.Equal(t, "s3cr3t: # not yaml", wh.Secret.Value(), "values cannot change the document's structure")
	assert.Equal(t, "Literal ${NOT_A_VAR} stays", c.Messages["handoff_accepted"]["en"])

	out, err := c.Masked()
	require.NoError(t, err)
	assert.NotContains(t, string(out), "s3cr3t")
	assert.Contains(t, string(out), "default.example.com")
}

func TestLoadNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	require.NoError(t, os.WriteFile(path, []byte("bogus: 1\n"), 0o600))
	_, err := Load(path)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), path+": line 1: unknown key"), err.Error())

	_, err = Load(filepath.Join(t.TempDir(), "missing.yaml"))
	assert.ErrorContains(t, err, "reading config")
}

func TestDeliverySection(t *testing.T) {
	c := mustParse(t, "helpdesk:\n  type: webhook\n  timeout: 2s\n  webhook:\n    url: https://example.com/h\n    secret: 0123456789abcdef0\n"+
		"delivery:\n  attempts: 7\n  backoff_base: 1s\n  backoff_max: 1m\n  lease: 10s\n  first_attempt_wait: 500ms\n")
	assert.Equal(t, 7, c.Delivery.Attempts)
	assert.Equal(t, time.Minute, c.Delivery.BackoffMax)
	assert.Equal(t, 5*time.Minute, c.Delivery.StatusInterval, "unset keys take their defaults")
	svc := c.Service()
	assert.Equal(t, 500*time.Millisecond, svc.DeliveryWait)
	assert.True(t, svc.ForwardMessages, "a remote helpdesk gets the messages left for the team")

	tests := []struct {
		name, doc string
		want      []string
	}{
		{"lease shorter than two requests", "helpdesk:\n  timeout: 20s\ndelivery:\n  lease: 30s\n",
			[]string{"delivery.lease: 30s is shorter than twice helpdesk.timeout (20s)", "at least 40s"}},
		{"several problems at once", "delivery:\n  attempts: -2\n  backoff_base: 1m\n  backoff_max: 1s\n  concurrency: 500\n",
			[]string{"delivery.attempts: is -2", "delivery.backoff_max: 1s is shorter than backoff_base 1m0s", "delivery.concurrency: is 500"}},
		{"unknown key", "delivery:\n  atempts: 3\n", []string{`unknown key "atempts" in delivery; did you mean "attempts"?`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), env(nil))
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestStoreSection(t *testing.T) {
	assert.Equal(t, store.SyncNormal, Default().Store.Synchronous)
	c, err := Parse([]byte("store:\n  synchronous: full\n"), func(string) (string, bool) { return "", false })
	require.NoError(t, err)
	assert.Equal(t, store.SyncFull, c.Store.Synchronous)
}

func TestExampleFileIsValidAndComplete(t *testing.T) {
	c, err := Load(filepath.Join("..", "..", "..", "handoff.example.yaml"))
	require.NoError(t, err)
	assert.Equal(t, Default().Delivery, c.Delivery, "the example shows the delivery defaults")
	assert.NotEmpty(t, c.Triggers)
	assert.NotEmpty(t, c.ServiceHours.Weekly, "the example shows service hours")
	assert.Equal(t, "inbox", c.Helpdesk.Type, "the example works without credentials")
	assert.Equal(t, Default().Timeouts, c.Timeouts, "the example shows the timeout defaults")
	assert.Equal(t, Default().Queue, c.Queue, "the example shows the queue defaults")
	assert.Equal(t, Default().Server, c.Server, "the example shows the server defaults")
	assert.Equal(t, Default().Summary, c.Summary, "the example shows the summary defaults")
	assert.True(t, c.Privacy.Redact.On(), "the example redacts")
	assert.Equal(t, Default().Privacy.Redact.Kinds, c.Privacy.Redact.Kinds, "the example shows the built-in kinds")
	assert.NotEmpty(t, c.Privacy.Redact.Patterns, "the example shows a builder pattern")
	assert.Equal(t, Default().Store, c.Store, "the example shows the store defaults")
	assert.Equal(t, Default().Desk.SessionTTL, c.Desk.SessionTTL, "the example shows the desk defaults")
	assert.Equal(t, Default().Desk.LoginAttempts, c.Desk.LoginAttempts)
	assert.Equal(t, Default().Desk.LoginWindow, c.Desk.LoginWindow)
	assert.Equal(t, Default().Desk.Templates["greeting"]["fi"], c.Desk.Templates["greeting"]["fi"], "the example shows the seed's greeting")
	for key, langs := range c.Messages {
		assert.Equal(t, handoff.DefaultMessages()[key]["en"], langs["en"], "the example shows the built-in %s", key)
	}
	for _, key := range []string{handoff.MsgAccepted, handoff.MsgWaiting, handoff.MsgAgentJoined, handoff.MsgWaitQuestion,
		handoff.MsgClosed, handoff.MsgEnded, handoff.MsgTimedOut, handoff.MsgQueueFull} {
		assert.Contains(t, c.Messages, key, "the example shows %s", key)
	}
}

func TestSessionSections(t *testing.T) {
	c := mustParse(t, `
timeouts:
  wait: 2m
  session: 5m
queue:
  max_length: 10
  vip: {plan: [enterprise, premium]}
  vip_priority: urgent
messages:
  waiting:
    de: "Platz {position}, etwa {minutes} Min."
`)
	svc := c.Service()
	assert.True(t, svc.AgentEvents, "the built-in inbox reports its agents")
	assert.Equal(t, handoff.Timeouts{Wait: 2 * time.Minute, Session: 5 * time.Minute, CheckInterval: time.Second}, svc.Timeouts)
	assert.Equal(t, 10, svc.Queue.MaxLength)
	assert.True(t, svc.Queue.IsVIP(map[string]string{"plan": "Premium"}))
	assert.False(t, svc.Queue.IsVIP(map[string]string{"vip": "true"}), "a vip list replaces the default")
	assert.Equal(t, handoff.PriorityUrgent, svc.Queue.VIPPriority)
	assert.Equal(t, handoff.DefaultWait, svc.Queue.DefaultWait)

	_, err := Parse([]byte(`
timeouts: {wait: -1s}
queue: {max_length: -3, vip_priority: top}
messages:
  waiting: {en: "{place} in line"}
  agent_joind: {en: "hi"}
`), env(nil))
	require.Error(t, err)
	for _, want := range []string{
		"timeouts.wait: -1s is negative",
		"queue.max_length: is -3",
		`queue.vip_priority: "top" is not a priority`,
		"messages.waiting.en: unknown placeholder {place}; waiting fills {position}, {minutes}",
		"messages.agent_joind: unknown message",
	} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestAgentEvents(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want bool
		warn string
	}{
		{"inbox", "", true, ""},
		{"zendesk with its webhook secret", "helpdesk:\n  type: zendesk\n  zendesk: {subdomain: acme, email: a@acme.com, api_token: t, webhook_secret: s}\n", true, ""},
		{"zendesk without: the queue limit is ignored", "helpdesk:\n  type: zendesk\n  zendesk: {subdomain: acme, email: a@acme.com, api_token: t}\nqueue: {max_length: 5}\n", false, "queue.max_length: ignored"},
		{"email never reports back", "helpdesk:\n  type: email\n  email: {host: smtp.example.com, from: bot@example.com, to: [help@example.com]}\n", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.doc)
			assert.Equal(t, tt.want, c.AgentEvents())
			assert.Equal(t, tt.want, c.Service().AgentEvents)
			if tt.warn != "" {
				assert.Contains(t, strings.Join(c.Warnings, "\n"), tt.warn)
			}
		})
	}
}

func TestMaskedCutsURLsToSchemeAndHost(t *testing.T) {
	doc := `
helpdesk:
  type: webhook
  webhook:
    url: https://hooks.example.com/services/T000/B000/XXXXSECRETPATH?token=abc
    secret: "0123456789abcdefghij"
`
	c, err := Parse([]byte(doc), env(nil))
	require.NoError(t, err)
	out, err := c.Masked()
	require.NoError(t, err)
	assert.NotContains(t, string(out), "XXXXSECRETPATH")
	assert.NotContains(t, string(out), "token=abc")
	assert.Contains(t, string(out), "url: https://hooks.example.com/…")

	for in, want := range map[string]string{
		"https://user:pw@api.example.com/v2?k=1": "https://api.example.com/…",
		"https://example.zendesk.com":            "https://example.zendesk.com",
		"https://example.zendesk.com/":           "https://example.zendesk.com/",
		"not a url":                              "not a url",
		"09:00":                                  "09:00",
	} {
		assert.Equal(t, want, MaskURL(in), in)
	}
}
