package handoff

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestSecretNeverPrints(t *testing.T) {
	type cfg struct {
		Key Secret `json:"key" yaml:"key"`
	}
	c := cfg{Key: "sk-live-123"}

	j, err := json.Marshal(c)
	require.NoError(t, err)
	y, err := yaml.Marshal(c)
	require.NoError(t, err)

	for name, out := range map[string]string{
		"json": string(j),
		"yaml": string(y),
		"%v":   fmt.Sprintf("%v", c),
		"%+v":  fmt.Sprintf("%+v", c),
		"%#v":  fmt.Sprintf("%#v", c),
		"%s":   c.Key.String(),
	} {
		t.Run(name, func(t *testing.T) {
			assert.NotContains(t, out, "sk-live-123")
			assert.Contains(t, out, secretMask)
		})
	}
	assert.Equal(t, "sk-live-123", c.Key.Value())
}

func TestSecretUnmarshalKeepsValue(t *testing.T) {
	var c struct {
		Key Secret `yaml:"key"`
	}
	require.NoError(t, yaml.Unmarshal([]byte("key: abc"), &c))
	assert.Equal(t, "abc", c.Key.Value())
	assert.Equal(t, "", Secret("").String())
}
