// Package audit keeps the audit log: who did what to which target, with the
// fields before and after, for every moderator's and administrator's action.
package audit

import "github.com/ideario/ideario/models/store"

// Store is this part of the domain's queries over the database.
type Store struct{ *store.Store }

// Of is the store of this part of the domain over db.
func Of(db *store.Store) *Store { return &Store{db} }
