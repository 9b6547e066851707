package models

import (
	"time"

	"gorm.io/gorm"
)

// MigrationCount lets the external tests check that every step of the
// schema's history was recorded.
var MigrationCount = len(migrations)

// BackfillPlainText lets the external tests run migration step 6's backfill
// on rows that lack their plain-text copies.
func (s *Store) BackfillPlainText() error { return backfillPlainText(s.DB) }

// CountLimitAt counts one time as CountLimit does, at a time the test
// chooses, so that waits can be tested without waiting.
func (s *Store) CountLimitAt(l Limit, subject string, now time.Time) error {
	var limited error
	err := s.DB.Transaction(func(tx *gorm.DB) error {
		var err error
		limited, err = countLimit(gormLimits{tx}, l, subject, now)
		return err
	})
	if err != nil {
		return err
	}
	return limited
}
