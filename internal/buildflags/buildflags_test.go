package buildflags

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFlags(t *testing.T) {
	tests := []struct {
		goos       string
		want       []string
		wantStatic bool
	}{
		{"linux", []string{"-tags=netgo,osusergo,sqlite_omit_load_extension", "-ldflags=-extldflags=-static"}, true},
		{"darwin", []string{"-tags=netgo,osusergo,sqlite_omit_load_extension"}, false},
		{"windows", []string{"-tags=netgo,osusergo,sqlite_omit_load_extension"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.goos, func(t *testing.T) {
			assert.Equal(t, tt.want, Flags(tt.goos))
			assert.Equal(t, tt.wantStatic, Static(tt.goos))
		})
	}
	assert.Equal(t, "go build -tags=netgo,osusergo,sqlite_omit_load_extension -ldflags=-extldflags=-static -o bin/x ./cmd/x",
		Command("linux", "bin/x", "./cmd/x"))
}

// fakeGo records the go commands it is asked to run and fails those whose
// arguments contain fail, writing out first.
type fakeGo struct {
	calls [][]string
	fail  string
	out   string
}

func (f *fakeGo) run(_ context.Context, w io.Writer, args ...string) error {
	f.calls = append(f.calls, args)
	if f.fail != "" && strings.Contains(strings.Join(args, " "), f.fail) {
		fmt.Fprint(w, f.out)
		return errors.New("exit status 1")
	}
	return nil
}

func TestBuild(t *testing.T) {
	static := []string{"build", "-tags=" + Tags, "-ldflags=-extldflags=-static", "-o", "out/hm", "./cmd/handoff-mcp"}
	dynamic := []string{"build", "-tags=" + Tags, "-o", "out/hm", "./cmd/handoff-mcp"}
	noLibc := "# github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp\n/usr/local/go/pkg/tool/linux_amd64/link: running gcc failed: exit status 1\n/usr/bin/gcc -m64 -o $WORK/b001/exe/a.out -static\n/usr/bin/ld: cannot find -lc: No such file or directory\ncollect2: error: ld returned 1 exit status\n"
	tests := []struct {
		name      string
		goos      string
		fake      fakeGo
		wantCalls [][]string
		wantErr   bool
		wantOut   string
	}{
		{name: "static link works", goos: "linux", wantCalls: [][]string{static}},
		{name: "no static libc: dynamic instead", goos: "linux", fake: fakeGo{fail: "-extldflags=-static", out: noLibc},
			wantCalls: [][]string{static, dynamic},
			wantOut:   "linking ./cmd/handoff-mcp statically failed (/usr/bin/ld: cannot find -lc: No such file or directory); linking it dynamically instead (a static link needs the C library's libc.a: Debian's libc6-dev, Fedora's glibc-static)\n"},
		{name: "a compile error: returned, no second build", goos: "linux", fake: fakeGo{fail: "build", out: "cmd/handoff-mcp/main.go:1:1: syntax error\n"},
			wantCalls: [][]string{static}, wantErr: true, wantOut: "cmd/handoff-mcp/main.go:1:1: syntax error\n"},
		{name: "not Linux: dynamic only", goos: "darwin", wantCalls: [][]string{dynamic}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			err := Build(context.Background(), &out, tt.fake.run, tt.goos, "out/hm", "./cmd/handoff-mcp")
			if tt.wantErr {
				assert.Error(t, err)
			} else {
				assert.NoError(t, err)
			}
			assert.Equal(t, tt.wantCalls, tt.fake.calls)
			assert.Equal(t, tt.wantOut, out.String())
		})
	}
}

// TestREADMEBuildCommand: the README tells users to build the binary by hand
// with the same flags cmd/start uses.
func TestREADMEBuildCommand(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	want := Command("linux", "~/.local/bin/handoff-mcp", "./cmd/handoff-mcp")
	assert.True(t, strings.Contains(string(readme), want), "README.md should give the build command %q", want)
}
