package helpdesk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// userAgent identifies our requests to helpdesks.
const userAgent = "handoff-mcp/1 (+https://github.com/handoff-mcp/handoff-mcp)"

// hints say what to check when a remote refuses a request.
type hints struct {
	// auth names the credential keys, for 401 ("helpdesk.zendesk.email and api_token").
	auth string
	// perm says what permission is missing, for 403.
	perm string
	// notFound names the address and id keys, for 404.
	notFound string
}

// api is a JSON-over-HTTP client for one helpdesk.
type api struct {
	name    string
	base    string // scheme://host[/prefix], no trailing slash
	client  *http.Client
	timeout time.Duration
	now     func() time.Time
	log     zerolog.Logger
	auth    func(*http.Request)
	header  http.Header // sent with every request
	hints   hints
	secrets []string // scrubbed from every error text
}

// call sends a JSON request (in may be nil) and decodes a 2xx JSON response
// into out (which may be nil). Failures are classified: see classify.
func (a *api) call(ctx context.Context, method, path string, query url.Values, extra http.Header, in, out any) (http.Header, error) {
	var body io.Reader
	var raw []byte
	if b, ok := in.([]byte); ok {
		raw = b // already encoded (and perhaps signed) by the caller
		body = bytes.NewReader(raw)
	} else if in != nil {
		var err error
		if raw, err = json.Marshal(in); err != nil {
			return nil, fmt.Errorf("%s: encoding request: %w", a.name, err)
		}
		body = bytes.NewReader(raw)
	}
	u := a.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	if a.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, a.timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, handoff.Permanent(fmt.Errorf("%s: building request: %s", a.name, scrub(redactURLError(err), a.secrets...)))
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range a.header {
		req.Header[k] = v
	}
	for k, v := range extra {
		req.Header[k] = v
	}
	if a.auth != nil {
		a.auth(req)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		a.log.Warn().Str("connector", a.name).Str("method", method).Str("path", path).Str("error", redactURLError(err)).Msg("helpdesk request failed")
		return nil, a.networkError(err)
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return resp.Header, a.networkError(err)
	}
	a.log.Debug().Str("connector", a.name).Str("method", method).Str("path", path).Int("status", resp.StatusCode).Msg("helpdesk request")
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.Header, a.classify(resp.StatusCode, resp.Header, respBody)
	}
	if out != nil && len(bytes.TrimSpace(respBody)) > 0 {
		if err := json.Unmarshal(respBody, out); err != nil {
			return resp.Header, handoff.Permanent(fmt.Errorf("%s: decoding %d response to %s %s: %w", a.name, resp.StatusCode, method, path, err))
		}
	}
	return resp.Header, nil
}

// probe sends a bodiless request and returns the status code, classifying
// only transport failures.
func (a *api) probe(ctx context.Context, method, path string) (int, error) {
	if a.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, a.timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, nil)
	if err != nil {
		return 0, handoff.Permanent(fmt.Errorf("%s: building request: %s", a.name, scrub(redactURLError(err), a.secrets...)))
	}
	req.Header.Set("User-Agent", userAgent)
	if a.auth != nil {
		a.auth(req)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, a.networkError(err)
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// networkError wraps a transport failure as transient, without the URL.
func (a *api) networkError(err error) error {
	return handoff.Transient(fmt.Errorf("%s: %s", a.name, scrub(redactURLError(err), a.secrets...)), 0)
}

// redactURLError prints err without the request URL, which may carry a
// token in its path or query (webhook URLs often do); only scheme and host
// remain.
func redactURLError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		host := ""
		if u, perr := url.Parse(ue.URL); perr == nil {
			host = u.Scheme + "://" + u.Host
		}
		return fmt.Sprintf("%s %s: %s", ue.Op, host, redactURLError(ue.Err))
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out: " + err.Error()
	}
	return err.Error()
}

// statusError is a non-2xx answer; its text names the connector, the
// status, the vendor's message and what to check.
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

