package privacy

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// recorder is a connector that keeps what it was sent.
type recorder struct {
	opened, found handoff.Handoff
	message       handoff.Message
	reason        string
}

func (r *recorder) Name() string { return "recorder" }
func (r *recorder) Open(_ context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	r.opened = h
	return handoff.Receipt{RemoteID: "T-1"}, nil
}
func (r *recorder) AddMessage(_ context.Context, _ handoff.Handoff, m handoff.Message) error {
	r.message = m
	return nil
}
func (r *recorder) Close(_ context.Context, _ handoff.Handoff, reason string) error {
	r.reason = reason
	return nil
}
func (r *recorder) Check(context.Context) error { return nil }

type findingRecorder struct{ recorder }

func (r *findingRecorder) Find(_ context.Context, h handoff.Handoff) (handoff.Receipt, bool, error) {
	r.found = h
	return handoff.Receipt{RemoteID: "T-1"}, true, nil
}

func TestConnectorMasksWhatItSends(t *testing.T) {
	r := defaultRedactor(t)
	ctx := context.Background()
	h := handoff.Handoff{ID: "h_1", Question: "card 4111111111111111", Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "card 4111111111111111"}}}

	rec := &recorder{}
	c := Connector(rec, r)
	_, isFinder := c.(helpdesk.Finder)
	assert.False(t, isFinder, "a connector that cannot search stays one")
	assert.Equal(t, "recorder", c.Name())
	_, err := c.Open(ctx, h)
	require.NoError(t, err)
	assert.Equal(t, "card [redacted card]", rec.opened.Question)
	assert.Equal(t, "card [redacted card]", rec.opened.Transcript[0].Content)
	assert.Equal(t, []handoff.Redaction{{Kind: "card", Count: 1}}, rec.opened.Redactions, "a handoff without a report gets one")
	h2 := h
	h2.Redactions = []handoff.Redaction{{Kind: "card", Count: 2}}
	_, err = c.Open(ctx, h2)
	require.NoError(t, err)
	assert.Equal(t, h2.Redactions, rec.opened.Redactions, "the stored report stands")
	require.NoError(t, c.AddMessage(ctx, h, handoff.Message{Text: "salasana on kissa123"}))
	assert.Equal(t, "salasana on [redacted password]", rec.message.Text)
	require.NoError(t, c.Close(ctx, h, "user left IBAN FI2112345600000785"))
	assert.Equal(t, "user left IBAN [redacted iban]", rec.reason)
	assert.Equal(t, "card 4111111111111111", h.Transcript[0].Content, "the caller's handoff is untouched")

	frec := &findingRecorder{}
	fc := Connector(frec, r)
	f, ok := fc.(helpdesk.Finder)
	require.True(t, ok, "a searchable connector stays searchable")
	_, found, err := f.Find(ctx, h)
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, "card [redacted card]", frec.found.Question, "Find sees what Open sent")

	assert.Same(t, rec, Connector(rec, nil), "no redactor, no wrapper")
}

type ratingRecorder struct {
	recorder
	rating handoff.Rating
}

func (r *ratingRecorder) Rate(_ context.Context, _ handoff.Handoff, rt handoff.Rating) error {
	r.rating = rt
	return nil
}

type findingRatingRecorder struct {
	findingRecorder
	rating handoff.Rating
}

func (r *findingRatingRecorder) Rate(_ context.Context, _ handoff.Handoff, rt handoff.Rating) error {
	r.rating = rt
	return nil
}

// A helpdesk that takes ratings still takes them through redaction (the
// service enqueues a rating only for a Rater), with the comment masked.
func TestConnectorKeepsRatings(t *testing.T) {
	r := defaultRedactor(t)
	ctx := context.Background()
	h := handoff.Handoff{ID: "h_1"}
	_, isRater := Connector(&recorder{}, r).(handoff.Rater)
	assert.False(t, isRater, "a connector that cannot rate stays one")

	rec := &ratingRecorder{}
	rt, ok := Connector(rec, r).(handoff.Rater)
	require.True(t, ok, "a rating connector stays one")
	require.NoError(t, rt.Rate(ctx, h, handoff.Rating{Rating: 4, Comment: "my card 4111111111111111 works"}))
	assert.Equal(t, handoff.Rating{Rating: 4, Comment: "my card [redacted card] works"}, rec.rating)

	frec := &findingRatingRecorder{}
	c := Connector(frec, r)
	_, isFinder := c.(helpdesk.Finder)
	assert.True(t, isFinder)
	rt, ok = c.(handoff.Rater)
	require.True(t, ok, "both stay both")
	require.NoError(t, rt.Rate(ctx, h, handoff.Rating{Rating: 2, Comment: "IBAN FI2112345600000785"}))
	assert.Equal(t, handoff.Rating{Rating: 2, Comment: "IBAN [redacted iban]"}, frec.rating)
}
