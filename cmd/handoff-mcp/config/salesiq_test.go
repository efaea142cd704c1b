package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// The salesiq section loads with its YAML keys (routes inline, secrets
// from the environment) and a typo in it is an unknown key.
func TestParseSalesIQ(t *testing.T) {
	env := map[string]string{"ZOHO_CLIENT_SECRET": "s3cret", "ZOHO_REFRESH_TOKEN": "1000.r"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	c, err := Parse([]byte(`
helpdesk:
  type: salesiq
  salesiq:
    region: in
    screen_name: zylker
    app_id: "1"
    department_id: "2"
    client_id: 1000.ABC
    client_secret: ${ZOHO_CLIENT_SECRET}
    refresh_token: ${ZOHO_REFRESH_TOKEN}
    routes: {team: {billing: {group_id: 3}}}
`), lookup)
	require.NoError(t, err)
	siq := helpdesk.Section[helpdesk.SalesIQConfig](c.Helpdesk)
	assert.Equal(t, "https://salesiq.zoho.in", siq.BaseURL)
	assert.Equal(t, "s3cret", siq.ClientSecret.Value())
	assert.Equal(t, int64(3), siq.Routes["team"]["billing"].GroupID)

	_, err = Parse([]byte("helpdesk:\n  type: salesiq\n  salesiq:\n    screen_nam: zylker\n"), lookup)
	assert.ErrorContains(t, err, `unknown key "screen_nam"`)
}
