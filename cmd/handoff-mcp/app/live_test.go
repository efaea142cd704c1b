package app

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/tools"
	"github.com/handoff-mcp/handoff-mcp/tools/transport"
)

// desks are the helpdesks the live loop is shown with.
var desks = []struct {
	name string
	new  func(t *testing.T, clk *fakeClock) desk
}{
	{"inbox", func(*testing.T, *fakeClock) desk { return inboxDesk{} }},
	{"webhook", func(t *testing.T, clk *fakeClock) desk { return newWebhookDesk(t, clk) }},
}

// liveRun is one live test: the server, its MCP client over HTTP, the
// helpdesk side, and the handoff requested.
type liveRun struct {
	s   *liveServer
	c   *client.Client
	d   desk
	clk *fakeClock
	id  string
}

// request starts a server for d and requests a handoff over HTTP, checking
// that it was accepted with a place in the queue and the expected wait, and
// (webhook) that the receiver got it signed, with the transcript and email.
func request(t *testing.T, newDesk func(*testing.T, *fakeClock) desk) *liveRun {
	t.Helper()
	clk := clocktest.NewFake(liveNow)
	d := newDesk(t, clk)
	s := startLive(t, d.helpdesk(), clk)
	c := s.client()
	out := callTool[tools.HandoffOutput](t, c, "request_human_handoff", map[string]any{
		"conversation_id": "conv-42", "email": "anna.berg@example.com", "name": "Anna Berg", "language": "en",
		"transcript": []map[string]string{
			{"role": "user", "content": "My parcel never arrived."},
			{"role": "assistant", "content": "Sorry to hear that! Could you give me the order number?"},
			{"role": "user", "content": "I gave it twice already. Please let me talk to a human."},
		},
	})
	require.Equal(t, "delivered", out.Status, out.HelpdeskError)
	assert.Equal(t, "human", out.Owner)
	assert.Equal(t, 1, out.QueuePosition)
	assert.Equal(t, 120, out.EstimatedWait)
	assert.Equal(t, "I've passed our conversation to a member of our team. A person will take over here in about 2 min; you don't need to repeat anything.", out.MessageForUser)
	if wd, ok := d.(*webhookDesk); ok {
		ev := wd.next(t)
		require.Equal(t, helpdesk.EventCreated, ev.Type)
		assert.Equal(t, "anna.berg@example.com", ev.Handoff.Contact.Email)
		assert.Len(t, ev.Handoff.Transcript, 3)
		assert.Equal(t, wd.ticket(out.HandoffID), out.RemoteID)
	}
	return &liveRun{s: s, c: c, d: d, clk: clk, id: out.HandoffID}
}

func texts(ms []tools.SessionMessage) []string {
	out := []string{}
	for _, m := range ms {
		who := m.From
		if m.Name != "" {
			who += " " + m.Name
		}
		out = append(out, who+": "+m.Text)
	}
	return out
}

