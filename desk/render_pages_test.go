package desk

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPagesParse parses every page template: the desk parses them on the
// first page it serves, not in New.
func TestPagesParse(t *testing.T) {
	ps, err := parsePages()
	require.NoError(t, err)
	for _, name := range []string{"login", "queue", "conversation", "messages", "analytics"} {
		assert.NotNil(t, ps[name], name)
	}
}
