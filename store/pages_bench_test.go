package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// BenchmarkCreatedHandoffPages counts the pages a created handoff writes
// to the write-ahead log (wal-pages/op): each is a frame the commit appends
// with two system calls, most of the commit's cost. The handoffs are
// created as the inbox creates them (delivered, with a contact, their
// queue position read) one at a time, in a database already holding 20,000
// with random ids and conversations as in production. The checkpointer is
// swapped for one on an in-memory database, so that the log only grows
// and its frames can be counted; it is then read to count the distinct
// pages (distinct-pages/op: what one group commit of them all would
// write).
//
//	go test ./store -run '^$' -bench CreatedHandoffPages -benchtime 400x
func BenchmarkCreatedHandoffPages(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "handoff.db")
	s := openAt(b, path, newClock())
	newHandoff := func(i int64) handoff.Handoff {
		h := benchHandoff(i)
		h.ID, h.ConversationID = handoff.NewID("h_"), handoff.NewID("c_")
		h.State, h.RemoteID = handoff.StateDelivered, h.ID
		return h
	}
	for i := range int64(20_000) {
		if _, _, err := s.CreateHandoffIfRoom(ctx, newHandoff(i), 0); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.ck.close(); err != nil {
		b.Fatal(err)
	}
	mem, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		b.Fatal(err)
	}
	s.ck = newCheckpointer(mem, func(error) {})
	if _, err := s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := int64(0)
	for b.Loop() {
		i++
		if _, created, _, err := s.CreateHandoffPositioned(ctx, newHandoff(i), 1_000_000); err != nil || !created {
			b.Fatalf("created %v: %v", created, err)
		}
	}
	b.StopTimer()
	wal, err := os.ReadFile(path + "-wal")
	if err != nil {
		b.Fatal(err)
	}
	const frameHeader, walHeader = 24, 32
	pageSize := int(binary.BigEndian.Uint32(wal[8:12]))
	pages := map[uint32]bool{}
	frames := 0
	for off := walHeader; off+frameHeader+pageSize <= len(wal); off += frameHeader + pageSize {
		pages[binary.BigEndian.Uint32(wal[off:off+4])] = true
		frames++
	}
	b.ReportMetric(float64(frames)/float64(b.N), "wal-pages/op")
	b.ReportMetric(float64(len(pages))/float64(b.N), "distinct-pages/op")
}
