// Package testutil starts real databases and a real server for tests:
// SQLite in a temporary folder by default, PostgreSQL when
// IDEARIO_TEST_POSTGRES names a server. With IDEARIO_TEST_REQUIRE_ALL=1
// (set by CI), a test that would skip for lack of PostgreSQL or Chromium
// fails instead.
package testutil

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
)

// RequireAll tells whether missing services must fail the tests.
func RequireAll() bool { return os.Getenv("IDEARIO_TEST_REQUIRE_ALL") == "1" }

// Skip skips the test with a reason, or fails it when CI asked for every test to run.
func Skip(t testing.TB, reason string) {
	t.Helper()
	if RequireAll() {
		t.Fatalf("%s (IDEARIO_TEST_REQUIRE_ALL=1 forbids skipping)", reason)
	}
	t.Skip(reason)
}

// Engines lists the databases to run model tests on: "sqlite" always,
// "postgres" when IDEARIO_TEST_POSTGRES is set.
func Engines() []string {
	if os.Getenv("IDEARIO_TEST_POSTGRES") != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// DBURL returns a fresh, empty database for one test on an engine.
func DBURL(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case "sqlite":
		return "sqlite:" + filepath.Join(t.TempDir(), "ideario.db")
	case "postgres":
		dsn := os.Getenv("IDEARIO_TEST_POSTGRES")
		if dsn == "" {
			Skip(t, "PostgreSQL tests need IDEARIO_TEST_POSTGRES=postgres://...")
		}
		return postgresSchema(t, dsn)
	}
	t.Fatalf("unknown engine %q", engine)
	return ""
}

// postgresSchema makes a schema of its own for the test, dropped at the end,
// and returns a URL whose search_path points at it.
func postgresSchema(t testing.TB, dsn string) string {
	t.Helper()
	raw := make([]byte, 6)
	rand.Read(raw)
	schema := "t_" + hex.EncodeToString(raw)
	admin, err := models.Open(dsn)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	if err := admin.DB.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.DB.Exec("DROP SCHEMA " + schema + " CASCADE")
		_ = admin.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Store opens a fresh, migrated database on an engine and closes it at
// the end of the test.
func Store(t testing.TB, engine string) *models.Store {
	t.Helper()
	return OpenStore(t, DBURL(t, engine))
}

// ForEachEngine runs fn as a subtest on each database engine.
func ForEachEngine(t *testing.T, fn func(t *testing.T, store *models.Store)) {
	for _, engine := range Engines() {
		t.Run(engine, func(t *testing.T) { fn(t, Store(t, engine)) })
	}
}

// Logger is a logger for tests that prints only when -v is given.
func Logger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// Chromium is the browser for browser tests: IDEARIO_TEST_CHROMIUM, or
// Debian's /usr/bin/chromium. Without one the test skips (or fails in CI).
func Chromium(t testing.TB) string {
	t.Helper()
	for _, path := range []string{os.Getenv("IDEARIO_TEST_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if path == "" {
			continue
		}
		if _, err := os.Stat(path); err == nil { //nolint:gosec // G703: a test setting, not a request's input
			return path
		}
	}
	Skip(t, "browser tests need Chromium: apt-get install chromium, or set IDEARIO_TEST_CHROMIUM")
	return ""
}

// Name makes a unique, readable value for a test (emails, titles).
func Name(prefix string) string {
	raw := make([]byte, 4)
	rand.Read(raw)
	return fmt.Sprintf("%s%s", prefix, strings.ToLower(hex.EncodeToString(raw)))
}
