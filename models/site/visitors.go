package site

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/ideario/ideario/models/store"
)

// VisitorSalt returns the salt of a day ('YYYY-MM-DD'), making it if no
// instance has yet, and deletes the salts of the days before: once a day
// has passed, nobody can tell whose hash is whose, or link two days.
func (s *Store) VisitorSalt(ctx context.Context, day string) (string, error) {
	db := s.Writes(ctx, store.Unseen)
	if err := db.Exec("DELETE FROM visitor_salts WHERE day < ?", day).Error; err != nil {
		return "", fmt.Errorf("models: visitor salt: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("models: visitor salt: %w", err)
	}
	// Instances that start the day together agree on whichever salt was
	// stored first.
	if err := db.Exec("INSERT INTO visitor_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING",
		day, hex.EncodeToString(raw)).Error; err != nil {
		return "", fmt.Errorf("models: visitor salt: %w", err)
	}
	var salt string
	if err := db.Raw("SELECT salt FROM visitor_salts WHERE day = ?", day).Scan(&salt).Error; err != nil {
		return "", fmt.Errorf("models: visitor salt: %w", err)
	}
	return salt, nil
}

// RecordVisitor counts a visitor (an anonymous hash) once on a day.
func (s *Store) RecordVisitor(ctx context.Context, day, visitor string) error {
	err := s.Writes(ctx, store.Unseen).Exec("INSERT INTO visitor_days (day, visitor) VALUES (?, ?) ON CONFLICT (day, visitor) DO NOTHING",
		day, visitor).Error
	if err != nil {
		return fmt.Errorf("models: record visitor: %w", err)
	}
	return nil
}

// VisitorCounts counts the unique visitors of each day from one day to
// another, both included; days without visitors are left out.
func (s *Store) VisitorCounts(ctx context.Context, from, to string) (map[string]int64, error) {
	var rows []struct {
		Day string
		N   int64
	}
	err := s.DB.WithContext(ctx).Table("visitor_days").Select("day, COUNT(*) AS n").
		Where("day >= ? AND day <= ?", from, to).Group("day").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("models: visitor counts: %w", err)
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Day] = r.N
	}
	return out, nil
}
