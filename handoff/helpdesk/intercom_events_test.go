package helpdesk

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIntercomAssignee(t *testing.T) {
	cases := []struct {
		raw, typ, id string
	}{
		{`{"type": "admin", "id": "991267"}`, "admin", "991267"},
		{`{"type": "team", "id": 5000}`, "team", "5000"},
		{`991267`, "admin", "991267"},
		{`"991267"`, "admin", "991267"},
		{`null`, "", ""},
		{``, "", ""},
	}
	for _, c := range cases {
		typ, id := intercomPart{AssignedTo: []byte(c.raw)}.assignee()
		assert.Equal(t, c.typ, typ, c.raw)
		assert.Equal(t, c.id, id, c.raw)
	}
}
