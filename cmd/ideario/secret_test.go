package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

// TestEnsureSecret checks where the session key comes from when none is
// configured: a file beside a SQLite database, the database itself on
// PostgreSQL, so that every instance of a deployment shares it.
func TestEnsureSecret(t *testing.T) {
	t.Run("configured", func(t *testing.T) {
		cfg := config.Config{DB: testutil.DBURL(t, "sqlite"), Secret: strings.Repeat("k", 40)}
		db := testutil.OpenStore(t, cfg.DB)
		if err := ensureSecret(t.Context(), &cfg, db); err != nil {
			t.Fatal(err)
		}
		if cfg.Secret != strings.Repeat("k", 40) {
			t.Errorf("secret %q, want the configured one", cfg.Secret)
		}
	})
	t.Run("sqlite", func(t *testing.T) {
		cfg := config.Config{DB: testutil.DBURL(t, "sqlite")}
		db := testutil.OpenStore(t, cfg.DB)
		if err := ensureSecret(t.Context(), &cfg, db); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(store.DataDir(cfg.DB), "secret.key"))
		if err != nil || strings.TrimSpace(string(b)) != cfg.Secret || len(cfg.Secret) < 32 {
			t.Errorf("secret %q, file %q (%v): want the key kept in secret.key", cfg.Secret, b, err)
		}
	})
	t.Run("postgres", func(t *testing.T) {
		url := testutil.DBURL(t, "postgres")
		var secrets []string
		for range 2 { // two instances, each with its own connections
			cfg := config.Config{DB: url}
			if err := ensureSecret(t.Context(), &cfg, testutil.OpenStore(t, url)); err != nil {
				t.Fatal(err)
			}
			secrets = append(secrets, cfg.Secret)
		}
		if len(secrets[0]) < 32 || secrets[0] != secrets[1] {
			t.Errorf("secrets %q: want one shared key", secrets)
		}
		if _, err := os.Stat(filepath.Join(store.DataDir(url), "secret.key")); err == nil {
			t.Errorf("a PostgreSQL instance wrote secret.key to its disk")
		}
	})
}
