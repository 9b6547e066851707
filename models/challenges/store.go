// Package challenges holds the sponsors' questions (challenges), their
// phases and texts in each language, and the categories and tags that sort
// ideas.
package challenges

import "github.com/ideario/ideario/models/store"

// Store is this part of the domain's queries over the database.
type Store struct{ *store.Store }

// Of is the store of this part of the domain over db.
func Of(db *store.Store) *Store { return &Store{db} }
