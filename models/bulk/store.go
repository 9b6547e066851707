// Package bulk loads a whole synthetic campaign (people, ideas, votes,
// comments) at once, for the demo and the benchmarks, far faster than one
// transaction per row.
package bulk

import "github.com/ideario/ideario/models/store"

// Store is this part of the domain's queries over the database.
type Store struct{ *store.Store }

// Of is the store of this part of the domain over db.
func Of(db *store.Store) *Store { return &Store{db} }
