// Package outbox holds the mail waiting to be sent, so that a message is
// queued in the same transaction as the change it tells of.
package outbox

import "github.com/ideario/ideario/models/store"

// Store is this part of the domain's queries over the database.
type Store struct{ *store.Store }

// Of is the store of this part of the domain over db.
func Of(db *store.Store) *Store { return &Store{db} }
