package handoff_test

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

// threadCPU is the CPU time the calling thread has used, user and system,
// to the nanosecond (CLOCK_THREAD_CPUTIME_ID; getrusage's figures move in
// scheduler ticks of 4 ms). A goroutine locked to its thread
// (runtime.LockOSThread) reads its own CPU time with it, without the other
// threads' (the garbage collector's background workers, other goroutines).
func threadCPU() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTime = 3
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return -1
	}
	return time.Duration(ts.Nano())
}

// runQueue reads how long one thread has waited in the run queue for a
// CPU (the second figure of /proc/thread-self/schedstat): time a call
// spends there is the machine's, not the call's.
type runQueue struct {
	f   *os.File
	buf [128]byte
}

// openRunQueue opens the calling thread's scheduler statistics; the caller
// has locked its goroutine to the thread. It returns nil where the kernel
// keeps none.
func openRunQueue() *runQueue {
	f, err := os.Open("/proc/thread-self/schedstat")
	if err != nil {
		return nil
	}
	q := &runQueue{f: f}
	if q.wait() < 0 {
		f.Close()
		return nil
	}
	return q
}

// wait is the thread's total run-queue wait so far, or -1.
func (q *runQueue) wait() time.Duration {
	n, err := q.f.ReadAt(q.buf[:], 0)
	if n == 0 && err != nil {
		return -1
	}
	fields := bytes.Fields(q.buf[:n])
	if len(fields) < 2 {
		return -1
	}
	ns, err := strconv.ParseInt(string(fields[1]), 10, 64)
	if err != nil {
		return -1
	}
	return time.Duration(ns)
}

func (q *runQueue) close() { q.f.Close() }
