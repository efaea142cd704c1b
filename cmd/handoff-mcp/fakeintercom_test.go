package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// fakeIntercomInHelpdesk implements what an in-helpdesk Intercom handoff
// calls, as Intercom's REST API documents it: GET /conversations/{id}
// (with its parts, notes included), POST /conversations/{id}/reply (a
// note), PUT /conversations/{id} (the attribute) and POST
// /conversations/{id}/parts (the assignment). Intercom takes no
// idempotency key; every conversation already exists (the bot runs in it).
// Each note is a "ticket" whose id is the conversation's, so the kill test
// checks exactly one note per handoff. Creating a conversation is counted
// as the error it would be.
type fakeIntercomInHelpdesk struct {
	*desk
	token string

	partsMu  sync.Mutex        // protects the fields below
	notes    map[string]string // conversation → the note's body (the latest)
	assigned map[string]int    // conversation → assignments
	assignee map[string]string // conversation → the team it is assigned to
	creates  int               // POST /conversations: must stay 0
}

func newFakeIntercomInHelpdesk(seed uint64, rate float64) *fakeIntercomInHelpdesk {
	return &fakeIntercomInHelpdesk{desk: &desk{flaky: newFlaky(seed, rate)}, token: "ic-test-token",
		notes: map[string]string{}, assigned: map[string]int{}, assignee: map[string]string{}}
}

func (f *fakeIntercomInHelpdesk) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+f.token || r.Header.Get("Intercom-Version") == "" {
		http.Error(w, `{"type":"error.list","errors":[{"code":"unauthorized"}]}`, http.StatusUnauthorized)
		return
	}
	mode := f.flaky.draw()
	if mode == refused {
		http.Error(w, `{"type":"error.list","errors":[{"code":"service_unavailable"}]}`, http.StatusServiceUnavailable)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/conversations/")
	if r.Method == http.MethodPost && r.URL.Path == "/conversations" {
		f.partsMu.Lock()
		f.creates++
		f.partsMu.Unlock()
		http.Error(w, `{"type":"error.list","errors":[{"code":"unexpected"}]}`, http.StatusBadRequest)
		return
	}
	if !ok {
		http.Error(w, `{"type":"error.list","errors":[{"code":"not_found"}]}`, http.StatusNotFound)
		return
	}
	id, sub, _ := strings.Cut(rest, "/")
	num, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		http.Error(w, `{"type":"error.list","errors":[{"code":"not_found"}]}`, http.StatusNotFound)
		return
	}
	var in map[string]any
	_ = json.NewDecoder(r.Body).Decode(&in)
	switch r.Method + " " + sub {
	case "GET ":
		f.partsMu.Lock()
		note, noted := f.notes[id]
		team := f.assignee[id]
		f.partsMu.Unlock()
		parts := []map[string]any{}
		if noted {
			parts = append(parts, map[string]any{"type": "conversation_part", "id": "1", "part_type": "note", "body": note})
		}
		conv := map[string]any{"type": "conversation", "id": id, "admin_assignee_id": nil, "team_assignee_id": nil, "conversation_parts": map[string]any{"conversation_parts": parts}}
		if team != "" {
			conv["team_assignee_id"] = team
		}
		finish(w, mode, http.StatusOK, conv)
	case "POST reply":
		body, _ := in["body"].(string)
		m := refTextRE.FindStringSubmatch(body)
		if in["message_type"] != "note" || m == nil {
			http.Error(w, `{"type":"error.list","errors":[{"code":"parameter_invalid"}]}`, http.StatusBadRequest)
			return
		}
		f.partsMu.Lock()
		f.notes[id] = body
		f.partsMu.Unlock()
		f.desk.mu.Lock()
		f.desk.tickets = append(f.desk.tickets, ticket{ID: num, Ref: m[1]})
		f.desk.mu.Unlock()
		finish(w, mode, http.StatusOK, map[string]any{"type": "conversation", "id": id})
	case "PUT ":
		finish(w, mode, http.StatusOK, map[string]any{"type": "conversation", "id": id})
	case "POST parts":
		if in["message_type"] != "assignment" || in["assignee_id"] == "" {
			http.Error(w, `{"type":"error.list","errors":[{"code":"parameter_invalid"}]}`, http.StatusBadRequest)
			return
		}
		f.partsMu.Lock()
		f.assigned[id]++
		f.assignee[id], _ = in["assignee_id"].(string)
		f.partsMu.Unlock()
		finish(w, mode, http.StatusOK, map[string]any{"type": "conversation", "id": id})
	default:
		http.Error(w, `{"type":"error.list","errors":[{"code":"not_found"}]}`, http.StatusNotFound)
	}
}

// inHelpdeskCounts returns the conversations created (must be 0), the
// conversations assigned, and the assignments beyond one per conversation.
func (f *fakeIntercomInHelpdesk) inHelpdeskCounts() (creates, assignedConvs, repeats int) {
	f.partsMu.Lock()
	defer f.partsMu.Unlock()
	for _, n := range f.assigned {
		repeats += n - 1
	}
	return f.creates, len(f.assigned), repeats
}

func (f *fakeIntercomInHelpdesk) summary() string {
	c, a, rep := f.inHelpdeskCounts()
	return fmt.Sprintf("%s; %d conversations created, %d assigned, %d repeated assignments", f.desk.summary(), c, a, rep)
}
