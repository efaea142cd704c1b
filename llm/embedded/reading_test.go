package embedded

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestReadings(t *testing.T) {
	cfg := Config{}
	cfg.Defaults()
	c, err := New(cfg, []handoff.Trigger{
		{ID: "human", Kind: "human_request", Description: "asks for a person"},
		{ID: "fail", Description: "The bot could not answer three times"},
		{ID: "legal", Description: "legal matters or fraud"},
		{ID: "refund", Description: "A refund of more than 100 EUR"},
	})
	require.NoError(t, err)
	rs := c.Readings()
	require.Len(t, rs, 4)
	assert.Equal(t, Reading{ID: "human", Kind: KindHumanRequest, KindSource: "configured"}, rs[0])
	assert.Equal(t, KindBotFailure, rs[1].Kind)
	assert.Equal(t, "inferred", rs[1].KindSource)
	assert.Equal(t, 3, rs[1].FailedAnswers)
	assert.Equal(t, []string{"legal", "fraud", "security"}, rs[2].Categories, "a fraud named covers security incidents")
	assert.Equal(t, "words", rs[3].KindSource)
	assert.Equal(t, "> 100", rs[3].Amount)
	assert.Equal(t, [][]string{{"concept:refund"}}, rs[3].Alternatives)
}
