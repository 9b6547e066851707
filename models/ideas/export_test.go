package ideas

import (
	"context"

	"gorm.io/gorm"
)

// ListSQL is the SQL that ListIdeas runs for a filter, for the query-plan test.
func (s *Store) ListSQL(f IdeaFilter) string {
	return s.DB.ToSQL(func(tx *gorm.DB) *gorm.DB {
		q := Of(s.Over(tx)).IdeaQuery(context.Background(), f)
		var cards []IdeaCard
		return q.Limit(21).Offset(40).Scan(&cards)
	})
}
