package app

import (
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// TerminalSafe returns a writer that passes text to w with every terminal
// control neutralised: escape sequences (CSI cursor moves, OSC titles and
// OSC 8 links), other C0 and C1 controls, DEL, and the bidirectional
// overrides that reorder what a terminal shows. Each is written as its
// visible escape (\u001b, \u009b, \u202e, \x9b for a stray byte), which is
// also valid inside a JSON string. Line breaks and tabs pass. Every command
// that prints user text to an agent's terminal writes through it.
func TerminalSafe(w io.Writer) io.Writer {
	if t, ok := w.(*terminalWriter); ok {
		return t
	}
	return &terminalWriter{w: w}
}

type terminalWriter struct {
	w io.Writer

	mu      sync.Mutex // protects pending, and keeps each write whole
	pending []byte     // the start of a rune split across writes
}

func (t *terminalWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	buf := append(t.pending, p...)
	t.pending = nil
	out := make([]byte, 0, len(buf))
	for i := 0; i < len(buf); {
		c := buf[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				out = fmt.Appendf(out, `\u%04x`, c)
			} else {
				out = append(out, c)
			}
			i++
			continue
		}
		if !utf8.FullRune(buf[i:]) {
			t.pending = append([]byte(nil), buf[i:]...)
			break
		}
		r, size := utf8.DecodeRune(buf[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = fmt.Appendf(out, `\x%02x`, c)
		case unsafeRune(r):
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, buf[i:i+size]...)
		}
		i += size
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// unsafeRune reports a C1 control or a bidirectional embedding, override
// or isolate.
func unsafeRune(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}
