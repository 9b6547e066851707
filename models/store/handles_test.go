package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/slug"
	"github.com/ideario/ideario/testutil"
)

// TestMigrateGivesHandles takes a database back to before step 17, with
// people who signed up then, and checks that migrating gives each a
// unique handle from their name.
func TestMigrateGivesHandles(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			dbURL := testutil.DBURL(t, engine)
			old := testutil.OpenStore(t, dbURL)
			for _, stmt := range []string{`DROP INDEX users_handle`, `ALTER TABLE users DROP COLUMN handle`,
				`DELETE FROM schema_migrations WHERE version = 17`} {
				if err := testutil.Behind(old).Exec(stmt).Error; err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			people := []struct{ name, want string }{
				{"João Gonçalves", "joao_goncalves"},
				{"Ana Souza", "ana_souza"},
				{"Joao Goncalves", "joao_goncalves_2"},
				{"李小龙", ""}, // user<id>
				{"  ", ""},
				{"João  Gonçalves.", "joao_goncalves_3"},
			}
			now := time.Now().UTC()
			ids := make([]int64, len(people))
			for i, p := range people {
				err := testutil.Behind(old).Exec(`INSERT INTO users (name, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', ?, ?)`,
					p.name, testutil.Name("m")+"@example.org", now, now).Error
				testutil.IsErr(t, "insert", err, nil)
				testutil.IsErr(t, "id", testutil.Behind(old).Raw(`SELECT MAX(id) FROM users`).Scan(&ids[i]).Error, nil)
			}

			store, err := models.Open(dbURL)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			t.Cleanup(func() { _ = store.Close() })
			steps, err := store.Migrate(t.Context())
			testutil.IsErr(t, "migrate", err, nil)
			testutil.Equal(t, "ran step 17", slices.Contains(steps, "17 handles"), true)
			for i, p := range people {
				u, err := store.Accounts.UserByID(t.Context(), ids[i])
				testutil.IsErr(t, "user", err, nil)
				want := p.want
				if want == "" {
					want = slug.FallbackHandle(ids[i])
				}
				testutil.Equal(t, "handle of "+p.name, u.Handle, want)
			}
			// The index holds: nobody may take a handle someone has.
			err = testutil.Behind(store).Exec(`UPDATE users SET handle = 'ana_souza' WHERE id = ?`, ids[0]).Error
			if err == nil {
				t.Errorf("a second ana_souza was let in")
			}
		})
	}
}
