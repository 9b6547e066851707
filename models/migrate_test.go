package models_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestMigrate(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		engine := "postgres"
		if store.IsSQLite() {
			engine = "sqlite"
		}
		fresh, err := models.Open(testutil.DBURL(t, engine))
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		t.Cleanup(func() { fresh.Close() })

		runs := []struct {
			name      string
			wantSteps int
		}{
			{"first run applies every step", models.MigrationCount},
			{"second run is a no-op", 0},
			{"third run is a no-op", 0},
		}
		for _, tt := range runs {
			t.Run(tt.name, func(t *testing.T) {
				steps, err := fresh.Migrate(t.Context())
				isErr(t, "migrate", err, nil)
				equal(t, "steps run", len(steps), tt.wantSteps)
				var versions []int
				if err := fresh.DB.Raw("SELECT version FROM schema_migrations ORDER BY version").Scan(&versions).Error; err != nil {
					t.Fatalf("schema_migrations: %v", err)
				}
				equal(t, "recorded versions", len(versions), models.MigrationCount)
				for i, v := range versions {
					equal(t, "version", v, i+1)
				}
			})
		}
		if steps, _ := fresh.Migrate(t.Context()); len(steps) != 0 {
			t.Errorf("steps after the runs = %v, want none", steps)
		}
		// The migrated schema is usable: the tables that every page needs answer.
		for _, table := range []string{"users", "ideas", "votes", "comments", "follows", "tags", "settings", "tokens", "notifications"} {
			equal(t, table+" rows", rows(t, fresh, table, "1 = 1"), 0)
		}
	})
}
