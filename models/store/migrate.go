package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// backfills are the steps whose data Go must compute: each runs in its
// step's transaction, after the step's SQL.
var backfills = map[int]func(tx *gorm.DB) error{
	6:  backfillPlainText,
	7:  backfillSearchText,
	9:  backfillSearchTags,
	17: backfillHandles,
}

// Pending names the steps that Migrate would run. It only reads, so it
// answers on a database that takes no writes.
func (s *Store) Pending(ctx context.Context) ([]string, error) {
	var done []int
	if err := s.DB.WithContext(ctx).Raw("SELECT version FROM schema_migrations").Scan(&done).Error; err != nil {
		return nil, fmt.Errorf("models: pending migrations: %w", err)
	}
	var pending []string
	for _, m := range migrations {
		if !slices.Contains(done, m.version) {
			pending = append(pending, fmt.Sprintf("%d %s", m.version, m.name))
		}
	}
	return pending, nil
}

// Migrate brings the schema up to date, one recorded step at a time, and
// says which steps it ran.
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	db := s.Writes(ctx, All)
	unlock, err := s.Dialect().MigrateLock(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("models: migrate: lock: %w", err)
	}
	defer unlock()
	if err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at ` + s.Dialect().Ddl("{{time}}") + ` NOT NULL)`).Error; err != nil {
		return nil, fmt.Errorf("models: migrate: %w", err)
	}
	var done []int
	if err := db.Raw("SELECT version FROM schema_migrations").Scan(&done).Error; err != nil {
		return nil, fmt.Errorf("models: migrate: %w", err)
	}
	applied := make(map[int]bool, len(done))
	for _, v := range done {
		applied[v] = true
	}
	var ran []string
	for _, m := range migrations {
		if applied[m.version] {
			continue
		}
		err := db.Transaction(func(tx *gorm.DB) error {
			for _, stmt := range m.sql {
				if err := tx.Exec(s.Dialect().Ddl(stmt)).Error; err != nil {
					return fmt.Errorf("step %d (%s): %w", m.version, m.name, err)
				}
			}
			if fill := backfills[m.version]; fill != nil {
				if err := fill(tx); err != nil {
					return fmt.Errorf("step %d (%s): %w", m.version, m.name, err)
				}
			}
			return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, time.Now().UTC()).Error
		})
		if err != nil {
			return ran, fmt.Errorf("models: migrate: %w", err)
		}
		ran = append(ran, fmt.Sprintf("%d %s", m.version, m.name))
	}
	if err := s.Dialect().AfterMigrate(db); err != nil {
		return ran, fmt.Errorf("models: migrate: search index: %w", err)
	}
	return ran, nil
}
