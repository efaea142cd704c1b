package classify

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestConfigDefaults(t *testing.T) {
	var c Config
	c.Defaults()
	require.NoError(t, c.Validate())
	assert.Equal(t, ModeEmbedded, c.Mode)
	assert.Equal(t, DefaultCacheSize, c.CacheSize)
	assert.Equal(t, 0.5, c.Embedded.Threshold)
	assert.Equal(t, DefaultHandoffConfidence, c.Cascade.HandoffConfidence)
	assert.Equal(t, 15*time.Second, c.LLM.Timeout)
	assert.Equal(t, 2, *c.LLM.Retries)
}

func TestConfigFromYAML(t *testing.T) {
	src := `
mode: cascade
embedded:
  threshold: 0.6
  failure_phrases:
    de: ["das weiß ich nicht"]
llm:
  base_url: https://api.openai.com/v1
  api_key: sk-test
  model: gpt-4o-mini
  timeout: 5s
  retries: 0
  structured_output: tools
cascade:
  handoff_confidence: 0.8
cache_size: -1
`
	var c Config
	require.NoError(t, yaml.Unmarshal([]byte(src), &c))
	c.Defaults()
	require.NoError(t, c.Validate())
	assert.Equal(t, ModeCascade, c.Mode)
	assert.Equal(t, 0.6, c.Embedded.Threshold)
	assert.Equal(t, "sk-test", c.LLM.APIKey.Value())
	assert.Equal(t, 5*time.Second, c.LLM.Timeout)
	assert.Equal(t, 0, *c.LLM.Retries, "an explicit 0 stays 0")
	assert.Equal(t, 0.8, c.Cascade.HandoffConfidence)
	assert.Equal(t, DefaultNoHandoffConfidence, c.Cascade.NoHandoffConfidence)
	assert.Equal(t, -1, c.CacheSize)
	out, err := yaml.Marshal(c)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "sk-test", "the key never prints")
}

func TestConfigValidate(t *testing.T) {
	withLLM := func(c *Config) { c.LLM.BaseURL, c.LLM.Model = "https://api.example.com/v1", "m" }
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"unknown mode", func(c *Config) { c.Mode = "magic" }, `mode: "magic" is unknown`},
		{"llm without base url", func(c *Config) { c.Mode = ModeLLM }, "llm.base_url: empty"},
		{"cascade without model", func(c *Config) { c.Mode, c.LLM.BaseURL = ModeCascade, "http://localhost:11434/v1" }, "llm.model: empty"},
		{"bad base url", func(c *Config) { withLLM(c); c.Mode, c.LLM.BaseURL = ModeLLM, "api.openai.com" }, "llm.base_url"},
		{"bad output", func(c *Config) { withLLM(c); c.Mode, c.LLM.StructuredOutput = ModeLLM, "xml" }, "llm.structured_output"},
		{"bad azure type", func(c *Config) { withLLM(c); c.Mode, c.LLM.Azure.Type = ModeLLM, "aws" }, "llm.azure.type"},
		{"embedded threshold", func(c *Config) { c.Embedded.Threshold = 2 }, "embedded.threshold"},
		{"cascade confidence", func(c *Config) { withLLM(c); c.Mode, c.Cascade.HandoffConfidence = ModeCascade, 1.2 }, "cascade.handoff_confidence"},
		{"unknown judge", func(c *Config) { c.Mode, c.Cascade.Judge = ModeCascade, "oracle" }, `cascade.judge: "oracle" is unknown`},
		{"sampling falls back to an llm without base url", func(c *Config) { c.Mode, c.Sampling.Fallback = ModeSampling, "llm" },
			"llm.base_url: empty; set the API endpoint, such as https://api.openai.com/v1 (sampling.fallback llm needs an LLM endpoint"},
		{"unknown sampling fallback", func(c *Config) { c.Mode, c.Sampling.Fallback = ModeSampling, "none" }, `sampling.fallback: "none" is unknown`},
		{"sampling max tokens", func(c *Config) { c.Mode, c.Sampling.MaxTokens = ModeSampling, 10 }, "sampling.max_tokens: 10 is outside 50..4000"},
		{"sampling negative timeout", func(c *Config) { c.Mode, c.Sampling.Timeout = ModeSampling, -time.Second }, "sampling.timeout: -1s is negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c Config
			tc.edit(&c)
			c.Defaults()
			err := c.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	t.Run("mode llm says what it needs", func(t *testing.T) {
		c := Config{Mode: ModeLLM}
		c.Defaults()
		assert.ErrorContains(t, c.Validate(), "mode llm needs an LLM endpoint")
	})
	t.Run("llm settings are not needed in embedded mode", func(t *testing.T) {
		c := Config{Mode: ModeEmbedded}
		c.Defaults()
		assert.NoError(t, c.Validate())
	})
	t.Run("sampling needs no llm settings", func(t *testing.T) {
		for _, c := range []Config{{Mode: ModeSampling}, {Mode: ModeCascade, Cascade: CascadeConfig{Judge: JudgeSampling}}} {
			c.Defaults()
			assert.NoError(t, c.Validate())
			assert.Equal(t, 30*time.Second, c.Sampling.Timeout)
			assert.Equal(t, 300, c.Sampling.MaxTokens)
		}
	})
}

func TestSamplingConfigFromYAML(t *testing.T) {
	src := `
mode: cascade
sampling:
  timeout: 10s
  max_tokens: 200
  model_hints: [claude-sonnet, gpt-4o]
cascade:
  judge: sampling
`
	var c Config
	require.NoError(t, yaml.Unmarshal([]byte(src), &c))
	c.Defaults()
	require.NoError(t, c.Validate())
	assert.Equal(t, JudgeSampling, c.Cascade.Judge)
	assert.Equal(t, 10*time.Second, c.Sampling.Timeout)
	assert.Equal(t, []string{"claude-sonnet", "gpt-4o"}, c.Sampling.ModelHints)
	assert.Equal(t, "embedded", string(c.Sampling.Fallback))
}
