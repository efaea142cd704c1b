package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
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

// processCPU is the CPU time a process has used, user and system, all its
// threads (Linux /proc/PID/stat, in clock ticks of 10 ms), or -1.
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// The command name (field 2) may hold spaces; the fields after it do not.
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return -1
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	return time.Duration(utime+stime) * tick
}
