package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"sync"
)

// Failure modes of a flaky helpdesk request.
const (
	served  = iota
	refused // 503 before anything happened
	erred   // processed (a ticket may exist), then answered 500
	dropped // processed, then the connection closed: the response is lost
	nModes  // number of modes
)

// flaky decides the fate of each request: a share of them (rate) fail,
// half of the failures after the request was processed, which is where
// duplicates come from.
type flaky struct {
	rate float64 // the share of requests that fail

	mu    sync.Mutex // protects rng and counts
	rng   *rand.Rand
	count [nModes]int
}

func newFlaky(seed uint64, rate float64) *flaky {
	return &flaky{rate: rate, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (f *flaky) draw() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.rng.Float64()
	mode := served
	switch {
	case r < f.rate/2:
		mode = refused
	case r < f.rate*3/4:
		mode = erred
	case r < f.rate:
		mode = dropped
	}
	f.count[mode]++
	return mode
}

func (f *flaky) counts() [nModes]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.count
}

// finish answers a processed request according to mode: the response, a
// 500, or a dropped connection.
func finish(w http.ResponseWriter, mode, status int, body any) {
	switch mode {
	case erred:
		http.Error(w, `{"error": "InternalError"}`, http.StatusInternalServerError)
		return
	case dropped:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// ticket is one ticket a fake helpdesk holds.
type ticket struct {
	ID       int64
	Ref      string // the handoff id the ticket was opened for
	Email    string
	Subject  string
	Priority string
}

// desk is the state shared by the fake helpdesks: its tickets, and how
// often it deduplicated.
type desk struct {
	flaky *flaky

	mu      sync.Mutex // protects the fields below
	tickets []ticket
	hits    int // Idempotency-Key replays answered from the stored response
	found   int // lookups that found a ticket
}

// byRef returns the tickets per handoff id.
func (d *desk) byRef() map[string][]ticket {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string][]ticket{}
	for _, t := range d.tickets {
		out[t.Ref] = append(out[t.Ref], t)
	}
	return out
}

func (d *desk) stats() (tickets, hits, found int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.tickets), d.hits, d.found
}

func (d *desk) create(ref, email, subject, priority string) ticket {
	d.mu.Lock()
	defer d.mu.Unlock()
	t := ticket{ID: int64(len(d.tickets) + 1), Ref: ref, Email: email, Subject: subject, Priority: priority}
	d.tickets = append(d.tickets, t)
	return t
}

// fakeZendesk implements the parts of the Zendesk Support API the
// connector uses, with Zendesk's documented idempotency: a POST with an
// Idempotency-Key that was seen before, with the same payload, is answered
// with the stored response and x-idempotency-lookup: hit and creates
// nothing; the same key with another payload is refused (400
// IdempotentRequestError); a new key is a miss. Tickets are listed by
// external_id.
type fakeZendesk struct {
	*desk
	email, token string

	keysMu sync.Mutex // protects keys
	keys   map[string]storedResponse
}

type storedResponse struct {
	payload [32]byte
	body    any
}

func newFakeZendesk(seed uint64, rate float64) *fakeZendesk {
	return &fakeZendesk{desk: &desk{flaky: newFlaky(seed, rate)}, email: "agent@acme.com", token: "zd-test-token",
		keys: map[string]storedResponse{}}
}

func (z *fakeZendesk) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if user, pass, ok := r.BasicAuth(); !ok || user != z.email+"/token" || pass != z.token {
		http.Error(w, `{"error": "Couldn't authenticate you"}`, http.StatusUnauthorized)
		return
	}
	mode := z.flaky.draw()
	if mode == refused {
		http.Error(w, `{"error": "ServiceUnavailable"}`, http.StatusServiceUnavailable)
		return
	}
	switch r.Method + " " + r.URL.Path {
	case "GET /api/v2/users/me.json":
		finish(w, mode, http.StatusOK, map[string]any{"user": map[string]any{"id": 1, "role": "admin"}})
	case "GET /api/v2/tickets.json":
		ext := r.URL.Query().Get("external_id")
		var out []map[string]any
		for _, t := range z.byRef()[ext] {
			out = append(out, map[string]any{"id": t.ID, "external_id": t.Ref, "requester_id": 7})
		}
		if len(out) > 0 {
			z.mu.Lock()
			z.found++
			z.mu.Unlock()
		}
		finish(w, mode, http.StatusOK, map[string]any{"tickets": out})
	case "POST /api/v2/tickets.json":
		z.create(w, r, mode)
	default:
		if r.Method == http.MethodPut && ticketPathRE.MatchString(r.URL.Path) { // a note, a status
			finish(w, mode, http.StatusOK, map[string]any{"ticket": map[string]any{"id": 1}})
			return
		}
		http.Error(w, `{"error": "InvalidEndpoint"}`, http.StatusNotFound)
	}
}

