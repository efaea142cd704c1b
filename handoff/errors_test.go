package handoff

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFieldOf reads the field of the first *Error in a chain, however
// deeply wrapped, and "" without one.
func TestFieldOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"invalid email", Invalid("email", "is empty"), "email"},
		{"wrapped", fmt.Errorf("requesting: %w", Invalid("phone", "too short")), "phone"},
		{"no field", NotFound("no handoff %q", "h1"), ""},
		{"not ours", errors.New("email: is empty"), ""},
		{"nil", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, FieldOf(tc.err))
		})
	}
}