// TestLiveLoopOverHTTP: handoff requested, an agent joins and replies, the
// user replies, the agent replies and closes; the bot takes the
// conversation back.
func TestLiveLoopOverHTTP(t *testing.T) {
	for _, dk := range desks {
		t.Run(dk.name, func(t *testing.T) {
			r := request(t, dk.new)
			st := status(t, r.c, r.id, 0)
			assert.Equal(t, "delivered", st.State)
			assert.Equal(t, "human", st.Owner)
			assert.Equal(t, "You're number 1 in the queue; the expected wait is about 2 min. A person from our team will reply here.", st.MessageForUser)

			r.clk.Advance(15 * time.Second)
			r.d.join(t, r.s, r.id, "Lea Koch")
			require.NoError(t, r.d.reply(t, r.s, r.id, "Lea Koch", "Hi Anna, this is Lea. I'm looking at your parcel now."))
			st = status(t, r.c, r.id, st.NextCursor)
			assert.Equal(t, "agent_joined", st.State)
			assert.Equal(t, "human", st.Owner)
			assert.Equal(t, "Lea Koch", st.AgentName)
			assert.Equal(t, []string{
				"system: Lea Koch has joined the conversation and will reply here.",
				"agent Lea Koch: Hi Anna, this is Lea. I'm looking at your parcel now.",
			}, texts(st.Messages))
			assert.Contains(t, st.NextStep, "Relay everything the user writes with send_handoff_message")

			sent := callTool[tools.SendOutput](t, r.c, "send_handoff_message", map[string]any{"handoff_id": r.id, "text": "It's order 4711."})
			require.True(t, sent.Sent)
			assert.Equal(t, "It's order 4711.", r.d.userSaid(t, r.s, r.id), "the agent sees the user's reply")

			r.clk.Advance(20 * time.Second)
			require.NoError(t, r.d.reply(t, r.s, r.id, "Lea Koch", "Found it: it arrives tomorrow before noon."))
			st = status(t, r.c, r.id, st.NextCursor)
			assert.Equal(t, []string{"agent Lea Koch: Found it: it arrives tomorrow before noon."}, texts(st.Messages))

			r.d.close(t, r.s, r.id)
			st = status(t, r.c, r.id, st.NextCursor)
			assert.Equal(t, "closed", st.State)
			assert.Equal(t, "bot", st.Owner)
			assert.Equal(t, "agent", st.EndedBy)
			assert.Equal(t, "Our team has closed the conversation. I'm here if there's anything else I can help with.", st.MessageForUser)
			assert.Contains(t, st.NextStep, "you own the conversation again")

			late := callTool[tools.SendOutput](t, r.c, "send_handoff_message", map[string]any{"handoff_id": r.id, "text": "Thanks!"})
			assert.False(t, late.Sent, "nobody reads it any more")
			assert.Equal(t, "bot", late.Owner)
			if wd, ok := r.d.(*webhookDesk); ok {
				assert.Empty(t, wd.got, "the agent's close is not echoed back, and the late message never sent")
			}

			evs, err := r.s.app.Store.Events(context.Background(), r.id)
			require.NoError(t, err)
			var history []string
			for _, e := range evs {
				history = append(history, string(e.To)+" ("+e.Cause+")")
			}
			created := []string{"queued (created)", "delivered (delivered)"}
			if dk.name == "inbox" { // the inbox takes it as it is stored
				created = []string{"delivered (created)"}
			}
			assert.Equal(t, append(created, "agent_joined ("+firstJoin(dk.name)+")",
				"closed (closed by the agent in "+dk.name+")"), history)
		})
	}
}

// firstJoin is the cause of agent_joined: the webhook's agent was assigned
// before writing; the inbox's agent joins by replying.
func firstJoin(desk string) string {
	if desk == "webhook" {
		return "an agent took the conversation: Lea Koch"
	}
	return "the agent replied"
}

// chooser answers the waiting question with one choice.
type chooser struct {
	mu     sync.Mutex
	choice string
	asked  []string
}

func (c *chooser) Elicit(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked = append(c.asked, req.Params.Message)
	return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{
		Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"choice": c.choice},
	}}, nil
}

// TestWaitingTimeoutOverHTTP: nobody answers; after timeouts.wait the user
// is asked (in the status for a client without elicitation), keeps waiting,
// is asked again (by elicitation this time) and ends the request; the
// helpdesk is told.
func TestWaitingTimeoutOverHTTP(t *testing.T) {
	for _, dk := range desks {
		t.Run(dk.name, func(t *testing.T) {
			r := request(t, dk.new)
			r.clk.Advance(59 * time.Second)
			assert.Equal(t, handoff.SweepResult{}, r.s.sweep())
			r.clk.Advance(time.Second)
			assert.Equal(t, handoff.SweepResult{Asked: 1}, r.s.sweep())

			st := status(t, r.c, r.id, 0)
			require.NotNil(t, st.WaitQuestion)
			assert.Equal(t, "Nobody from our team has been able to reply yet (you've waited about 1 min). Would you like to keep waiting, end your request, or leave a message the team will answer by email?", st.WaitQuestion.Question)
			assert.Len(t, st.WaitQuestion.Choices, 3)
			assert.Equal(t, "human", st.Owner, "still the team's until the user decides")

			st = callTool[tools.StatusOutput](t, r.c, "get_handoff_status", map[string]any{"handoff_id": r.id, "keep_waiting": true})
			assert.Nil(t, st.WaitQuestion)
			assert.Equal(t, "Thanks for your patience. I'll let you know as soon as someone from our team replies.", st.MessageForUser)

			r.clk.Advance(time.Minute)
			assert.Equal(t, handoff.SweepResult{Asked: 1}, r.s.sweep(), "asked again a full wait later")
			ch := &chooser{choice: "end"}
			el := r.s.client(client.WithElicitationHandler(ch))
			st = status(t, el, r.id, 0)
			require.Len(t, ch.asked, 1, "the server asked the user itself")
			assert.Contains(t, ch.asked[0], "you've waited about 2 min")
			assert.Equal(t, "cancelled", st.State)
			assert.Equal(t, "bot", st.Owner)
			assert.Equal(t, "user", st.EndedBy)

			want := map[string]string{
				"inbox":   "ended by the user: chose not to keep waiting",
				"webhook": "The customer ended the conversation: chose not to keep waiting",
			}
			assert.Equal(t, want[dk.name], r.d.told(t, r.s, r.id))
		})
	}
}

