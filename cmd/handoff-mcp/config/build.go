package config

import (
	"fmt"
	"net/http"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/handoff/hours"
	"github.com/handoff-mcp/handoff-mcp/handoff/privacy"
	"github.com/handoff-mcp/handoff-mcp/handoff/summary"
	"github.com/handoff-mcp/handoff-mcp/llm/classify"
)

// BuildClassifier returns the configured classifier over the configured
// triggers.
// Everything it sends to an LLM or the client's model is masked by
// privacy.redact. clk is its time, which retries wait on (nil: the wall
// clock).
func (c *Config) BuildClassifier(log zerolog.Logger, clk clock.Clock) (handoff.Classifier, error) {
	red, err := c.BuildRedactor()
	if err != nil {
		return nil, err
	}
	return classify.New(c.Classifier, c.Triggers, classify.Options{Logger: log, Redact: red.Text, Clock: clk})
}

// BuildRedactor returns the privacy.redact redactor; nil when redaction is
// switched off (a nil *privacy.Redactor masks nothing).
func (c *Config) BuildRedactor() (*privacy.Redactor, error) {
	r, err := privacy.New(c.Privacy)
	if err != nil {
		return nil, fmt.Errorf("privacy.%w", err)
	}
	return r, nil
}

// BuildSummarizer returns what writes each handoff's summary: the
// classifier's model (the LLM, or the client's model) with summary.writer
// auto, falling back to the extractive summary; extractive only in mode
// embedded or with summary.writer extractive. httpClient reaches the LLM
// (nil: a new client).
func (c *Config) BuildSummarizer(log zerolog.Logger, httpClient *http.Client) (*summary.Summarizer, error) {
	red, err := c.BuildRedactor()
	if err != nil {
		return nil, err
	}
	var w summary.Writer
	if c.Summary.Writer != summary.WriterExtractive {
		mw, err := classify.NewSummaryWriter(c.Classifier, c.Summary.MaxTokens, classify.Options{Logger: log, HTTPClient: httpClient, Redact: red.Text})
		if err != nil {
			return nil, fmt.Errorf("classifier.%w", err)
		}
		if mw != nil {
			w = mw
		}
	}
	return summary.New(w, c.Summary, log.With().Str("component", "summary").Logger()), nil
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

// BuildConnector returns the configured helpdesk connector: the one place
// it is built, for the server (app.New) and for `helpdesk test|status`.
// Errors name the setting (helpdesk.zendesk.subdomain: ...).
func (c *Config) BuildConnector(opts helpdesk.Options) (handoff.Connector, error) {
	conn, err := helpdesk.New(c.Helpdesk, opts)
	if err != nil {
		return nil, fmt.Errorf("helpdesk.%w", err)
	}
	return conn, nil
}
