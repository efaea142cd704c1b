package chat

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// failure sorts what went wrong with one call.
type failure int

const (
	failHard          failure = iota // give up: fall back
	failTransient                    // retry after a backoff: 429, 5xx, timeouts
	failSchema                       // the server rejects the structured-output mode
	failTemperature                  // the model rejects temperature
	failCallerStopped                // the caller's context ended
)

// classify sorts err and returns the HTTP status, when there is one.
func classify(ctx context.Context, err error) (failure, int) {
	if ctx.Err() != nil {
		return failCallerStopped, 0
	}
	status, msg := 0, ""
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		status, msg = apiErr.HTTPStatusCode, apiErr.Message
		if apiErr.Param != nil {
			msg += " " + *apiErr.Param
		}
	case errors.As(err, &reqErr):
		status, msg = reqErr.HTTPStatusCode, string(reqErr.Body)
	}
	msg = strings.ToLower(msg)
	switch {
	case status == http.StatusTooManyRequests || status >= 500 || status == http.StatusRequestTimeout:
		return failTransient, status
	case status == http.StatusBadRequest || status == http.StatusUnprocessableEntity || status == http.StatusNotImplemented:
		switch {
		case strings.Contains(msg, "temperature"):
			return failTemperature, status
		case strings.Contains(msg, "response_format") || strings.Contains(msg, "json_schema") ||
			strings.Contains(msg, "structured output") || strings.Contains(msg, "tool") || strings.Contains(msg, "function"):
			return failSchema, status
		}
		return failHard, status
	case status != 0:
		return failHard, status
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return failTransient, 0
	}
	if errors.As(err, &ne) {
		return failTransient, 0 // connection refused or reset: the server may be restarting
	}
	return failHard, 0
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
