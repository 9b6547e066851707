package site

import (
	"context"
	"fmt"
)

// SiteFigures are the live figures shown on the home page.
type SiteFigures struct {
	// Members are the people with an account; a report's contributors
	// are those who took part in its period.
	Members   int64
	Ideas     int64
	Votes     int64
	Comments  int64
	Countries int64
}

// Figures counts the site's live figures.
func (s *Store) Figures(ctx context.Context) (SiteFigures, error) {
	var f SiteFigures
	db := s.DB.WithContext(ctx)
	queries := []struct {
		dst *int64
		sql string
	}{
		{&f.Members, "SELECT COUNT(*) FROM users"},
		{&f.Ideas, "SELECT COUNT(*) FROM ideas WHERE hidden = FALSE AND merged_into_id IS NULL"},
		{&f.Votes, "SELECT COUNT(*) FROM votes"},
		{&f.Comments, "SELECT COUNT(*) FROM comments WHERE hidden = FALSE AND deleted = FALSE"},
		{&f.Countries, "SELECT COUNT(DISTINCT country) FROM users WHERE country <> ''"},
	}
	for _, q := range queries {
		if err := db.Raw(q.sql).Scan(q.dst).Error; err != nil {
			return f, fmt.Errorf("models: figures: %w", err)
		}
	}
	return f, nil
}
