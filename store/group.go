package store

import (
	"context"
	"database/sql"
	"fmt"
)

// maxGroup bounds how many writes one group commit carries.
const maxGroup = 64

// writeReq is one write waiting for its group commit.
type writeReq struct {
	ctx  context.Context
	op   string
	fn   func(*sql.Tx) error
	err  error
	done chan struct{}
}

// write runs fn in a write transaction (BEGIN IMMEDIATE, from the DSN) and
// commits it when fn returns nil. Errors from fn pass through as they are.
//
// Concurrent writes are group-committed: one caller at a time leads, and
// runs every write waiting at that moment (up to maxGroup) in one
// transaction, each inside its own savepoint, then commits once. A write
// whose fn fails is rolled back to its savepoint alone; a failed commit
// fails every write of the group, so no caller is told "stored" for a write
// that is not. A write returns only once its group is committed. Without
// concurrency a group is one write, run as a plain transaction.
func (s *DB) write(ctx context.Context, op string, fn func(*sql.Tx) error) error {
	r := &writeReq{ctx: ctx, op: op, fn: fn, done: make(chan struct{})}
	s.groupMu.Lock()
	s.pending = append(s.pending, r)
	s.groupMu.Unlock()
	for {
		select {
		case <-r.done:
			return notStored(r.err)
		case s.lead <- struct{}{}:
			for !r.finished() {
				s.commitGroup(s.nextGroup())
			}
			<-s.lead
		}
	}
}

func (r *writeReq) finished() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// nextGroup takes up to maxGroup waiting writes, oldest first.
func (s *DB) nextGroup() []*writeReq {
	s.groupMu.Lock()
	defer s.groupMu.Unlock()
	n := min(len(s.pending), maxGroup)
	g := s.pending[:n:n]
	s.pending = s.pending[n:]
	return g
}

// commitGroup runs the writes of g in one transaction and ends each.
func (s *DB) commitGroup(g []*writeReq) {
	if len(g) == 0 {
		return
	}
	if n := s.commits.Add(1); s.ck != nil {
		s.ck.committed(n)
	}
	if len(g) == 1 {
		r := g[0]
		r.err = s.writeOne(r.ctx, r.op, r.fn)
		close(r.done)
		return
	}
	end := func(rs []*writeReq, err error) {
		for _, r := range rs {
			if err != nil {
				r.err = dbErr(r.op, err)
			}
			close(r.done)
		}
	}
	// The group's transaction belongs to no one caller: one caller's
	// cancelled context must not roll back the others' writes.
	tx, err := s.beginWrite(context.WithoutCancel(g[0].ctx), s.w)
	if err != nil {
		end(g, err)
		return
	}
	var ok []*writeReq
	for i, r := range g {
		if err := r.ctx.Err(); err != nil {
			r.err = dbErr(r.op, err)
			close(r.done)
			continue
		}
		if _, err := tx.Exec("SAVEPOINT w"); err != nil {
			tx.Rollback()
			end(append(ok, g[i:]...), fmt.Errorf("group commit: %w", err))
			return
		}
		if err := r.fn(tx); err != nil {
			if _, rerr := tx.Exec("ROLLBACK TO w"); rerr != nil {
				// SQLite ended the whole transaction (an I/O error, an
				// interrupt): nothing of the group is stored.
				tx.Rollback()
				r.err = err
				close(r.done)
				end(append(ok, g[i+1:]...), fmt.Errorf("group commit: %w", rerr))
				return
			}
			r.err = err
		} else {
			ok = append(ok, r)
		}
		if _, err := tx.Exec("RELEASE w"); err != nil {
			tx.Rollback()
			if r.err != nil {
				close(r.done)
			}
			end(append(ok, g[i+1:]...), fmt.Errorf("group commit: %w", err))
			return
		}
		if r.err != nil {
			close(r.done)
		}
	}
	if err := tx.Commit(); err != nil {
		end(ok, err)
		return
	}
	end(ok, nil)
}

// writeOne runs fn in a transaction of its own.
func (s *DB) writeOne(ctx context.Context, op string, fn func(*sql.Tx) error) error {
	tx, err := s.beginWrite(ctx, s.w)
	if err != nil {
		return dbErr(op, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return dbErr(op, err)
	}
	return nil
}
