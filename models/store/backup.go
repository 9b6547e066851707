package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// ErrBackupPostgres says that PostgreSQL is backed up by its own tools.
var ErrBackupPostgres = errors.New("a PostgreSQL database is backed up with pg_dump or the server's own backups, not by ideario")

// Backup writes a consistent copy of the live database to path, which must
// not exist yet, and checks the copy's integrity. The site keeps serving
// and writing meanwhile.
func (s *Store) Backup(ctx context.Context, path string) (err error) {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("models: backup: %s already exists", path)
	}
	if err := s.Dialect().BackupInto(declare(ctx, Unseen), s.DB, path); err != nil {
		// A half-written copy left behind would block the next backup to
		// the same path, so failing to remove it is worth saying too.
		if rmErr := os.Remove(path); rmErr != nil && !errors.Is(rmErr, fs.ErrNotExist) {
			err = errors.Join(err, rmErr)
		}
		return fmt.Errorf("models: backup: %w", err)
	}
	copyStore, err := Open("sqlite:" + path)
	if err != nil {
		return fmt.Errorf("models: backup: open the copy: %w", err)
	}
	defer func() {
		if cerr := copyStore.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("models: backup: close the copy: %w", cerr)
		}
	}()
	if err := copyStore.CheckIntegrity(ctx); err != nil {
		return fmt.Errorf("models: backup: the copy: %w", err)
	}
	return nil
}

// CheckIntegrity asks the engine to check the database file (SQLite's
// integrity_check) and says what is wrong, if anything.
func (s *Store) CheckIntegrity(ctx context.Context) error {
	problems, err := s.Dialect().Integrity(ctx, s.DB)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check failed: %s", strings.Join(problems[:min(len(problems), 5)], "; "))
	}
	return nil
}
