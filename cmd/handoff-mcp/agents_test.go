package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinaryAgents manages the desk's agents through the binary: add with
// a generated and a given password, list, a duplicate refused, passwd,
// remove.
func TestBinaryAgents(t *testing.T) {
	db := filepath.Join(t.TempDir(), "handoff.db")
	agents := func(stdin string, args ...string) (string, error) {
		cmd := exec.Command(binary, append([]string{"--db", db, "agents"}, args...)...)
		cmd.Env = []string{"HANDOFF_MCP_CONFIG="}
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := agents("", "list")
	require.NoError(t, err, out)
	assert.Equal(t, "No agents. Create the first: handoff-mcp agents add --name NAME --email EMAIL --role admin\n", out)

	out, err = agents("", "add", "--name", "Lea", "--email", "lea@example.com", "--role", "admin", "--teams", "billing", "--languages", "fi,en")
	require.NoError(t, err, out)
	assert.Contains(t, out, "Agent Lea <lea@example.com> (admin) added.\nPassword: ")
	assert.Regexp(t, regexp.MustCompile(`Password: [A-Z2-7]{26}\n`), out)

	out, err = agents("a password from stdin\n", "add", "--name", "Max", "--email", "max@example.com", "--password-stdin")
	require.NoError(t, err, out)
	assert.NotContains(t, out, "Password:")

	out, err = agents("", "add", "--name", "max", "--email", "max2@example.com")
	require.Error(t, err)
	assert.Contains(t, out, `an agent named "max" or with email max2@example.com exists already`)
	out, err = agents("short\n", "add", "--name", "Kim", "--email", "kim@example.com", "--password-stdin")
	require.Error(t, err)
	assert.Contains(t, out, "password: use at least 10 characters")
	out, err = agents("", "add", "--name", "Kim", "--email", "kim@example.com", "--role", "boss")
	require.Error(t, err)
	assert.Contains(t, out, `"boss" is not a role; use agent or admin`)

	out, err = agents("", "list")
	require.NoError(t, err, out)
	assert.Equal(t, "NAME  EMAIL            ROLE   TEAMS    LANGUAGES\n"+
		"Lea   lea@example.com  admin  billing  fi,en\n"+
		"Max   max@example.com  agent  -        -\n", out)

	out, err = agents("another long password\n", "passwd", "Max", "--password-stdin")
	require.NoError(t, err, out)
	assert.Equal(t, "Password of Max changed.\n", out)
	out, err = agents("", "remove", "Lea")
	require.NoError(t, err, out)
	out, err = agents("", "remove", "Lea")
	require.Error(t, err)
	assert.Contains(t, out, `no agent named "Lea"`)
}
