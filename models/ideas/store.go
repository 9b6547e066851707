// Package ideas holds the ideas: creating and editing them, their tags,
// pictures and status, the lists and search that find them, the hot score,
// and who follows them. Every change to an idea's counters locks its row
// first (Lock).
package ideas

import "github.com/ideario/ideario/models/store"

// Store is this part of the domain's queries over the database.
type Store struct{ *store.Store }

// Of is the store of this part of the domain over db.
func Of(db *store.Store) *Store { return &Store{db} }
