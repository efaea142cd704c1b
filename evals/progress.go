package evals

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
)

// progress reports a long run on stderr: a redrawn bar when stderr is a
// terminal, one quiet line per finished stage otherwise, nothing when off.
type progress struct {
	w   io.Writer
	tty bool
	off bool
	now func() time.Time

	mu    sync.Mutex // protects the fields below
	label string
	total int
	start time.Time
	drawn time.Time
}

func newProgress(w io.Writer, now func() time.Time, quiet bool) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
	}
	return &progress{w: w, tty: tty, off: quiet, now: now}
}

// begin starts a stage of total rows.
func (p *progress) begin(label string, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.label, p.total, p.start, p.drawn = label, total, p.now(), time.Time{}
}

// done is the runner's callback after each finished row.
func (p *progress) done(n int) {
	if p.off || !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.now()
	if n < p.total && t.Sub(p.drawn) < 100*time.Millisecond {
		return
	}
	p.drawn = t
	const width = 30
	filled := width * n / max(1, p.total)
	rate := ""
	if el := t.Sub(p.start).Seconds(); el > 0 {
		rate = fmt.Sprintf(" %.0f rows/s", float64(n)/el)
	}
	fmt.Fprintf(p.w, "\r\033[K%s [%s%s] %d/%d%s", p.label, strings.Repeat("=", filled), strings.Repeat(" ", width-filled), n, p.total, rate)
}

// end closes a stage: the bar's line ends, or a quiet line is written.
func (p *progress) end(errors int) {
	if p.off {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	el := p.now().Sub(p.start).Round(time.Millisecond)
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "eval: %s: %d rows in %s, %d errors\n", p.label, p.total, el, errors)
}
