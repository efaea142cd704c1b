package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// rss is a process's resident memory in MiB (Linux), 0 when unknown.
func rss(pid int) float64 { return memoryOf(pid).rss }

// memory is a process's resident memory in MiB (Linux; zeros when
// unknown): all of it (VmRSS), its anonymous pages (heap, stacks: RssAnon)
// and its file-backed ones (RssFile: mostly the executable's pages, mapped
// from the page cache and shared between processes running it). Recent
// kernels map the page cache in large folios, so a binary's text and
// read-only data end up resident nearly whole: RssFile grows with the
// binary's size more than with what the process does.
type memory struct{ rss, anon, file float64 }

func memoryOf(pid int) memory {
	var m memory
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return m
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			m.rss = kb / 1024
		case "RssAnon:":
			m.anon = kb / 1024
		case "RssFile:":
			m.file = kb / 1024
		}
	}
	return m
}

// cpuTime is the CPU time a process's threads have run so far in
// milliseconds (Linux, the first field of each /proc/PID/task/TID/schedstat,
// in nanoseconds), 0 when unknown.
func cpuTime(pid int) float64 {
	files, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	var ns float64
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if fields := strings.Fields(string(b)); len(fields) > 0 {
			v, _ := strconv.ParseFloat(fields[0], 64)
			ns += v
		}
	}
	return ns / 1e6
}