func (z *fakeZendesk) create(w http.ResponseWriter, r *http.Request, mode int) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	var in struct {
		Ticket struct {
			Subject    string `json:"subject"`
			ExternalID string `json:"external_id"`
			Priority   string `json:"priority"`
			Requester  struct {
				Email string `json:"email"`
			} `json:"requester"`
		} `json:"ticket"`
	}
	if err := json.Unmarshal(raw, &in); err != nil || in.Ticket.ExternalID == "" {
		http.Error(w, `{"error": "RecordInvalid"}`, http.StatusUnprocessableEntity)
		return
	}
	key := r.Header.Get("Idempotency-Key")
	sum := sha256.Sum256(raw)
	z.keysMu.Lock()
	defer z.keysMu.Unlock() // one create per key at a time, as Zendesk locks the key
	if prev, ok := z.keys[key]; ok && key != "" {
		if prev.payload != sum {
			http.Error(w, `{"error": "IdempotentRequestError", "description": "the request payload does not match the original request"}`, http.StatusBadRequest)
			return
		}
		z.mu.Lock()
		z.hits++
		z.mu.Unlock()
		w.Header().Set("x-idempotency-lookup", "hit")
		finish(w, mode, http.StatusCreated, prev.body)
		return
	}
	t := z.desk.create(in.Ticket.ExternalID, in.Ticket.Requester.Email, in.Ticket.Subject, in.Ticket.Priority)
	body := map[string]any{"ticket": map[string]any{"id": t.ID, "external_id": t.Ref, "requester_id": 7}}
	if key != "" {
		z.keys[key] = storedResponse{payload: sum, body: body}
	}
	w.Header().Set("x-idempotency-lookup", "miss")
	finish(w, mode, http.StatusCreated, body)
}

// fakeFreshdesk implements the parts of the Freshdesk API the connector
// uses. Freshdesk takes no idempotency key: every POST creates a ticket, so
// only the lookup of the requester's tickets (by the subject reference)
// keeps a retry from creating a second one.
type fakeFreshdesk struct {
	*desk
	key string
}

func newFakeFreshdesk(seed uint64, rate float64) *fakeFreshdesk {
	return &fakeFreshdesk{desk: &desk{flaky: newFlaky(seed, rate)}, key: "fd-test-key"}
}

var (
	refRE        = regexp.MustCompile(`\[handoff:([^\]]+)\]`)
	ticketPathRE = regexp.MustCompile(`^/api/v2/tickets/\d+\.json$`)
)

