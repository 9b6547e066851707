// Package reputation keeps the points people earn for taking part, as a
// ledger of events with their reasons, and the badges they win: it writes
// both in the transactions of the events that earn them, rebuilds the
// ledger from the rows it stems from, and reads totals and leaderboards.
package reputation

import "github.com/ideario/ideario/models/store"

// Store is this part of the domain's queries over the database.
type Store struct{ *store.Store }

// Of is the store of this part of the domain over db.
func Of(db *store.Store) *Store { return &Store{db} }
