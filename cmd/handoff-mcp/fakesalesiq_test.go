package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// fakeSalesIQ implements the parts of Zoho SalesIQ the connector uses: the
// Zoho Accounts token refresh and the Visitor API's open, message and
// close. Like LiveChat it takes no idempotency key and offers no lookup by
// our id, so a retried open after an unknown outcome opens a second
// conversation; the fake counts the opens it processed but answered with a
// failure.
type fakeSalesIQ struct {
	*desk
	lost int // opens processed, then failed (protected by desk.mu)
}

func newFakeSalesIQ(seed uint64, rate float64) *fakeSalesIQ {
	return &fakeSalesIQ{desk: &desk{flaky: newFlaky(seed, rate)}}
}

func (s *fakeSalesIQ) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/oauth/v2/token" {
		if r.FormValue("grant_type") != "refresh_token" || r.FormValue("refresh_token") != "siq-refresh" {
			finish(w, served, http.StatusOK, map[string]any{"error": "invalid_code"})
			return
		}
		finish(w, served, http.StatusOK, map[string]any{"access_token": "siq-access", "expires_in": 3600, "token_type": "Bearer"})
		return
	}
	if r.Header.Get("Authorization") != "Zoho-oauthtoken siq-access" {
		http.Error(w, `{"error": {"code": 1008, "message": "Invalid OAuth token"}}`, http.StatusUnauthorized)
		return
	}
	mode := s.flaky.draw()
	if mode == refused {
		http.Error(w, `{"error": {"code": 1000, "message": "try later"}}`, http.StatusServiceUnavailable)
		return
	}
	const convs = "/api/visitor/v1/zylker/conversations"
	switch {
	case r.Method == http.MethodPost && r.URL.Path == convs:
		var in struct {
			Question string `json:"question"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, `{"error": {"code": 1001}}`, http.StatusBadRequest)
			return
		}
		m := refTextRE.FindStringSubmatch(in.Question)
		if m == nil {
			http.Error(w, `{"error": {"code": 1001}}`, http.StatusBadRequest)
			return
		}
		t := s.desk.create(m[1], "", "", "")
		if mode == erred || mode == dropped {
			s.mu.Lock()
			s.lost++
			s.mu.Unlock()
		}
		finish(w, mode, http.StatusOK, map[string]any{"object": "conversations", "data": map[string]any{"id": fmt.Sprintf("SIQ%d", t.ID)}})
	case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, convs+"/") && strings.HasSuffix(r.URL.Path, "/messages"),
		r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/visitor/v2/zylker/conversations/") && strings.HasSuffix(r.URL.Path, "/close"):
		finish(w, mode, http.StatusOK, map[string]any{"object": "conversations", "data": map[string]any{}})
	default:
		http.Error(w, `{"error": {"code": 1004}}`, http.StatusNotFound)
	}
}

// lostStarts returns how many conversations were opened with a failed answer.
func (s *fakeSalesIQ) lostStarts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lost
}

// remoteID is the conversation id Open returned for t.
func (s *fakeSalesIQ) remoteID(t ticket) string { return fmt.Sprintf("SIQ%d", t.ID) }
