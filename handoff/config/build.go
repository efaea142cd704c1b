package config

import (
	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/handoff/hours"
	"github.com/handoff-mcp/handoff-mcp/llm"
)

// BuildClassifier returns the configured classifier over the configured
// triggers.
func (c *Config) BuildClassifier(log zerolog.Logger) (handoff.Classifier, error) {
	return llm.New(c.Classifier, c.Triggers, llm.Options{Logger: log})
}

// BuildSchedule returns the configured service hours and their warnings.
func (c *Config) BuildSchedule() (handoff.Schedule, []string, error) {
	s, warnings, err := hours.New(c.ServiceHours)
	if err != nil {
		return nil, nil, err
	}
	return s, warnings, nil
}

func (c *Config) buildSchedule() (handoff.Schedule, []string, error) { return c.BuildSchedule() }

// BuildConnector returns the configured helpdesk connector.
func (c *Config) BuildConnector(log zerolog.Logger) (handoff.Connector, error) {
	return helpdesk.New(c.Helpdesk, helpdesk.Options{Logger: log})
}
