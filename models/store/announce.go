package store

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"
)

// A Change is what a write changed, as the code that writes says it: the
// caches drop what it may have made stale (see OnChange). Every write says
// it, through Tx or Writes; one that does not is reported (see
// ReportUnannounced) and, to be safe, announced as All.
type Change uint32

// What a write can change. Changes combine: Ideas|Comments.
const (
	// Unseen is a write that no page shows to others: a person's tokens,
	// notifications or password, visitor and rate-limit counts, the audit
	// log, queued mail, a picture not yet attached. It announces nothing.
	Unseen Change = 0
	// Ideas are ideas: their texts, status, tags, pictures, followers,
	// counters and whether they are shown.
	Ideas Change = 1 << (iota - 1)
	// Comments are comments, and the comment counts they change.
	Comments
	// Votes are votes, and the vote counts and hot scores they change.
	Votes
	// People are what pages show of a person: name, country, role,
	// suspension.
	People
	// Site are the site-wide lists and texts: settings, welcome texts,
	// challenges and their texts, categories.
	Site
	// All is everything, for writes too broad to say more (migrations,
	// bulk loads, repairs) and for changes that may have been missed.
	All = Ideas | Comments | Votes | People | Site
)

// declaration is what a write said it changes, carried by the context of
// its statements. pending is set, inside a transaction, by each statement
// that wrote; the transaction announces once it has committed.
type declaration struct {
	what    Change
	pending *atomic.Bool // nil outside a transaction
	ideas   *concerned   // the ideas it concerns alone (see About); nil outside Tx
}

// concerned gathers the ideas that the writes of a transaction concern.
type concerned struct {
	mu    sync.Mutex
	ideas []int64
}

// Narrow are the kinds of change that can name the ideas they concern: a
// vote or a comment changes what pages show of its idea, and the order of
// the lists sorted by them, and nothing else.
const Narrow = Votes | Comments

// About tells the transaction run by Tx with the context ctx that what it
// writes concerns the idea id, so that only what shows that idea (and the
// lists whose order it may change) is dropped from the caches. A
// transaction that announces kinds outside Narrow, or writes without
// naming an idea, concerns any idea.
func About(ctx context.Context, id int64) {
	if d, ok := declared(ctx); ok && d.ideas != nil {
		d.ideas.mu.Lock()
		d.ideas.ideas = append(d.ideas.ideas, id)
		d.ideas.mu.Unlock()
	}
}

// concerns is what the transaction says it concerns: nil for any idea.
func (d *declaration) concerns() []int64 {
	if d.what&^Narrow != 0 || d.ideas == nil {
		return nil
	}
	d.ideas.mu.Lock()
	defer d.ideas.mu.Unlock()
	return d.ideas.ideas
}

type declarationKey struct{}

func declared(ctx context.Context) (*declaration, bool) {
	d, ok := ctx.Value(declarationKey{}).(*declaration)
	return d, ok
}

// Tx runs fn in one write transaction, and once it has committed
// announces what, if anything was written.
func (s *Store) Tx(ctx context.Context, what Change, fn func(tx *gorm.DB) error) error {
	d := &declaration{what: what, pending: &atomic.Bool{}, ideas: &concerned{}}
	err := s.DB.WithContext(context.WithValue(ctx, declarationKey{}, d)).Transaction(fn)
	if err == nil && d.pending.Load() {
		s.changes.publish(what, d.concerns())
	}
	return err
}

// Announce tells the caches that a transaction made outside GORM (the
// votes' batches on PostgreSQL, sent to pgx at once) has committed
// changes of the kinds what, to the ideas ideas alone (nil: any).
func (s *Store) Announce(what Change, ideas []int64) { s.changes.publish(what, ideas) }

// Writes is the database for writes made one statement at a time, outside
// a transaction: each that writes announces what.
func (s *Store) Writes(ctx context.Context, what Change) *gorm.DB {
	return s.DB.WithContext(declare(ctx, what))
}

// declare is ctx for statements, outside a transaction, that change what.
func declare(ctx context.Context, what Change) context.Context {
	return context.WithValue(ctx, declarationKey{}, &declaration{what: what})
}

// MarkWritten tells the transaction run by Tx with the context ctx that it
// wrote, for statements that do not go through GORM (the votes' prepared
// statements); GORM's own are noticed by afterWrite.
func MarkWritten(ctx context.Context) {
	if d, ok := declared(ctx); ok && d.pending != nil {
		d.pending.Store(true)
	}
}

// ReportUnannounced calls report with the SQL of every write that did not
// say what it changed (a write through s.DB rather than Tx or Writes).
// The tests fail on one; the server logs it.
func (s *Store) ReportUnannounced(report func(sql string)) {
	s.changes.unannounced.Store(&report)
}

// trackWrites notices every write that goes through GORM and changes rows,
// so that it is announced as its code said (see afterWrite).
func (s *Store) trackWrites() error {
	if s.changes.postgres {
		s.changes.notices = newCoalescer(func() { s.changes.sendNotice(s) })
	}
	cb := s.DB.Callback()
	const name = "ideario:changes"
	for _, err := range []error{
		cb.Create().After("gorm:create").Register(name, s.afterWrite),
		cb.Update().After("gorm:update").Register(name, s.afterWrite),
		cb.Delete().After("gorm:delete").Register(name, s.afterWrite),
		cb.Raw().After("gorm:raw").Register(name, s.afterWrite), // Exec
	} {
		if err != nil {
			return fmt.Errorf("models: track writes: %w", err)
		}
	}
	return nil
}

// afterWrite is the GORM callback behind trackWrites. Inside Tx it only
// notes that the transaction wrote: announced before the commit, a change
// could be read back as it was and cached again.
func (s *Store) afterWrite(db *gorm.DB) {
	st := db.Statement
	if db.Error != nil || db.RowsAffected == 0 {
		return
	}
	d, ok := declared(st.Context)
	switch {
	case !ok:
		if report := s.changes.unannounced.Load(); report != nil {
			(*report)(st.SQL.String())
		} else {
			slog.Warn("a write did not say what it changed; every cache is emptied", "sql", st.SQL.String())
		}
		s.changes.publish(All, nil)
	case d.pending != nil:
		d.pending.Store(true)
	default:
		s.changes.publish(d.what, nil)
	}
}
