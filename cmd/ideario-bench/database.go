package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ideario/ideario/models"
)

// benchSchema is the PostgreSQL schema the benchmark keeps to itself, so
// that its data never meets the tests' schemas.
const benchSchema = "ideario_bench"

// database is where the benchmark's data lives.
type database struct {
	dsn string
	// owned says the benchmark chose the location itself, and so may wipe it.
	owned bool
}

// resolveDatabase turns the --engine and --db flags into a database URL.
func resolveDatabase(o options) (database, error) {
	if o.engine == "sqlite" {
		if o.db == "" {
			return database{dsn: "sqlite:" + filepath.Join(os.TempDir(), "ideario-bench", "bench.db"), owned: true}, nil
		}
		return database{dsn: "sqlite:" + strings.TrimPrefix(o.db, "sqlite:")}, nil
	}
	if o.db != "" {
		return database{dsn: o.db}, nil
	}
	base := os.Getenv("IDEARIO_TEST_POSTGRES")
	if base == "" {
		return database{}, errors.New("postgres: pass --db postgres://... or set IDEARIO_TEST_POSTGRES (eval \"$(scripts/test-postgres.sh)\")")
	}
	u, err := url.Parse(base)
	if err != nil {
		return database{}, fmt.Errorf("postgres: IDEARIO_TEST_POSTGRES: %w", err)
	}
	q := u.Query()
	q.Set("search_path", benchSchema)
	u.RawQuery = q.Encode()
	return database{dsn: u.String(), owned: true}, nil
}

// prepareDatabase makes sure the database holds a dataset: it reuses one
// when asked to, and seeds a fresh one otherwise. It never wipes a database
// the person named with --db.
func prepareDatabase(ctx context.Context, o options, bin string, progress func(string, ...any)) (database, error) {
	db, err := resolveDatabase(o)
	if err != nil {
		return db, err
	}
	if db.owned {
		if err := resetOwned(o, db, !o.reuse); err != nil {
			return db, err
		}
	}
	if err := runIdeario(ctx, bin, "migrate", "--db", db.dsn); err != nil {
		return db, err
	}
	ideas, err := countIdeas(db.dsn)
	if err != nil {
		return db, err
	}
	switch {
	case ideas > 0 && o.reuse:
		progress("reusing the dataset in %s (%d ideas)", redact(db.dsn), ideas)
		return db, nil
	case ideas > 0:
		return db, fmt.Errorf("%s already has %d ideas: pass --reuse to benchmark them, or name an empty database", redact(db.dsn), ideas)
	}
	s := o.size
	progress("seeding %d users, %d ideas, %d votes, %d comments into %s", s.users, s.ideas, s.votes, s.comments, redact(db.dsn))
	return db, runIdeario(ctx, bin, "seed", "--synthetic", "--db", db.dsn,
		"--users", strconv.Itoa(s.users), "--ideas", strconv.Itoa(s.ideas), "--votes", strconv.Itoa(s.votes),
		"--comments", strconv.Itoa(s.comments), "--seed", strconv.FormatInt(s.seed, 10))
}

// resetOwned empties the benchmark's own database when wipe is set, and
// makes sure it exists.
func resetOwned(o options, db database, wipe bool) error {
	if o.engine == "sqlite" {
		path := strings.TrimPrefix(db.dsn, "sqlite:")
		if !wipe {
			return nil
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("reset %s: %w", path, err)
			}
		}
		return nil
	}
	admin, err := models.Open(os.Getenv("IDEARIO_TEST_POSTGRES"))
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer func() { _ = admin.Close() }() // the schema statements below are already committed
	if wipe {
		if err := admin.DB.Exec("DROP SCHEMA IF EXISTS " + benchSchema + " CASCADE").Error; err != nil {
			return fmt.Errorf("postgres: drop schema %s: %w", benchSchema, err)
		}
	}
	if err := admin.DB.Exec("CREATE SCHEMA IF NOT EXISTS " + benchSchema).Error; err != nil {
		return fmt.Errorf("postgres: create schema %s: %w", benchSchema, err)
	}
	return nil
}

// countIdeas tells how many visible ideas the (migrated) database holds.
func countIdeas(dsn string) (int64, error) {
	store, err := models.Open(dsn)
	if err != nil {
		return 0, err
	}
	defer func() { _ = store.Close() }() // it only read a count
	f, err := store.Site.Figures(context.Background())
	if err != nil {
		return 0, fmt.Errorf("count ideas: %w", err)
	}
	return f.Ideas, nil
}

// runIdeario runs one ideario command to its end, showing its output
// (the seed's progress bar among it) on stderr.
func runIdeario(ctx context.Context, bin string, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, args...) //nolint:gosec // G204: bin is the ideario binary this benchmark built
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ideario %s: %w", args[0], err)
	}
	return nil
}

// buildIdeario compiles the ideario binary into dir, so that the server
// runs as it does in production and not under `go run`.
func buildIdeario(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "ideario")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/ideario/ideario/cmd/ideario") //nolint:gosec // G204: bin is a path in the benchmark's own temporary folder
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build ideario: %w", err)
	}
	return bin, nil
}

// redact hides a password in a database URL before it is printed.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	return u.Redacted()
}
