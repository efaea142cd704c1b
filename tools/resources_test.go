package tools

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// eras are the two ways a client speaks to the server.
var eras = []struct {
	name string
	opts []client.ClientOption
	// notFound is how mcp-go answers a URI no resource matches: -32002
	// before 2026-07-28, -32602 (SEP-2164) from it.
	notFound error
}{
	{"2025-11-25", []client.ClientOption{client.WithProtocolVersion(mcp.ProtocolVersion20251125)}, mcp.ErrResourceNotFound},
	{"2026-07-28", nil, mcp.ErrInvalidParams},
}

func TestHandoffResourceIsListedAsATemplate(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	for _, era := range eras {
		t.Run(era.name, func(t *testing.T) {
			c := e.client(t, era.opts...)
			res, err := c.ListResourceTemplates(context.Background(), mcp.ListResourceTemplatesRequest{})
			require.NoError(t, err)
			require.Len(t, res.ResourceTemplates, 1)
			tmpl := res.ResourceTemplates[0]
			assert.Equal(t, "handoff://{id}", tmpl.URITemplate.Raw())
			assert.Equal(t, "handoff", tmpl.Name)
			assert.Equal(t, "application/json", tmpl.MIMEType)
			assert.Contains(t, tmpl.Description, "Subscribe to it")

			list, err := c.ListResources(context.Background(), mcp.ListResourcesRequest{})
			require.NoError(t, err)
			assert.Empty(t, list.Resources, "handoffs are never listed to every client")
		})
	}
}

func TestResourceCapabilityAllowsSubscriptions(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	c, err := client.NewInProcessClientWithOptions(e.srv.MCPServer, client.WithProtocolVersion(mcp.ProtocolVersion20251125))
	require.NoError(t, err)
	require.NoError(t, c.Start(context.Background()))
	defer c.Close()
	var init mcp.InitializeRequest
	init.Params.ClientInfo = mcp.Implementation{Name: "test", Version: "1"}
	res, err := c.Initialize(context.Background(), init)
	require.NoError(t, err)
	require.NotNil(t, res.Capabilities.Resources)
	assert.True(t, res.Capabilities.Resources.Subscribe)
	assert.False(t, res.Capabilities.Resources.ListChanged, "there is no list whose changes could be announced")
}

func TestReadHandoffResource(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	for _, era := range eras {
		t.Run(era.name, func(t *testing.T) {
			c := e.client(t, era.opts...)
			id := e.handoffFor(t, c, "conv-read-"+era.name)
			e.transition(t, id, handoff.StateAgentJoined)

			v := readHandoff(t, c, id)
			assert.Equal(t, "handoff://"+id, v.URI)
			assert.Equal(t, id, v.ID)
			assert.Equal(t, "conv-read-"+era.name, v.ConversationID)
			assert.Equal(t, handoff.StateAgentJoined, v.State)
			assert.True(t, v.Open)
			assert.Equal(t, "human", v.Owner)
			assert.Equal(t, QueueView{Status: "with_agent"}, v.Queue)
			assert.Contains(t, v.NextStep, "Stay silent and relay")
			assert.Equal(t, "anna.berg@example.com", v.Contact.Email)
			assert.Equal(t, []string{"explicit_request"}, v.Triggers)
			assert.Contains(t, v.Reason, "explicit_request")
			assert.Equal(t, "normal", v.Priority)
			assert.Equal(t, "inbox", v.Helpdesk.Connector)
			assert.Equal(t, id, v.Helpdesk.RemoteID)
			var path []string
			for _, ev := range v.Events {
				path = append(path, string(ev.From)+">"+string(ev.To)+":"+ev.Cause)
			}
			assert.Equal(t, []string{">delivered:created", "delivered>agent_joined:changed elsewhere"}, path, "the inbox takes it as it is stored")
			assert.Equal(t, []MessageView{}, v.Messages, "the store keeps no session messages yet")
			assert.Zero(t, v.LastMessageSeq)
			assert.Equal(t, fixedNow, v.CreatedAt)
		})
	}
}

func TestReadEndedHandoffGivesTheBotBack(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	c := e.client(t)
	id := e.handoffFor(t, c, "conv-ended")
	e.transition(t, id, handoff.StateTimedOut)
	v := readHandoff(t, c, id)
	assert.Equal(t, handoff.StateTimedOut, v.State)
	assert.False(t, v.Open)
	assert.Equal(t, "bot", v.Owner)
	assert.Equal(t, "ended", v.Queue.Status)
	assert.Contains(t, v.NextStep, "You own the conversation again")
}

