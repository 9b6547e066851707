package models

// MigrationCount lets the external tests check that every step of the
// schema's history was recorded.
var MigrationCount = len(migrations)
