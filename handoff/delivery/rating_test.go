package delivery

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// ratingDesk is a desk that takes satisfaction ratings (handoff.Rater).
type ratingDesk struct{ *desk }

var _ handoff.Rater = ratingDesk{}

func (d ratingDesk) Rate(_ context.Context, h handoff.Handoff, _ handoff.Rating) error {
	return d.err(d.outcome("rate", h.ID, 0))
}

// ratingJob is the rating job of handoff id.
func ratingJob(id string, rating int) handoff.Delivery {
	return handoff.Delivery{Subject: id, Kind: handoff.DeliveryRating, Rating: &handoff.Rating{HandoffID: id, Rating: rating}}
}

// A rating job runs after the open, is retried after a transient failure
// like any job, and is done once the helpdesk takes it.
func TestRatingDelivered(t *testing.T) {
	d := ratingDesk{newDesk(func(op string, n int) int {
		if op == "rate" && n == 1 {
			return refuse
		}
		return ok
	})}
	r := newRig(t, testConfig(), d)
	r.handoff("h_1", handoff.PriorityNormal)
	r.enqueue(ratingJob("h_1", 5))
	r.drain(10)
	assert.Equal(t, []string{"open h_1", "rate h_1", "rate h_1"}, d.callLog())
	jobs := r.jobs("h_1")
	require.Len(t, jobs, 2)
	assert.Equal(t, handoff.DeliveryDone, jobs[1].State)
	assert.Equal(t, 2, jobs[1].Attempts)
	require.NotNil(t, jobs[1].Rating, "the payload survives the store")
	assert.Equal(t, 5, jobs[1].Rating.Rating)
}

// A refused rating is parked at once, logged as a configuration error
// naming the setting and how to send it again.
func TestRatingRefusedParked(t *testing.T) {
	d := ratingDesk{newDesk(func(op string, _ int) int {
		if op == "rate" {
			return reject
		}
		return ok
	})}
	r := newRig(t, testConfig(), d)
	r.handoff("h_1", handoff.PriorityNormal)
	job := r.enqueue(ratingJob("h_1", 2))
	r.runOnce()
	r.runOnce()
	r.clk.Advance(time.Hour)
	assert.Equal(t, 0, r.runOnce(), "nothing is retried")
	jobs := r.jobs("h_1")
	assert.Equal(t, handoff.DeliveryFailed, jobs[1].State)
	assert.True(t, jobs[1].Permanent)
	assert.Equal(t, handoff.StateDelivered, r.get("h_1").State, "the handoff is untouched")
	logs := r.logs.String()
	assert.Contains(t, logs, `"configuration_error":true`)
	assert.Contains(t, logs, "check helpdesk.fake.api_token")
	assert.Contains(t, logs, "satisfaction answer is NOT in the helpdesk")
	assert.Contains(t, logs, "handoff-mcp outbox retry "+strconv.FormatInt(job.ID, 10))
}

// A connector that takes no ratings (configuration changed since the job
// was enqueued) cancels the job without a call.
func TestRatingWithoutRaterCancelled(t *testing.T) {
	d := newDesk(nil)
	r := newRig(t, testConfig(), d)
	r.handoff("h_1", handoff.PriorityNormal)
	r.enqueue(ratingJob("h_1", 3))
	r.drain(10)
	assert.Equal(t, []string{"open h_1"}, d.callLog())
	jobs := r.jobs("h_1")
	assert.Equal(t, handoff.DeliveryCancelled, jobs[1].State)
	assert.Contains(t, jobs[1].LastError, "the fake connector takes no satisfaction ratings")
}
