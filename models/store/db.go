// Package store owns the database: the connection to SQLite or PostgreSQL
// and what differs between the two (the Dialect), the schema and its
// migrations, transactions, the full-text index, and the feed that tells
// the rest of the app (and the other instances) that data changed. The
// domain's packages beside it (ideas, votes, comments...) hold the
// queries; this one holds what they share.
package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ideario/ideario/cache"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Sentinel errors that callers test with errors.Is.
var (
	ErrNotFound  = Refusal("not found")
	ErrDuplicate = Refusal("already exists")
	ErrForbidden = Refusal("not allowed")
)

// A refusal is an error that a rule of the domain gives (not found, not
// allowed, the phase is closed, over a limit): the request was wrong, not
// the database. Callers test for each with errors.Is; MapErr passes
// refusals on as they are, and wraps every other error.
type refusal struct{ reason string }

func (r *refusal) Error() string { return r.reason }

// Refusal makes a sentinel error that a rule gives (see refusal).
func Refusal(reason string) error { return &refusal{reason} }

// Store wraps the database handle; every query in the app is a method on it.
type Store struct {
	DB      *gorm.DB
	dialect Dialect
	changes *changeFeed
	site    *SiteCache // site-wide lists that nearly every page reads
	// Caches is every cache of this instance: each change empties those
	// that depend on it.
	Caches *cache.Group
	// checkpoints copy SQLite's log into its file (nil on PostgreSQL).
	checkpoints *checkpointer
}

// Open connects to the database named by a URL: "sqlite:PATH" (default
// driver, tuned for a web server) or "postgres://...".
func Open(dbURL string) (*Store, error) {
	var (
		dial gorm.Dialector
		d    Dialect
	)
	switch {
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		dial, d = postgresDialector(dbURL), postgresDialect{}
	case strings.HasPrefix(dbURL, "sqlite:"):
		path := strings.TrimPrefix(dbURL, "sqlite:")
		if err := ensureDir(path); err != nil {
			return nil, err
		}
		dial, d = sqliteDialector(path), sqliteDialect{}
	default:
		return nil, fmt.Errorf("models: database URL must start with sqlite: or postgres://, got %q", dbURL)
	}
	db, err := gorm.Open(dial, &gorm.Config{
		Logger:  logger.Default.LogMode(logger.Silent),
		NowFunc: func() time.Time { return time.Now().UTC() },
		// Every write that must be atomic uses an explicit transaction.
		SkipDefaultTransaction: true,
		TranslateError:         true,
	})
	if err != nil {
		return nil, fmt.Errorf("models: open: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("models: open: %w", err)
	}
	d.TunePool(sqlDB)
	if err := sqlDB.Ping(); err != nil {
		return nil, fmt.Errorf("models: connect: %w", err)
	}
	_, onPostgres := d.(postgresDialect)
	s := &Store{DB: db, dialect: d, changes: newChangeFeed(dbURL, onPostgres), site: newSiteCache(),
		Caches: &cache.Group{}}
	if err := s.trackWrites(); err != nil {
		_ = sqlDB.Close() // trackWrites's error is the one to report
		return nil, err
	}
	s.Caches.Add("site lists", uint64(Site|Ideas), s.site.lists) // the lists count ideas, by challenge and by tag
	s.OnChangeOf(func(what Change, ideas []int64) { s.Caches.Changed(uint64(what), ideas) })
	if !onPostgres {
		s.checkpoints = startCheckpoints(sqlDB)
	}
	return s, nil
}

// DataDir is the folder that holds a SQLite database, or "data" for other
// databases; the generated secret is kept there.
func DataDir(dbURL string) string {
	if path, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		path, _, _ = strings.Cut(path, "?")
		return filepath.Dir(path)
	}
	return "data"
}

func ensureDir(path string) error {
	path, _, _ = strings.Cut(path, "?")
	if path == "" || path == ":memory:" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("models: data folder: %w", err)
	}
	return nil
}

// Close announces the last changes and
// releases the connections.
func (s *Store) Close() error {
	s.changes.flush()
	s.checkpoints.close()
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping tells whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.DB.WithContext(ctx).Raw("SELECT 1").Scan(&one).Error
}

// Over is the same store over another GORM handle: a transaction, or a
// dry run that only writes the SQL.
func (s *Store) Over(db *gorm.DB) *Store {
	over := *s
	over.DB = db
	return &over
}

// Dialect is what differs between the engines, for the queries that
// need it.
func (s *Store) Dialect() Dialect { return s.dialect }

// SiteCache is the cache of the small site-wide lists (see SiteCached).
func (s *Store) SiteCache() *SiteCache { return s.site }

// IsSQLite tells which engine is underneath, for the few commands (backup)
// that only make sense on one.
func (s *Store) IsSQLite() bool {
	_, ok := s.Dialect().(sqliteDialect)
	return ok
}

// ScanPage reads one page of a list: it asks for one row more than the
// page holds, to know whether another page follows without counting.
func ScanPage[T any](q *gorm.DB, page, perPage int) ([]T, bool, error) {
	var rows []T
	if err := q.Offset((max(page, 1) - 1) * perPage).Limit(perPage + 1).Scan(&rows).Error; err != nil {
		return nil, false, err
	}
	if len(rows) > perPage {
		return rows[:perPage], true, nil
	}
	return rows, false, nil
}

// MapErr turns GORM's errors into the package's sentinels.
func MapErr(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return ErrNotFound
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return ErrDuplicate
	}
	var r *refusal
	if errors.As(err, &r) {
		return err
	}
	return fmt.Errorf("models: %s: %w", op, err)
}

// Storable tells whether a string could be a stored key. PostgreSQL refuses
// text that is not UTF-8 or holds a NUL byte, where SQLite finds nothing;
// lookups check first, so that such input is "not found" on both engines.
func Storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
