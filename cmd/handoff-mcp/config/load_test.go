package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadLeavesSectionsOut loads a file whose helpdesk secret is an unset variable:
// Load refuses it, naming the variable; Load(path, "helpdesk") reads the
// rest and sees the built-in inbox.
func TestLoadLeavesSectionsOut(t *testing.T) {
	const unset = "HANDOFF_TEST_UNSET_ZENDESK_TOKEN"
	require.NoError(t, os.Unsetenv(unset))
	path := filepath.Join(t.TempDir(), "handoff.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`triggers:
  - id: explicit_request
    description: The user asks for a human.
helpdesk:
  type: zendesk
  zendesk:
    subdomain: acme
    email: a@acme.com
    api_token: ${`+unset+`}
`), 0o600))

	_, err := Load(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), unset+" is not set")

	c, err := Load(path, "helpdesk")
	require.NoError(t, err)
	assert.Equal(t, path, c.Path)
	assert.Equal(t, "explicit_request", c.Triggers[0].ID)
	assert.False(t, c.Helpdesk.Configured(), "the helpdesk section is left out")

	_, err = Load(path, "queue")
	assert.Error(t, err, "leaving out another section does not help")
}
