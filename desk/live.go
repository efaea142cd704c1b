package desk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
)

// event is what the desk's pages hear about one changed handoff.
type event struct {
	ID    string `json:"id"`
	State string `json:"state"`
	// Agent has the conversation ("" while it waits).
	Agent string `json:"agent"`
	// Waiting is true while nobody has it; Count is how many wait in all.
	Waiting bool  `json:"waiting"`
	Count   int   `json:"count"`
	Seq     int64 `json:"seq"`
	// New is true the first time this server sees the handoff waiting: the
	// pages announce it (sound, notification). Who names the customer.
	New bool   `json:"new"`
	Who string `json:"who,omitempty"`
}

// hub fans the desk's events out to the open event streams.
type hub struct {
	closing   chan struct{}
	closeOnce sync.Once

	mu      sync.Mutex // protects clients
	clients map[*client]struct{}
}

type client struct {
	agent int64
	ch    chan []event // buffered; a slow page misses batches, then reloads on the next
}

func newHub() *hub { return &hub{clients: map[*client]struct{}{}, closing: make(chan struct{})} }

// CloseStreams ends the open event streams (at shutdown: they never end by
// themselves); pages reconnect to the next server.
func (s *Server) CloseStreams() { s.hub.closeOnce.Do(func() { close(s.hub.closing) }) }

func (h *hub) add(agent int64) *client {
	c := &client{agent: agent, ch: make(chan []event, 8)}
	h.mu.Lock()
	h.clients[c] = struct{}{}
	h.mu.Unlock()
	return c
}

func (h *hub) remove(c *client) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

// listening reports whether any page has a stream open.
func (h *hub) listening() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients) > 0
}

// agents counts the distinct agents with a stream open.
func (h *hub) agents() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	seen := map[int64]bool{}
	for c := range h.clients {
		seen[c.agent] = true
	}
	return len(seen)
}

func (h *hub) broadcast(evs []event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c.ch <- evs:
		default: // the page is behind; it catches up with the next batch
		}
	}
}

// Run follows the change feed until ctx ends: each batch of changed
// handoffs is read once and sent to every open page.
func (s *Server) Run(ctx context.Context) {
	if s.feed == nil {
		return
	}
	batches := make(chan []watch.Change, 64)
	stop := s.feed.Listen(func(cs []watch.Change) {
		select {
		case batches <- cs:
		default:
			s.log.Warn().Int("changes", len(cs)).Msg("desk behind the change feed; pages catch up with the next change")
		}
	})
	defer stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.feed.Done():
			return
		case cs := <-batches:
			if !s.hub.listening() {
				// No page to tell: only what is new is kept up to date.
				if err := s.track(ctx, cs); err != nil {
					s.log.Error().Err(err).Msg("reading changed handoffs for the desk")
				}
				continue
			}
			evs, err := s.events(ctx, cs)
			if err != nil {
				s.log.Error().Err(err).Msg("reading changed handoffs for the desk")
				continue
			}
			// The count of waiting conversations reads the whole queue:
			// only for pages that are open (the last may have closed
			// since).
			if len(evs) == 0 || !s.hub.listening() {
				continue
			}
			n, err := s.waitingCount(ctx)
			if err != nil {
				s.log.Error().Err(err).Msg("counting the desk's queue")
				continue
			}
			for i := range evs {
				evs[i].Count = n
			}
			s.hub.broadcast(evs)
		}
	}
}

// events reads the changed handoffs of the built-in inbox (without the
// count of those waiting, which Run adds).
func (s *Server) events(ctx context.Context, cs []watch.Change) ([]event, error) {
	var evs []event
	for _, c := range cs {
		h, err := s.hs.Handoff(ctx, c.HandoffID)
		if handoff.Is(err, handoff.KindNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading handoff %s: %w", c.HandoffID, err)
		}
		if !inDesk(h) {
			continue
		}
		ev := event{ID: h.ID, State: string(h.State), Agent: h.Session.AgentName, Waiting: waiting(h), Seq: h.Session.LastSeq}
		if ev.Waiting {
			ev.Who = h.Contact.Name
			if ev.Who == "" {
				ev.Who = excerpt(helpdesk.Question(h), 60)
			}
		}
		ev.New = s.announce(h.ID, ev.Waiting)
		evs = append(evs, ev)
	}
	return evs, nil
}

// stateReader is a store that reads of a handoff only what the desk's
// bookkeeping needs (store.DB.HandoffState), not the whole handoff.
type stateReader interface {
	HandoffState(ctx context.Context, id string) (connector string, state handoff.State, agent string, err error)
}

// track keeps what is new (announce) up to date with the changed handoffs
// while no page is open, from each change's connector, state and agent as
// the feed read them (the store's feed does), else reading only those
// where the store can.
func (s *Server) track(ctx context.Context, cs []watch.Change) error {
	sr, ok := s.hs.(stateReader)
	var unread []watch.Change // without a state, from a store that cannot read one alone
	for _, c := range cs {
		connector, state, agent := c.Connector, handoff.State(c.State), c.Agent
		switch {
		case c.State != "":
		case !ok:
			unread = append(unread, c)
			continue
		default:
			var err error
			connector, state, agent, err = sr.HandoffState(ctx, c.HandoffID)
			if handoff.Is(err, handoff.KindNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("reading handoff %s: %w", c.HandoffID, err)
			}
		}
		if connector == helpdesk.TypeInbox {
			s.announce(c.HandoffID, waits(state, agent))
		}
	}
	if len(unread) > 0 {
		_, err := s.events(ctx, unread) // read together, once
		return err
	}
	return nil
}

// announce reports whether handoff id, waiting now, was not waiting when
// last seen: a new conversation in the queue (or one back in it).
func (s *Server) announce(id string, waiting bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !waiting {
		delete(s.waiting, id)
		return false
	}
	if s.waiting[id] {
		return false
	}
	s.waiting[id] = true
	return true
}

// eventsStream streams the desk's events to a page (Server-Sent Events), with a
// comment every 25 s to keep proxies from closing it.
func (s *Server) eventsStream(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	c := s.hub.add(current(r).Agent.ID)
	defer s.hub.remove(c)
	fmt.Fprint(w, "retry: 3000\n\n")
	fl.Flush()
	var done <-chan struct{}
	if s.feed != nil {
		done = s.feed.Done()
	}
	keep := time.NewTicker(25 * time.Second)
	defer keep.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-done:
			return
		case <-s.hub.closing:
			return
		case <-keep.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			fl.Flush()
		case evs := <-c.ch:
			for _, e := range evs {
				b, _ := json.Marshal(e)
				fmt.Fprintf(w, "event: change\ndata: %s\n\n", b)
			}
			fl.Flush()
		}
	}
}