func (f *fakeFreshdesk) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if user, pass, ok := r.BasicAuth(); !ok || user != f.key || pass != "X" {
		http.Error(w, `{"code": "invalid_credentials"}`, http.StatusUnauthorized)
		return
	}
	mode := f.flaky.draw()
	if mode == refused {
		http.Error(w, `{"code": "service_unavailable"}`, http.StatusServiceUnavailable)
		return
	}
	switch r.Method + " " + r.URL.Path {
	case "GET /api/v2/agents/me":
		finish(w, mode, http.StatusOK, map[string]any{"id": 1})
	case "GET /api/v2/tickets":
		q := r.URL.Query()
		per, _ := strconv.Atoi(q.Get("per_page"))
		var out []map[string]any
		f.mu.Lock()
		for _, t := range slices.Backward(f.tickets) { // newest first
			if t.Email == q.Get("email") && len(out) < per {
				out = append(out, map[string]any{"id": t.ID, "subject": t.Subject, "requester_id": 7})
			}
		}
		if len(out) > 0 {
			f.found++
		}
		f.mu.Unlock()
		if len(out) == 0 {
			finish(w, mode, http.StatusNotFound, map[string]any{"code": "access_denied", "message": "no such requester"})
			return
		}
		finish(w, mode, http.StatusOK, out)
	case "POST /api/v2/tickets":
		var in struct {
			Email    string `json:"email"`
			Subject  string `json:"subject"`
			Priority int    `json:"priority"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, `{"code": "invalid_json"}`, http.StatusBadRequest)
			return
		}
		m := refRE.FindStringSubmatch(in.Subject)
		if m == nil {
			http.Error(w, `{"code": "invalid_value"}`, http.StatusBadRequest)
			return
		}
		t := f.desk.create(m[1], in.Email, in.Subject, strconv.Itoa(in.Priority))
		finish(w, mode, http.StatusCreated, map[string]any{"id": t.ID, "subject": t.Subject, "requester_id": 7})
	default:
		http.Error(w, `{"code": "not_found"}`, http.StatusNotFound)
	}
}

// summary describes what a fake saw, for the test log.
func (d *desk) summary() string {
	n, hits, found := d.stats()
	c := d.flaky.counts()
	total := 0
	for _, v := range c {
		total += v
	}
	return fmt.Sprintf("%d tickets; %d requests: %d served, %d refused (503), %d processed then 500, %d processed then dropped; %d idempotency hits, %d lookups found a ticket",
		n, total, c[served], c[refused], c[erred], c[dropped], hits, found)
}

// fakeLiveChat implements the parts of LiveChat's Agent Chat API v3.5 the
// connector uses (POST /v3.5/agent/action/<action>). LiveChat takes no
// idempotency key and the connector cannot look a chat up by our id: every
// start_chat starts a chat, so a retry after an unknown outcome starts a
// second one. The fake counts the start_chat requests it processed but
// answered with a failure (a 500 or a dropped connection): each may become a
// duplicate.
type fakeLiveChat struct {
	*desk
	account, token string

	lost int // start_chat requests processed, then failed (protected by desk.mu)
}

func newFakeLiveChat(seed uint64, rate float64) *fakeLiveChat {
	return &fakeLiveChat{desk: &desk{flaky: newFlaky(seed, rate)}, account: "acc-1", token: "lc-test-token"}
}

var refTextRE = regexp.MustCompile(`handoff:(h_[a-z0-9]+)`)

func (l *fakeLiveChat) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if user, pass, ok := r.BasicAuth(); !ok || user != l.account || pass != l.token {
		http.Error(w, `{"error": {"type": "authentication", "message": "Invalid access token"}}`, http.StatusUnauthorized)
		return
	}
	mode := l.flaky.draw()
	if mode == refused {
		http.Error(w, `{"error": {"type": "service_unavailable", "message": "try later"}}`, http.StatusServiceUnavailable)
		return
	}
	switch r.URL.Path {
	case "/v3.5/agent/action/list_chats":
		finish(w, mode, http.StatusOK, map[string]any{"chats_summary": []any{}, "found_chats": 0})
	case "/v3.5/agent/action/create_customer":
		finish(w, mode, http.StatusOK, map[string]any{"customer_id": "cust-1"})
	case "/v3.5/agent/action/start_chat":
		var in struct {
			Chat struct {
				Thread struct {
					Events []struct {
						Text string `json:"text"`
					} `json:"events"`
				} `json:"thread"`
			} `json:"chat"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in.Chat.Thread.Events) == 0 {
			http.Error(w, `{"error": {"type": "validation"}}`, http.StatusBadRequest)
			return
		}
		m := refTextRE.FindStringSubmatch(in.Chat.Thread.Events[0].Text)
		if m == nil {
			http.Error(w, `{"error": {"type": "validation"}}`, http.StatusBadRequest)
			return
		}
		t := l.desk.create(m[1], "", "", "")
		if mode == erred || mode == dropped {
			l.mu.Lock()
			l.lost++
			l.mu.Unlock()
		}
		finish(w, mode, http.StatusOK, map[string]any{"chat_id": fmt.Sprintf("CHAT%d", t.ID), "thread_id": fmt.Sprintf("TH%d", t.ID)})
	case "/v3.5/agent/action/send_event", "/v3.5/agent/action/deactivate_chat", "/v3.5/agent/action/tag_thread":
		finish(w, mode, http.StatusOK, map[string]any{})
	default:
		http.Error(w, `{"error": {"type": "not_found"}}`, http.StatusNotFound)
	}
}

// lostStarts returns how many chats were started with a failed answer.
func (l *fakeLiveChat) lostStarts() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lost
}

// remoteID is the chat id start_chat returned for t.
func (l *fakeLiveChat) remoteID(t ticket) string { return fmt.Sprintf("CHAT%d", t.ID) }
