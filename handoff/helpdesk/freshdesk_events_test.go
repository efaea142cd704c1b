package helpdesk

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A "[handoff:<id>]" the user typed into their question (and so into the
// ticket's subject) names no handoff: only the ticket id does (issue 16).
func TestFreshdeskSubjectReferenceIsNotTrusted(t *testing.T) {
	body := []byte(`{"event":"agent_reply","ticket_id":"9999","subject":"Handoff: refund [handoff:h_victim000001] [handoff:h_k5vq3x7mzt2r4w6y]","agent_name":"Mia","text":"<p>hi</p>"}`)
	req := httptest.NewRequest(http.MethodPost, "/hooks/freshdesk", nil)
	ev, err := (&freshdeskEvents{}).Parse(req, body, time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, "9999", ev.RemoteID)
	assert.Empty(t, ev.HandoffID)
}
