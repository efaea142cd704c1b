package handoff

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		in, want, errHas string
	}{
		{in: "anna@example.com", want: "anna@example.com"},
		{in: "  Anna.B+tag@Example.COM ", want: "Anna.B+tag@example.com"},
		{in: "Anna B <anna@example.fi>", want: "anna@example.fi"},
		{in: "\"quoted local\"@example.org", want: "\"quoted local\"@example.org"},
		{in: "a@b", errHas: "no dot in its domain"},
		{in: "", errHas: "is empty"},
		{in: "anna", errHas: "not an email address"},
		{in: "anna@@example.com", errHas: "not an email address"},
		{in: "anna@example..com", errHas: "not an email address"},
		{in: "anna@-example.com", errHas: "hyphen"},
		{in: "anna@[192.168.0.1]", errHas: "IP literal"},
		{in: "\xff@example.com", errHas: "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeEmail(tt.in)
			if tt.errHas != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.errHas)
				assert.True(t, Is(err, KindInvalid))
				assert.Contains(t, err.Error(), "email")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, region, want, errHas string
	}{
		{in: "+49 30 1234567", want: "+49301234567"},
		{in: "0049 30 1234567", want: "+49301234567"},
		{in: "030 1234567", region: "DE", want: "+49301234567"},
		{in: "(415) 555-2671", region: "us", want: "+14155552671"},
		{in: "040 123 4567", region: "FI", want: "+358401234567"},
		{in: "030 1234567", errHas: "no country code"},
		{in: "+49 12", errHas: "not a valid phone number"},
		{in: "call me", region: "DE", errHas: "not a phone number"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizePhone(tt.in, tt.region)
			if tt.errHas != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.errHas)
				assert.Contains(t, err.Error(), "phone")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
