package chat

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
)

// doer sits between go-openai and the HTTP client. It sends temperature 0
// explicitly (go-openai drops a zero temperature from the JSON, and servers
// then use their default of 1) unless the model rejected it, and it records
// the Retry-After header of failed responses, which go-openai's errors do
// not carry.
type doer struct {
	next            *http.Client
	omitTemperature atomic.Bool
}

type retryAfterKey struct{}

// retryAfterSlot receives the Retry-After header of a call's response.
type retryAfterSlot struct{ value string }

func withRetryAfterSlot(ctx context.Context) (context.Context, *retryAfterSlot) {
	s := &retryAfterSlot{}
	return context.WithValue(ctx, retryAfterKey{}, s), s
}

func (d *doer) Do(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodPost && req.Body != nil && strings.HasSuffix(req.URL.Path, "/chat/completions") {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = d.setTemperature(body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	resp, err := d.next.Do(req)
	if resp != nil && resp.StatusCode >= 400 {
		if s, ok := req.Context().Value(retryAfterKey{}).(*retryAfterSlot); ok {
			s.value = resp.Header.Get("Retry-After")
		}
	}
	return resp, err
}

func (d *doer) setTemperature(body []byte) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	if d.omitTemperature.Load() {
		delete(m, "temperature")
	} else if _, ok := m["temperature"]; !ok {
		m["temperature"] = json.RawMessage("0")
	}
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}
