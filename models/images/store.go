// Package images stores uploaded pictures (already checked and re-encoded
// by package media) and serves them and their thumbnails.
package images

import "github.com/ideario/ideario/models/store"

// Store is this part of the domain's queries over the database.
type Store struct{ *store.Store }

// Of is the store of this part of the domain over db.
func Of(db *store.Store) *Store { return &Store{db} }
