// Package site holds what belongs to the whole site: its settings and
// welcome texts, the shared secret, the headline figures and the daily
// visitor counts.
package site

import "github.com/ideario/ideario/models/store"

// Store is this part of the domain's queries over the database.
type Store struct{ *store.Store }

// Of is the store of this part of the domain over db.
func Of(db *store.Store) *Store { return &Store{db} }