// TestSessionTimeoutOverHTTP: the agent replies, the user answers once and
// then goes quiet; timeouts.session after the agent's last message the
// session ends as timed_out and the helpdesk is told.
func TestSessionTimeoutOverHTTP(t *testing.T) {
	for _, dk := range desks {
		t.Run(dk.name, func(t *testing.T) {
			r := request(t, dk.new)
			require.NoError(t, r.d.reply(t, r.s, r.id, "Lea Koch", "Hi Anna, this is Lea."))
			callTool[tools.SendOutput](t, r.c, "send_handoff_message", map[string]any{"handoff_id": r.id, "text": "Hi Lea!"})
			assert.Equal(t, "Hi Lea!", r.d.userSaid(t, r.s, r.id))
			r.clk.Advance(30 * time.Second)
			require.NoError(t, r.d.reply(t, r.s, r.id, "Lea Koch", "Can you confirm your street address?"))

			r.clk.Advance(179 * time.Second)
			assert.Equal(t, handoff.SweepResult{}, r.s.sweep())
			assert.Equal(t, "agent_joined", status(t, r.c, r.id, 0).State)
			r.clk.Advance(time.Second)
			assert.Equal(t, handoff.SweepResult{TimedOut: 1}, r.s.sweep())

			st := status(t, r.c, r.id, 4)
			assert.Equal(t, "timed_out", st.State)
			assert.Equal(t, "bot", st.Owner)
			assert.Equal(t, "timeout", st.EndedBy)
			assert.Equal(t, "The conversation with our team was closed because there was no reply for a while. If you still need help, just ask and I'll connect you again.", st.MessageForUser)

			want := map[string]string{
				"inbox":   "session timeout: no reply from the user within 3m0s of the agent's last message",
				"webhook": "Closed by the bot: the customer did not reply within 3m0s of the agent's last message.",
			}
			assert.Equal(t, want[dk.name], r.d.told(t, r.s, r.id))
			assert.Error(t, r.d.reply(t, r.s, r.id, "Lea Koch", "Hello?"), "too late: the session is over")
		})
	}
}

func TestInboxShowsTheSession(t *testing.T) {
	r := request(t, desks[0].new)
	require.NoError(t, r.d.reply(t, r.s, r.id, "", "Hello Anna!"))
	callTool[tools.SendOutput](t, r.c, "send_handoff_message", map[string]any{"handoff_id": r.id, "text": "Hi!\nIt's order 4711."})
	ctx := context.Background()
	h, err := r.s.app.Store.Handoff(ctx, r.id)
	require.NoError(t, err)
	ms, err := r.s.app.Store.Messages(ctx, r.id, 0, 0)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, PrintSession(&b, h, ms))
	at := liveNow.Format(time.RFC3339)
	assert.Equal(t, "\nSession:\n  an agent, joined "+at+"\n"+
		"  [1] "+at+"  system:    Someone from our team has joined the conversation and will reply here.\n"+
		"  [2] "+at+"  agent:     Hello Anna!\n"+
		"  [3] "+at+"  user:      Hi!\n             It's order 4711.\n", b.String())

	_, err = InboxReply(ctx, r.s.app.Service, "h_missing", "", "hi")
	assert.Equal(t, handoff.KindNotFound, handoff.KindOf(err))
}

func TestInboxCommandsRefuseARemoteHelpdesksHandoff(t *testing.T) {
	r := request(t, desks[1].new)
	_, err := InboxReply(context.Background(), r.s.app.Service, r.id, "Lea", "Hi")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "went to webhook: answer and close it there")
	_, err = InboxClose(context.Background(), r.s.app.Service, r.id)
	require.Error(t, err)
}

func TestHooksLiveOutsideTheBearerToken(t *testing.T) {
	clk := clocktest.NewFake(liveNow)
	d := newWebhookDesk(t, clk)
	s := startLive(t, d.helpdesk(), clk)
	res, err := http.Post(s.srv.URL+transport.MCPPath, "application/json", strings.NewReader(`{}`))
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode, "the MCP endpoint needs the token")

	code, body := d.post(t, s, d.event("h_unknown", "agent_message", "Lea", "hi")) // no token: the signature is the proof
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `"status":"ignored"`, "verified, but no handoff has an empty remote id")
	assert.Contains(t, s.logs.String(), "receiving webhook events at /hooks/webhook")
}
