package tools

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
)

// subscriptions tracks which client follows which handoff resource, in both
// protocol eras, and sends notifications/resources/updated when the change
// feed reports a change of a followed handoff.
//
// Before 2026-07-28 a client subscribes with resources/subscribe and its
// session (by id) receives the notifications on its own stream until it
// unsubscribes or the session ends. From 2026-07-28 a client names the URIs
// in a subscriptions/listen request; the request's stream receives them
// until the request ends. mcp-go's sessions keep no subscriptions of their
// own, so both are tracked here from the server's hooks.
type subscriptions struct {
	max       int // across all clients
	perClient int
	log       zerolog.Logger
	srv       *server.MCPServer // set once the server exists

	mu     sync.Mutex // protects the fields below
	byURI  map[string]map[*subscriber]struct{}
	legacy map[string]*subscriber // by session id
	total  int
}

// subscriber is one client session (legacy) or one subscriptions/listen
// stream (modern) and the URIs it follows.
type subscriber struct {
	sessionID string
	stream    server.ClientSession // the listen stream's session; nil for a legacy session
	listenID  any                  // the subscriptions/listen request's JSON-RPC id
	uris      map[string]struct{}
}

func newSubscriptions(max int, log zerolog.Logger) *subscriptions {
	return &subscriptions{
		max: max, perClient: watch.MaxSubscriptionsPerClient, log: log,
		byURI: map[string]map[*subscriber]struct{}{}, legacy: map[string]*subscriber{},
	}
}

// errCapacity explains a refused subscription.
func (s *subscriptions) errCapacity(adding int, has int) error {
	if has+adding > s.perClient {
		return fmt.Errorf("a client may follow at most %d handoffs at once; unsubscribe from some first", s.perClient)
	}
	return fmt.Errorf("the server already holds its maximum of %d resource subscriptions (updates.max_subscriptions); try again later", s.max)
}

// canSubscribe checks that session sessionID may follow uri: an error when
// the client or the server is at its limit.
func (s *subscriptions) canSubscribe(sessionID, uri string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := s.legacy[sessionID]
	has := 0
	if sub != nil {
		if _, ok := sub.uris[uri]; ok {
			return nil
		}
		has = len(sub.uris)
	}
	if has+1 > s.perClient || s.total+1 > s.max {
		return s.errCapacity(1, has)
	}
	return nil
}

// canListen checks that a listen stream may follow n URIs.
func (s *subscriptions) canListen(n int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n > s.perClient || s.total+n > s.max {
		return s.errCapacity(n, 0)
	}
	return nil
}

// add records that sub follows uri, within the limits; the caller holds mu.
func (s *subscriptions) add(sub *subscriber, uri string) {
	if _, ok := sub.uris[uri]; ok {
		return
	}
	if len(sub.uris) >= s.perClient || s.total >= s.max {
		s.log.Warn().Str("uri", uri).Int("max", s.max).Msg("subscription over the limit; not kept")
		return
	}
	sub.uris[uri] = struct{}{}
	set := s.byURI[uri]
	if set == nil {
		set = map[*subscriber]struct{}{}
		s.byURI[uri] = set
	}
	set[sub] = struct{}{}
	s.total++
}

// removeURI drops uri from sub; the caller holds mu.
func (s *subscriptions) removeURI(sub *subscriber, uri string) {
	if _, ok := sub.uris[uri]; !ok {
		return
	}
	delete(sub.uris, uri)
	delete(s.byURI[uri], sub)
	if len(s.byURI[uri]) == 0 {
		delete(s.byURI, uri)
	}
	s.total--
}

// subscribe records a legacy resources/subscribe of session sessionID.
func (s *subscriptions) subscribe(sessionID, uri string) {
	if sessionID == "" {
		return // no session to send to
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := s.legacy[sessionID]
	if sub == nil {
		sub = &subscriber{sessionID: sessionID, uris: map[string]struct{}{}}
		s.legacy[sessionID] = sub
	}
	s.add(sub, uri)
}

// unsubscribe records a legacy resources/unsubscribe.
func (s *subscriptions) unsubscribe(sessionID, uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sub := s.legacy[sessionID]; sub != nil {
		s.removeURI(sub, uri)
		if len(sub.uris) == 0 {
			delete(s.legacy, sessionID)
		}
	}
}

// dropSession forgets every subscription of a legacy session that ended.
func (s *subscriptions) dropSession(sessionID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sub := s.legacy[sessionID]; sub != nil {
		s.drop(sub)
		delete(s.legacy, sessionID)
	}
}

// drop removes every URI of sub; the caller holds mu.
func (s *subscriptions) drop(sub *subscriber) {
	for uri := range sub.uris {
		s.removeURI(sub, uri)
	}
}

// listen records the URIs of subscriptions/listen request id, served by
// session, until ctx (the request's) ends.
func (s *subscriptions) listen(ctx context.Context, id any, session server.ClientSession, uris []string) {
	if session == nil || len(uris) == 0 {
		return
	}
	sub := &subscriber{sessionID: session.SessionID(), stream: session, listenID: id, uris: map[string]struct{}{}}
	s.mu.Lock()
	for _, uri := range uris {
		s.add(sub, uri)
	}
	s.mu.Unlock()
	context.AfterFunc(ctx, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.drop(sub)
	})
}

// notify sends notifications/resources/updated to every subscriber of a
// changed handoff. It runs on the feed's goroutine and never blocks.
func (s *subscriptions) notify(changes []watch.Change) {
	for _, c := range changes {
		uri := HandoffURI(c.HandoffID)
		s.mu.Lock()
		subs := make([]*subscriber, 0, len(s.byURI[uri]))
		for sub := range s.byURI[uri] {
			subs = append(subs, sub)
		}
		s.mu.Unlock()
		for _, sub := range subs {
			s.send(sub, uri)
		}
	}
}

// send delivers one update to sub without blocking: to a legacy session by
// its id, to a listen stream on its session's channel.
func (s *subscriptions) send(sub *subscriber, uri string) {
	params := map[string]any{"uri": uri}
	if sub.stream == nil {
		err := s.srv.SendNotificationToSpecificClient(sub.sessionID, mcp.MethodNotificationResourceUpdated, params)
		switch {
		case errors.Is(err, server.ErrSessionNotFound):
			s.dropSession(sub.sessionID) // it ended without telling us
		case err != nil:
			s.log.Debug().Err(err).Str("uri", uri).Msg("resource update not sent")
		}
		return
	}
	// Every message on a listen stream carries the listen request's id
	// (mcp-go's HTTP transport tags it too; its stdio transport does not).
	n := mcp.JSONRPCNotification{
		JSONRPC: mcp.JSONRPC_VERSION,
		Notification: mcp.Notification{Method: mcp.MethodNotificationResourceUpdated, Params: mcp.NotificationParams{
			Meta: map[string]any{mcp.MetaKeySubscriptionID: sub.listenID}, AdditionalFields: params,
		}},
	}
	select {
	case sub.stream.NotificationChannel() <- n:
	default:
		s.log.Debug().Str("uri", uri).Msg("resource update not sent: the listen stream is full")
	}
}
