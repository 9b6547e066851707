package models

// MigrationCount lets the external tests check that every step of the
// schema's history was recorded.
var MigrationCount = len(migrations)

// BackfillPlainText lets the external tests run migration step 6's backfill
// on rows that lack their plain-text copies.
func (s *Store) BackfillPlainText() error { return backfillPlainText(s.DB) }
