// Package votes records support for ideas: one vote per person and idea,
// within a challenge's phase and vote budget, written by a group-commit
// writer that batches concurrent votes into one transaction.
package votes

import "github.com/ideario/ideario/models/store"

// Store records votes over the database, through its writer.
type Store struct {
	*store.Store
	votes *voteWriter
}

// New starts the votes' store over db: one writer on SQLite, which takes
// one write transaction at a time; four on PostgreSQL (see voteWriter).
func New(db *store.Store) *Store {
	writers := 4
	if db.IsSQLite() {
		writers = 1
	}
	return &Store{Store: db, votes: newVoteWriter(writers)}
}

// Close finishes the votes under way and stops the writer.
func (s *Store) Close() { s.votes.stop() }
