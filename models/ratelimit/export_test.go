package ratelimit

import (
	"context"
	"time"

	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// CountLimitAt counts one time as CountLimit does, at a time the test
// chooses, so that waits can be tested without waiting.
func (s *Store) CountLimitAt(l Limit, subject string, now time.Time) error {
	var limited error
	err := s.Tx(context.Background(), store.Unseen, func(tx *gorm.DB) error {
		var err error
		limited, err = CountIn(GormLimits{tx}, l, subject, now)
		return err
	})
	if err != nil {
		return err
	}
	return limited
}
