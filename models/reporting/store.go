// Package reporting reads what a sponsor's report holds: the ideas with
// their figures, their comments, and the dashboard's statistics. Package
// reports (at the top) writes them out as CSV, XLSX, JSON and PDF.
package reporting

import "github.com/ideario/ideario/models/store"

// Store is this part of the domain's queries over the database.
type Store struct{ *store.Store }

// Of is the store of this part of the domain over db.
func Of(db *store.Store) *Store { return &Store{db} }
