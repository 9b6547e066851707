package ratelimit

import (
	"time"

	"gorm.io/gorm"
)

// CountLimitAt counts one time as CountLimit does, at a time the test
// chooses, so that waits can be tested without waiting.
func (s *Store) CountLimitAt(l Limit, subject string, now time.Time) error {
	var limited error
	err := s.DB.Transaction(func(tx *gorm.DB) error {
		var err error
		limited, err = CountIn(GormLimits{tx}, l, subject, now)
		return err
	})
	if err != nil {
		return err
	}
	return limited
}
