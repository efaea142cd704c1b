package desk

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestUIStringsComplete: every English string has its German, French and
// Finnish translation, and no language has a key English lacks.
func TestUIStringsComplete(t *testing.T) {
	for _, lang := range []string{"de", "fr", "fi"} {
		t.Run(lang, func(t *testing.T) {
			for k := range uiStrings["en"] {
				assert.NotEmpty(t, uiStrings[lang][k], "%s lacks %q", lang, k)
			}
			for k := range uiStrings[lang] {
				assert.Contains(t, uiStrings["en"], k)
			}
		})
	}
}
