// Package accounts holds the people who use Ideario: their accounts and
// roles, the one-time tokens that verify an address or reset a password,
// and their personal API tokens.
package accounts

import "github.com/ideario/ideario/models/store"

// Store is this part of the domain's queries over the database.
type Store struct{ *store.Store }

// Of is the store of this part of the domain over db.
func Of(db *store.Store) *Store { return &Store{db} }