func TestReadUnknownHandoffIsResourceNotFound(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	for _, era := range eras {
		t.Run(era.name, func(t *testing.T) {
			c := e.client(t, era.opts...)
			for _, uri := range []string{"handoff://h_doesnotexist", "handoff://a/b", "handoff://", "handoff://h?x=1"} {
				var req mcp.ReadResourceRequest
				req.Params.URI = uri
				_, err := c.ReadResource(context.Background(), req)
				require.Error(t, err, uri)
				assert.Contains(t, err.Error(), "resource not found", uri)
				// Refused before dispatch (mcp-go has no way for a template
				// handler to answer not found): -32600 in both eras.
				assert.ErrorIs(t, err, mcp.ErrInvalidRequest, uri)
				assert.NotContains(t, strings.ToLower(err.Error()), "sql", "nothing internal leaks")
			}
			var req mcp.ReadResourceRequest
			req.Params.URI = "file:///etc/passwd"
			_, err := c.ReadResource(context.Background(), req)
			require.Error(t, err)
			assert.ErrorIs(t, err, era.notFound, "another scheme matches no template")
		})
	}
}

// sessionStore stands for the store of the session-messages work: the real
// SQLite store plus the messages it keeps.
type sessionStore struct {
	*store.DB
	messages []handoff.Message
}

func (s *sessionStore) Messages(_ context.Context, id string, after int64, limit int) ([]handoff.Message, error) {
	out := []handoff.Message{}
	for _, m := range s.messages {
		if m.HandoffID == id && m.Seq > after && len(out) < limit {
			out = append(out, m)
		}
	}
	return out, nil
}

// fixedQueue stands for the service of the session work, which knows the
// queue.
type fixedQueue struct {
	position int
	wait     time.Duration
}

func (q fixedQueue) QueueInfo(context.Context, handoff.Handoff) (int, time.Duration, error) {
	return q.position, q.wait, nil
}

var (
	_ SessionMessageStore = (*sessionStore)(nil)
	_ QueueReporter       = fixedQueue{}
)

func TestHandoffResourceShowsSessionMessagesAndQueue(t *testing.T) {
	var ss *sessionStore
	e := newFollowEnv(t, "", followOpts{
		wrap:  func(st *store.DB) handoff.Store { ss = &sessionStore{DB: st}; return ss },
		queue: fixedQueue{position: 2, wait: 150 * time.Second},
	})
	c := e.client(t)
	id := e.handoffFor(t, c, "conv-messages")
	at := fixedNow.Add(time.Minute)
	ss.messages = []handoff.Message{
		{HandoffID: id, Seq: 1, Author: handoff.AuthorAgent, Name: "Sam", Text: "Hi Anna, I'm looking at your order.", At: at},
		{HandoffID: "h_other", Seq: 1, Author: handoff.AuthorAgent, Text: "not this one", At: at},
		{HandoffID: id, Seq: 2, Author: handoff.AuthorUser, Text: "Thanks!", At: at.Add(time.Second)},
	}

	v := readHandoff(t, c, id)
	assert.Equal(t, []MessageView{
		{Seq: 1, Author: handoff.AuthorAgent, Name: "Sam", Text: "Hi Anna, I'm looking at your order.", At: at},
		{Seq: 2, Author: handoff.AuthorUser, Text: "Thanks!", At: at.Add(time.Second)},
	}, v.Messages)
	assert.EqualValues(t, 2, v.LastMessageSeq)
	assert.Zero(t, v.MessagesOmitted)
	assert.Equal(t, QueueView{Status: "waiting_for_agent", Position: 2, EstimatedWaitSeconds: 150}, v.Queue)

	e.transition(t, id, handoff.StateAgentJoined)
	assert.Equal(t, QueueView{Status: "with_agent"}, readHandoff(t, c, id).Queue, "no position once an agent joined")
}

func TestHandoffResourceKeepsTheNewestMessages(t *testing.T) {
	var ss *sessionStore
	e := newFollowEnv(t, "", followOpts{wrap: func(st *store.DB) handoff.Store { ss = &sessionStore{DB: st}; return ss }})
	c := e.client(t)
	id := e.handoffFor(t, c, "conv-long")
	for seq := int64(1); seq <= 730; seq++ {
		ss.messages = append(ss.messages, handoff.Message{HandoffID: id, Seq: seq, Author: handoff.AuthorAgent, Text: "m", At: fixedNow})
	}
	v := readHandoff(t, c, id)
	require.Len(t, v.Messages, 500)
	assert.EqualValues(t, 231, v.Messages[0].Seq, "the newest 500")
	assert.EqualValues(t, 730, v.LastMessageSeq)
	assert.Equal(t, 230, v.MessagesOmitted)
}

func TestHandoffIDFromURI(t *testing.T) {
	tests := []struct {
		uri  string
		id   string
		want bool
	}{
		{"handoff://h_xnzcddaeqnuay2xx", "h_xnzcddaeqnuay2xx", true},
		{"handoff://", "", false},
		{"handoff://h_1/messages", "", false},
		{"handoff://h_1?since=3", "", false},
		{"handoff://h_1#x", "", false},
		{"handoffs://h_1", "", false},
		{"h_1", "", false},
		{"handoff://" + strings.Repeat("x", 257), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.uri, func(t *testing.T) {
			id, ok := HandoffIDFromURI(tt.uri)
			assert.Equal(t, tt.want, ok)
			assert.Equal(t, tt.id, id)
		})
	}
}
