package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// DefaultDrainWait bounds how long the end of the stdio input waits for the
// tool calls read before it to be answered.
const DefaultDrainWait = 30 * time.Second

// maxTrackedLine is the longest input line whose tool call is tracked; the
// part of a longer line kept while it is read is bounded by it too. Longer
// lines pass through untracked (their answer is then not waited for).
const maxTrackedLine = 4 << 20

// maxPending bounds the tool calls tracked at once: past it, further calls
// are not waited for (an answer whose id mcp-go wrote in another form than
// the request's would otherwise stay tracked for the session's life).
const maxPending = 4096

// Drain pairs the stdio transport's input and output so that the end of the
// input waits, at most wait (or until ctx is done), for the answers to the
// tool calls read before it, and returns the input and output to listen on.
//
// Why: mcp-go's stdio transport cancels every request still running when its
// input ends, and drops the tool calls still queued. A client that writes its
// requests and closes its end (a script piping a file into the server, `echo
// … | handoff-mcp`) then got "context canceled" for calls whose handoffs were
// never stored. Only tools/call requests are waited for: they are the ones
// that store something, and other requests may stay open on purpose
// (subscriptions/listen). A call the client cancels
// (notifications/cancelled) is not waited for.
func Drain(ctx context.Context, in io.Reader, out io.Writer, wait time.Duration, log zerolog.Logger) (io.Reader, io.Writer) {
	return drainAfter(ctx, in, out, wait, log, time.After)
}

// drainAfter is Drain with the clock's timer: after(d) fires once d has
// passed.
func drainAfter(ctx context.Context, in io.Reader, out io.Writer, wait time.Duration, log zerolog.Logger,
	after func(time.Duration) <-chan time.Time) (io.Reader, io.Writer) {
	d := &drain{ctx: ctx, wait: wait, after: after, log: log, pending: map[string]struct{}{}, answered: make(chan struct{}, 1)}
	return &drainReader{d: d, r: in}, &drainWriter{d: d, w: out}
}

// drain is the tool calls read and not yet answered.
type drain struct {
	ctx      context.Context
	wait     time.Duration
	after    func(time.Duration) <-chan time.Time
	log      zerolog.Logger
	mu       sync.Mutex
	pending  map[string]struct{} // ids of tool calls, as JSON
	answered chan struct{}       // signalled when a pending call is answered
}

// read records a line of input: a tool call it now waits for, or the
// cancellation of one.
func (d *drain) read(line []byte) {
	tool := bytes.Contains(line, []byte(`"tools/call"`))
	if !tool && !bytes.Contains(line, []byte(`"notifications/cancelled"`)) {
		return
	}
	var msg struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
		Params struct {
			RequestID json.RawMessage `json:"requestId"`
		} `json:"params"`
	}
	if json.Unmarshal(line, &msg) != nil {
		return // mcp-go answers it as a parse error at once
	}
	switch {
	case msg.Method == "tools/call" && isID(msg.ID):
		d.mu.Lock()
		if len(d.pending) < maxPending {
			d.pending[idKey(msg.ID)] = struct{}{}
		}
		d.mu.Unlock()
	case msg.Method == "notifications/cancelled" && isID(msg.Params.RequestID):
		d.done(idKey(msg.Params.RequestID))
	}
}

// wrote records a line of output: the answer to a pending call.
func (d *drain) wrote(line []byte) {
	d.mu.Lock()
	none := len(d.pending) == 0
	d.mu.Unlock()
	if none {
		return
	}
	if id, ok := responseID(line); ok {
		d.done(id)
	}
}

// done forgets the call with the id key.
func (d *drain) done(key string) {
	d.mu.Lock()
	_, ok := d.pending[key]
	delete(d.pending, key)
	d.mu.Unlock()
	if ok {
		select {
		case d.answered <- struct{}{}:
		default:
		}
	}
}

// awaitAnswers waits until no call is pending, d.wait has passed or d.ctx
// is done.
func (d *drain) awaitAnswers() {
	d.mu.Lock()
	n := len(d.pending)
	d.mu.Unlock()
	if n == 0 {
		return
	}
	d.log.Info().Int("calls", n).Dur("at_most", d.wait).Msg("input ended: waiting for the tool calls in flight to answer")
	expired := d.after(d.wait)
	for {
		select {
		case <-d.answered:
			d.mu.Lock()
			n = len(d.pending)
			d.mu.Unlock()
			if n == 0 {
				return
			}
		case <-expired:
			d.log.Warn().Int("calls", n).Dur("waited", d.wait).Msg("input ended: tool calls still unanswered are cancelled")
			return
		case <-d.ctx.Done():
			return
		}
	}
}

// responseID returns the id key of a JSON-RPC response (an id and no
// method). mcp-go writes a response as {"jsonrpc":"2.0","id":…,…}: that
// prefix is read without decoding the line; any other line is decoded.
func responseID(line []byte) (string, bool) {
	const prefix = `{"jsonrpc":"2.0","id":`
	if rest, ok := bytes.CutPrefix(line, []byte(prefix)); ok {
		if end := bytes.IndexAny(rest, `,}`); end > 0 && isID(rest[:end]) && bytes.IndexByte(rest[:end], '\\') < 0 &&
			(rest[0] != '"' || end > 1 && rest[end-1] == '"') {
			tail := rest[end:]
			if bytes.HasPrefix(tail, []byte(`,"result"`)) || bytes.HasPrefix(tail, []byte(`,"error"`)) {
				return string(rest[:end]), true
			}
		}
	}
	var msg struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
	}
	if json.Unmarshal(line, &msg) != nil || msg.Method != "" || !isID(msg.ID) {
		return "", false
	}
	return idKey(msg.ID), true
}

// isID reports whether raw is a request id: a string or a number.
func isID(raw json.RawMessage) bool {
	return len(raw) > 0 && (raw[0] == '"' || raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9')
}

// idKey is raw, an id as JSON, in one form however it was spaced.
func idKey(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// lines splits a stream into lines for each, keeping an unfinished line
// (up to maxTrackedLine bytes) between calls.
type lines struct {
	partial []byte
	long    bool // the line being read outgrew maxTrackedLine
}

func (l *lines) feed(p []byte, each func([]byte)) {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			l.keep(p)
			return
		}
		switch {
		case l.long:
		case len(l.partial) == 0:
			each(p[:i])
		default:
			l.keep(p[:i])
			if !l.long {
				each(l.partial)
			}
		}
		l.partial, l.long = l.partial[:0], false
		p = p[i+1:]
	}
}

func (l *lines) keep(p []byte) {
	if l.long || len(l.partial)+len(p) > maxTrackedLine {
		l.partial, l.long = l.partial[:0], true
		return
	}
	l.partial = append(l.partial, p...)
}

// drainReader is the input: it records each line read, and at the end of
// the input waits for the pending calls before reporting it.
type drainReader struct {
	d     *drain
	r     io.Reader
	lines lines
}

func (r *drainReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.lines.feed(p[:n], r.d.read)
	if err == io.EOF {
		r.d.awaitAnswers()
	}
	return n, err
}

// drainWriter is the output: it records each line written. mcp-go writes
// its responses under a lock of its own, but the requests it sends the
// client (sampling, elicitation, roots) without it: mu keeps lines whole.
type drainWriter struct {
	d     *drain
	w     io.Writer
	mu    sync.Mutex
	lines lines
}

func (w *drainWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	w.mu.Lock()
	w.lines.feed(p[:n], w.d.wrote)
	w.mu.Unlock()
	return n, err
}