// statusOf returns the HTTP status of a remote refusal in err's chain, or 0.
func statusOf(err error) int {
	var se *statusError
	if errors.As(err, &se) {
		return se.status
	}
	return 0
}

// classify turns a non-2xx response into a kinded error.
func (a *api) classify(status int, h http.Header, body []byte) error {
	detail := truncate(scrub(vendorDetail(body), a.secrets...), 300) // scrub first: a cut must not keep part of a secret
	msg := fmt.Sprintf("%s: %d %s", a.name, status, http.StatusText(status))
	if detail != "" {
		msg += ": " + detail
	}
	switch {
	case status == http.StatusTooManyRequests, status >= 500, status == http.StatusRequestTimeout,
		status == http.StatusConflict, status == http.StatusTooEarly:
		return handoff.Transient(&statusError{status, msg}, retryAfter(h, a.now()))
	case status == http.StatusUnauthorized:
		msg += ": check " + a.hints.auth
	case status == http.StatusForbidden:
		hint := a.hints.perm
		if hint == "" {
			hint = "the credentials lack a permission: check " + a.hints.auth
		}
		msg += ": " + hint
	case status == http.StatusNotFound:
		msg += ": check " + a.hints.notFound
	default:
		msg += ": the helpdesk rejected the request; check the ids and values in helpdesk." + a.name
	}
	return handoff.Permanent(&statusError{status, msg})
}

// vendorDetail extracts a short human-readable message from an error body:
// the JSON fields helpdesks use ("error", "message", "description",
// "errors", "details"), or the start of a non-JSON body.
func vendorDetail(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return ""
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		if bytes.HasPrefix(body, []byte("<")) {
			return "" // an HTML error page says nothing useful
		}
		return oneLine(string(body))
	}
	var parts []string
	collectDetail(v, &parts, 0)
	return strings.Join(parts, "; ")
}

func collectDetail(v any, parts *[]string, depth int) {
	if depth > 4 || len(*parts) >= 6 {
		return
	}
	switch t := v.(type) {
	case string:
		if t != "" {
			*parts = appendUnique(*parts, oneLine(t))
		}
	case []any:
		for _, e := range t {
			collectDetail(e, parts, depth+1)
		}
	case map[string]any:
		if f, ok := t["field"].(string); ok {
			if m, ok := t["message"].(string); ok {
				*parts = appendUnique(*parts, f+": "+m)
				return
			}
		}
		for _, k := range []string{"error", "title", "message", "description", "details", "errors", "detail", "code"} {
			if e, ok := t[k]; ok {
				if k == "code" && len(*parts) > 0 {
					continue
				}
				collectDetail(e, parts, depth+1)
			}
		}
		if depth > 0 && len(*parts) == 0 {
			for _, e := range t {
				collectDetail(e, parts, depth+1)
			}
		}
	}
}

// retryAfter reads the delay a remote asked for: Retry-After in seconds or
// as an HTTP date, else the vendors' rate-limit reset headers (seconds to
// wait, or a unix time when the value is that large).
func retryAfter(h http.Header, now time.Time) time.Duration {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if d, ok := parseDelay(v, now); ok {
			return d
		}
		if t, err := http.ParseTime(v); err == nil {
			if d := t.Sub(now); d > 0 {
				return d
			}
			return 0
		}
	}
	for _, k := range []string{"RateLimit-Reset", "X-RateLimit-Reset", "X-Rate-Limit-Reset"} {
		if v := strings.TrimSpace(h.Get(k)); v != "" {
			if d, ok := parseDelay(v, now); ok {
				return d
			}
		}
	}
	return 0
}

// parseDelay reads a number of seconds, or a unix time in seconds when the
// number is past 2001 (1e9), relative to now.
func parseDelay(v string, now time.Time) (time.Duration, bool) {
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	if n >= 1e9 {
		d := time.Unix(int64(n), 0).Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return time.Duration(n * float64(time.Second)), true
}
