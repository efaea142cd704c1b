package classify

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
)

// A turn in a language the embedded classifier does not know is never a
// confident no: the cascade asks the LLM. Requests for a human in the
// languages known for requests only are settled without it.
func TestCascadeAsksTheLLMAboutUnknownLanguages(t *testing.T) {
	srv, calls := llmServer(t, http.StatusOK, `{"handoff":true,"triggers":["explicit_request"],"confidence":0.9,"reason":"Asks for a person."}`)
	c, err := New(cascadeConfig(srv.URL), DefaultTriggers(), Options{Clock: clocktest.NoWait(clock.Real{}, nil)})
	require.NoError(t, err)

	for _, text := range []string{"Chcę rozmawiać z konsultantem", "Bir insanla konuşmak istiyorum", "オペレーターと話したいです",
		"我要转人工客服", "Я хочу поговорить с оператором", "أريد التحدث مع موظف"} {
		d := say(t, c, text)
		assert.Equal(t, CascadeEmbedded, d.Classifier, text)
		assert.Equal(t, []string{"explicit_request"}, d.Triggers, text)
	}
	require.Equal(t, int32(0), calls.Load(), "requests in known languages need no LLM")

	for _, text := range []string{"상담원과 통화하고 싶어요", "Θέλω να μιλήσω με έναν άνθρωπο", "Szeretnék beszélni egy ügyintézővel"} {
		before := calls.Load()
		d := say(t, c, text)
		assert.Equal(t, CascadeLLM, d.Classifier, text)
		assert.Equal(t, before+1, calls.Load(), text)
		assert.Equal(t, []string{"explicit_request"}, d.Triggers, text)
	}
}
