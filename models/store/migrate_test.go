package store_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

func TestMigrate(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		engine := "postgres"
		if db.IsSQLite() {
			engine = "sqlite"
		}
		fresh, err := models.Open(testutil.DBURL(t, engine))
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		t.Cleanup(func() { _ = fresh.Close() })

		runs := []struct {
			name      string
			wantSteps int
		}{
			{"first run applies every step", store.MigrationCount},
			{"second run is a no-op", 0},
			{"third run is a no-op", 0},
		}
		for _, tt := range runs {
			t.Run(tt.name, func(t *testing.T) {
				steps, err := fresh.Migrate(t.Context())
				testutil.IsErr(t, "migrate", err, nil)
				testutil.Equal(t, "steps run", len(steps), tt.wantSteps)
				var versions []int
				if err := fresh.DB.Raw("SELECT version FROM schema_migrations ORDER BY version").Scan(&versions).Error; err != nil {
					t.Fatalf("schema_migrations: %v", err)
				}
				testutil.Equal(t, "recorded versions", len(versions), store.MigrationCount)
				for i, v := range versions {
					testutil.Equal(t, "version", v, i+1)
				}
			})
		}
		if steps, _ := fresh.Migrate(t.Context()); len(steps) != 0 {
			t.Errorf("steps after the runs = %v, want none", steps)
		}
		// The migrated schema is usable: the tables that every page needs answer.
		for _, table := range []string{"users", "ideas", "votes", "comments", "follows", "tags", "settings", "tokens", "notifications"} {
			testutil.Equal(t, table+" rows", testutil.Rows(t, fresh, table, "1 = 1"), 0)
		}
	})
}

// TestMigrateIndexesTags takes a database back to step 8, before the tags
// had a place in the search text and its index, with a tagged idea, and
// checks that a new process which migrates it finds the idea by its tag.
func TestMigrateIndexesTags(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			dbURL := testutil.DBURL(t, engine)
			old := testutil.OpenStore(t, dbURL)
			author := testutil.NewUser(t, old, "")
			in := ideas.IdeaInput{Title: "Wool seat covers", Body: "Warm in winter.", Tags: []string{"lã natural"}}
			id := testutil.NewIdea(t, old, author.ID, in).ID
			for _, stmt := range stepEightSearch(engine) {
				if err := testutil.Behind(old).Exec(stmt).Error; err != nil {
					t.Fatalf("%.60s: %v", stmt, err)
				}
			}

			testutil.Equal(t, "found by tag at step 8", len(testutil.SearchIDs(t, old, ideas.IdeaFilter{Query: "natural"})), 0)

			// A new version starts, in a process of its own, as a deploy
			// does: it migrates before anything else.
			store, err := models.Open(dbURL)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			t.Cleanup(func() { _ = store.Close() })
			find := func(q string) []int64 { return testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: q}) }
			steps, err := store.Migrate(t.Context())
			testutil.IsErr(t, "migrate", err, nil)
			testutil.Equal(t, "steps", strings.Join(steps, "; "), "9 tags in search text")
			testutil.Equal(t, "found by tag", slices.Equal(find("natural"), []int64{id}), true)
			testutil.Equal(t, "found by title", slices.Equal(find("wool"), []int64{id}), true)
			testutil.Equal(t, "found by body", slices.Equal(find("winter"), []int64{id}), true)
			in.Tags = []string{"feltro"}
			testutil.IsErr(t, "edit tags", store.Ideas.UpdateIdea(t.Context(), id, author, in), nil)
			testutil.Equal(t, "old tag after an edit", len(find("natural")), 0)
			testutil.Equal(t, "new tag after an edit", slices.Equal(find("feltro"), []int64{id}), true)
		})
	}
}

// stepEightSearch turns a migrated database's search text and index back
// into what step 8 and the code of its time left.
func stepEightSearch(engine string) []string {
	stmts := []string{
		`DROP TRIGGER ideas_search_bu`, `DROP TRIGGER ideas_search_bd`, `DROP TRIGGER ideas_search_au`, `DROP TRIGGER ideas_search_ai`,
		`DROP TABLE ideas_search`,
		`ALTER TABLE ideas DROP COLUMN search_tags`,
		`CREATE VIRTUAL TABLE ideas_search USING fts4(content="ideas", search_title, search_text, tokenize=simple)`,
		`CREATE TRIGGER ideas_search_bu BEFORE UPDATE OF search_title, search_text ON ideas BEGIN DELETE FROM ideas_search WHERE docid = old.id; END`,
		`CREATE TRIGGER ideas_search_bd BEFORE DELETE ON ideas BEGIN DELETE FROM ideas_search WHERE docid = old.id; END`,
		`CREATE TRIGGER ideas_search_au AFTER UPDATE OF search_title, search_text ON ideas BEGIN
			INSERT INTO ideas_search(docid, search_title, search_text) VALUES (new.id, new.search_title, new.search_text); END`,
		`CREATE TRIGGER ideas_search_ai AFTER INSERT ON ideas BEGIN
			INSERT INTO ideas_search(docid, search_title, search_text) VALUES (new.id, new.search_title, new.search_text); END`,
		`INSERT INTO ideas_search(ideas_search) VALUES ('rebuild')`,
	}
	if engine == "postgres" {
		stmts = []string{
			`ALTER TABLE ideas DROP COLUMN search_vector`,
			`ALTER TABLE ideas DROP COLUMN search_tags`,
			`ALTER TABLE ideas ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
				setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_text), 'B')) STORED`,
			`CREATE INDEX ideas_search_vector ON ideas USING GIN (search_vector)`,
		}
	}
	return append(stmts, `DELETE FROM schema_migrations WHERE version = 9`)
}
