// Package moderation keeps the site clean: flags (readers' complaints about
// an idea or a comment), hiding and showing, pre-moderation, the
// moderators' queue, merging duplicate ideas, and suspending or removing
// people. The rules that span several tables live here.
package moderation

import "github.com/ideario/ideario/models/store"

// Store is this part of the domain's queries over the database.
type Store struct{ *store.Store }

// Of is the store of this part of the domain over db.
func Of(db *store.Store) *Store { return &Store{db} }
