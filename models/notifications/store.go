// Package notifications holds a person's in-app notifications: what
// happened to the ideas they wrote, support or follow.
package notifications

import "github.com/ideario/ideario/models/store"

// Store is this part of the domain's queries over the database.
type Store struct{ *store.Store }

// Of is the store of this part of the domain over db.
func Of(db *store.Store) *Store { return &Store{db} }
