package chat

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Output names how the model is made to answer in the decision's shape.
type Output string

// The structured-output modes. OutputAuto starts with json_schema and falls
// back to tools, then json_object, when the server rejects a mode.
const (
	OutputAuto       Output = "auto"
	OutputJSONSchema Output = "json_schema"
	OutputJSONObject Output = "json_object"
	OutputTools      Output = "tools"
)

// Config is the `classifier.llm` section: any OpenAI-compatible
// chat-completions endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM,
// OpenRouter, ...).
type Config struct {
	// BaseURL of the API, such as "https://api.openai.com/v1" or
	// "http://localhost:11434/v1"; for Azure, the resource endpoint
	// "https://NAME.openai.azure.com".
	BaseURL string `yaml:"base_url" json:"base_url"`
	// APIKey is sent as a bearer token (as the api-key header for Azure).
	// Write it as ${ENV_VAR} in the file. Local servers may need none.
	APIKey handoff.Secret `yaml:"api_key,omitempty" json:"api_key,omitempty"`
	// Organization is the OpenAI organization id, when the key needs one.
	Organization string `yaml:"organization,omitempty" json:"organization,omitempty"`
	// Model name, such as "gpt-4o-mini" (for Azure, the model the
	// deployment serves).
	Model string `yaml:"model" json:"model"`
	// Timeout of one call, retries excluded. Default 15s.
	Timeout time.Duration `yaml:"timeout" json:"timeout"`
	// Retries of a call that failed transiently (429, 5xx, timeout), with
	// exponential backoff that honours Retry-After. Default 2; 0 disables.
	Retries *int `yaml:"retries,omitempty" json:"retries,omitempty"`
	// StructuredOutput is auto (default), json_schema, json_object or tools.
	StructuredOutput Output `yaml:"structured_output" json:"structured_output"`
	// MaxTurns is how many of the latest turns are sent. Default 10.
	MaxTurns int `yaml:"max_turns" json:"max_turns"`
	// MaxTurnChars shortens each turn sent to this many characters, keeping
	// its end. Default 1000.
	MaxTurnChars int `yaml:"max_turn_chars" json:"max_turn_chars"`
	// Azure switches to Azure OpenAI.
	Azure Azure `yaml:"azure,omitempty" json:"azure,omitempty"`
}

// Azure holds the Azure OpenAI options go-openai supports.
type Azure struct {
	// Type is "azure" (api-key header) or "azure_ad" (Entra ID bearer
	// token in api_key); empty means plain OpenAI-compatible.
	Type string `yaml:"type,omitempty" json:"type,omitempty"`
	// APIVersion such as "2024-10-21". Default "2024-10-21".
	APIVersion string `yaml:"api_version,omitempty" json:"api_version,omitempty"`
	// Deployment is the deployment name; default the model name.
	Deployment string `yaml:"deployment,omitempty" json:"deployment,omitempty"`
}

// The defaults Defaults fills in.
const (
	DefaultTimeout         = 15 * time.Second
	DefaultRetries         = 2
	DefaultMaxTurns        = 10
	DefaultMaxTurnChars    = 1000
	DefaultAzureAPIVersion = "2024-10-21"
)

// Defaults fills the unset fields of c.
func (c *Config) Defaults() {
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Retries == nil {
		n := DefaultRetries
		c.Retries = &n
	}
	if c.StructuredOutput == "" {
		c.StructuredOutput = OutputAuto
	}
	if c.MaxTurns == 0 {
		c.MaxTurns = DefaultMaxTurns
	}
	if c.MaxTurnChars == 0 {
		c.MaxTurnChars = DefaultMaxTurnChars
	}
	if c.Azure.Type != "" && c.Azure.APIVersion == "" {
		c.Azure.APIVersion = DefaultAzureAPIVersion
	}
}

// Validate reports the first problem with c, naming the key relative to
// the llm section. It requires what a call needs: a base URL and a model.
func (c *Config) Validate() error {
	if c.BaseURL == "" {
		return fmt.Errorf("base_url: empty; set the API endpoint, such as https://api.openai.com/v1")
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("base_url: %q is not an http(s) URL; write it as https://host/v1", c.BaseURL)
	}
	if strings.TrimSpace(c.Model) == "" {
		return fmt.Errorf("model: empty; name the model to use, such as gpt-4o-mini")
	}
	if c.Timeout < 0 {
		return fmt.Errorf("timeout: %v is negative; use a duration such as 15s", c.Timeout)
	}
	if c.Retries != nil && (*c.Retries < 0 || *c.Retries > 10) {
		return fmt.Errorf("retries: %d is outside 0..10; use a small number such as 2", *c.Retries)
	}
	switch c.StructuredOutput {
	case "", OutputAuto, OutputJSONSchema, OutputJSONObject, OutputTools:
	default:
		return fmt.Errorf("structured_output: %q is unknown; use auto, json_schema, json_object or tools", c.StructuredOutput)
	}
	if c.MaxTurns < 0 || c.MaxTurns > 200 {
		return fmt.Errorf("max_turns: %d is outside 1..200; use the number of latest turns to send, such as 10", c.MaxTurns)
	}
	if c.MaxTurnChars < 0 || (c.MaxTurnChars > 0 && c.MaxTurnChars < 50) {
		return fmt.Errorf("max_turn_chars: %d is too small; use at least 50, such as 1000", c.MaxTurnChars)
	}
	switch c.Azure.Type {
	case "", "azure", "azure_ad":
	default:
		return fmt.Errorf("azure.type: %q is unknown; use azure or azure_ad, or leave it empty", c.Azure.Type)
	}
	return nil
}
