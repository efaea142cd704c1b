// Package buildflags is the one place that says how handoff-mcp is built for
// running: cmd/start (the README's first command) and internal/bench/compare
// take their `go build` flags from here, so that the binary measured is the
// binary users run. The README gives the same command for building by hand
// (a test checks that it does).
//
// On Linux the binary is linked statically: no dynamic loader, no shared
// libraries to find and relocate at every start (measured: 1-1.5% of the
// CPU time and 2-5% of the wall time from exec to the initialize reply). Static linking needs the C library's
// static archive (libc.a: Debian's libc6-dev, which cgo needs anyway for
// SQLite's headers; Fedora's glibc-static); Build falls back to a dynamic
// link where it is missing. The tags keep the static binary free of glibc
// functions that load shared libraries at run time:
//
//   - netgo: Go's own DNS resolver (reads /etc/resolv.conf and /etc/hosts)
//     instead of glibc's getaddrinfo;
//   - osusergo: Go's own user lookup (reads /etc/passwd; pgx uses it for
//     PostgreSQL's default user) instead of glibc's getpwuid_r;
//   - sqlite_omit_load_extension: SQLite without load_extension (dlopen),
//     which handoff-mcp never calls.
package buildflags

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// Tags are the build tags of every build of handoff-mcp for running, static
// or not.
const Tags = "netgo,osusergo,sqlite_omit_load_extension"

// Flags returns the go build flags for a binary that runs on goos: the tags,
// and on Linux static linking, asked of the external linker (cgo's, for
// SQLite). Elsewhere the system's C library is only a shared library
// (macOS, Windows).
func Flags(goos string) []string {
	if Static(goos) {
		return []string{"-tags=" + Tags, "-ldflags=-extldflags=-static"}
	}
	return []string{"-tags=" + Tags}
}

// Static reports whether Flags links statically on goos.
func Static(goos string) bool { return goos == "linux" }

// Command is the go build command, as a user types it, that builds pkg into
// out with Flags(goos).
func Command(goos, out, pkg string) string {
	return strings.Join(append(append([]string{"go", "build"}, Flags(goos)...), "-o", out, pkg), " ")
}

// Runner runs a go command with args, writing its output to w. Tests pass
// their own; Go runs the real one.
type Runner func(ctx context.Context, w io.Writer, args ...string) error

// Go runs the go command found on PATH.
func Go(ctx context.Context, w io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Stdout, cmd.Stderr = w, w
	return cmd.Run()
}

// Build builds pkg into out for goos with Flags(goos), running go through
// run, and writes what the go command says to w. When the static link fails
// (the external linker's error: most often no static C library), it says so
// on w in one line and builds again with the same tags, linked dynamically.
// Any other failure (a compile error) is returned as it is.
func Build(ctx context.Context, w io.Writer, run Runner, goos, out, pkg string) error {
	args := func(flags []string) []string {
		return append(append([]string{"build"}, flags...), "-o", out, pkg)
	}
	if !Static(goos) {
		return run(ctx, w, args(Flags(goos))...)
	}
	var static bytes.Buffer
	err := run(ctx, &static, args(Flags(goos))...)
	_, linkFailed := linkerError(static.String())
	if err == nil || ctx.Err() != nil || !linkFailed {
		_, _ = w.Write(static.Bytes())
		return err
	}
	why, _ := linkerError(static.String())
	fmt.Fprintf(w, "linking %s statically failed (%s); linking it dynamically instead (a static link needs the C library's libc.a: Debian's libc6-dev, Fedora's glibc-static)\n", pkg, why)
	return run(ctx, w, args(Flags(""))...)
}

// linkerError reports whether the go command's output out says that the
// external linker failed ("link: running gcc failed"), and the linker's
// first line of error ("/usr/bin/ld: cannot find -lc: ...").
func linkerError(out string) (string, bool) {
	if !strings.Contains(out, "link: running ") {
		return "", false
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, l := range lines {
		if strings.Contains(l, "ld: ") {
			return strings.TrimSpace(l), true
		}
	}
	return strings.TrimSpace(lines[len(lines)-1]), true
}
