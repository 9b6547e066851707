package store_test

// Tests of what the two engines do differently underneath (full-text
// search, time values, upserts, migrating from several processes), so that
// the app behaves the same on both.

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/site"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

func pgAuthor(t *testing.T, db *models.Store) *accounts.User {
	t.Helper()
	u, err := db.Accounts.CreateUser(t.Context(), accounts.NewUser{
		Name: "Portable Author", Email: testutil.Name("portable") + "@example.com",
		Password: "password-123", Country: "br",
	})
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u
}

func pgIdea(t *testing.T, db *models.Store, authorID int64, title, body string, tags ...string) *ideas.Idea {
	t.Helper()
	idea, err := db.Ideas.CreateIdea(t.Context(), authorID, ideas.IdeaInput{Title: title, Body: body, Tags: tags})
	if err != nil {
		t.Fatalf("create idea %q: %v", title, err)
	}
	return idea
}

// hasUnaccent tells whether accents can be folded: always on SQLite, on
// PostgreSQL where the unaccent extension is installed.
func hasUnaccent(t *testing.T, db *models.Store) bool {
	t.Helper()
	if db.IsSQLite() {
		return true
	}
	var n int64
	if err := db.DB.Raw("SELECT COUNT(*) FROM pg_extension WHERE extname = 'unaccent'").Scan(&n).Error; err != nil {
		t.Fatalf("unaccent: %v", err)
	}
	return n > 0
}

func TestSearchSameOnEveryEngine(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := pgAuthor(t, db)
		recycled := pgIdea(t, db, author.ID, "Seats from recycled bottles", "Fabric woven from PET bottles and fishing nets.")
		painel := pgIdea(t, db, author.ID, "Painel de fibra de coco", "Uma solução com ação social: cooperativas do Nordeste fornecem a fibra.")
		screens := pgIdea(t, db, author.ID, "Fewer screens in the cabin", "Moins d'écrans, c'est aussi moins d'électronique à remplacer.")
		digits := pgIdea(t, db, author.ID, "A 3D printed dashboard", "Print spare parts on demand, model X200 first.")
		hidden := pgIdea(t, db, author.ID, "Recycled hidden idea", "Should never be found.")
		if err := testutil.Behind(db).Exec("UPDATE ideas SET hidden = ? WHERE id = ?", true, hidden.ID).Error; err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			q      string
			want   []int64
			accent bool // needs accent folding
		}{
			{q: "recycl", want: []int64{recycled.ID}},
			{q: "RECYCLED bottles", want: []int64{recycled.ID}},
			{q: "bottles recycled", want: []int64{recycled.ID}},
			{q: "recycled cabin", want: nil},
			{q: "solução", want: []int64{painel.ID}},
			{q: "SOLUÇÃO", want: []int64{painel.ID}},
			{q: "solucao", want: []int64{painel.ID}, accent: true},
			{q: "electron", want: []int64{screens.ID}, accent: true},
			{q: "écran", want: []int64{screens.ID}},
			{q: "x200", want: []int64{digits.ID}},
			{q: "3d", want: []int64{digits.ID}},
			{q: "nothing-like-this", want: nil},
			// Search syntax of either engine is plain text here.
			{q: "recycled & !bottles", want: []int64{recycled.ID}},
			{q: "recycl:* | cabin", want: nil},
			{q: `"seats" OR NEAR(x) -fabric`, want: nil},
			{q: "bottles' OR '1'='1", want: nil},
			{q: `\\'`, want: []int64{digits.ID, screens.ID, painel.ID, recycled.ID}},
			{q: "日本語 テキスト", want: nil},
			{q: "a b c d e f g h i j k l m n o", want: nil},
		}
		for _, tt := range tests {
			t.Run(tt.q, func(t *testing.T) {
				if tt.accent && !hasUnaccent(t, db) {
					t.Skip("this PostgreSQL has no unaccent extension: accents are not folded")
				}
				page, err := db.Ideas.ListIdeas(t.Context(), ideas.IdeaFilter{Query: tt.q, Sort: ideas.SortNew})
				if err != nil {
					t.Fatalf("search %q: %v", tt.q, err)
				}
				var got []int64
				for _, c := range page.Ideas {
					got = append(got, c.ID)
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("search %q = %v, want %v", tt.q, got, tt.want)
				}
			})
		}
	})
}

func TestTimesReadBackInUTC(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		author := pgAuthor(t, db)
		before := time.Now().UTC()
		idea := pgIdea(t, db, author.ID, "Times that travel well", "Body.")
		admin := pgAuthor(t, db)
		if err := db.Ideas.SetStatus(ctx, idea.ID, admin, ideas.StatusAccepted, "Yes."); err != nil {
			t.Fatalf("set status: %v", err)
		}
		got, err := db.Ideas.IdeaByID(ctx, idea.ID)
		if err != nil {
			t.Fatalf("idea: %v", err)
		}
		if got.StatusChangedAt == nil {
			t.Fatal("status_changed_at is nil")
		}
		for name, v := range map[string]time.Time{"created_at": got.CreatedAt, "status_changed_at": *got.StatusChangedAt} {
			if v.Location() != time.UTC {
				t.Errorf("%s is in %v, want UTC", name, v.Location())
			}
			if v.Before(before.Truncate(time.Microsecond)) || v.After(time.Now().UTC()) {
				t.Errorf("%s = %v, want between %v and now", name, v, before)
			}
		}
		if d := got.CreatedAt.Sub(idea.CreatedAt).Abs(); d >= time.Microsecond {
			t.Errorf("created_at read back %v, stored %v", got.CreatedAt, idea.CreatedAt)
		}
		// Filters on times compare instants, not text.
		for _, tt := range []struct {
			from, to time.Time
			want     int
		}{
			{before.Add(-time.Hour), before.Add(time.Hour), 1},
			{before.Add(time.Hour), before.Add(2 * time.Hour), 0},
			{before.Add(-time.Hour).In(time.FixedZone("BRT", -3*3600)), before.Add(time.Hour).In(time.FixedZone("JST", 9*3600)), 1},
		} {
			page, err := db.Ideas.ListIdeas(ctx, ideas.IdeaFilter{From: tt.from, To: tt.to})
			if err != nil {
				t.Fatalf("list: %v", err)
			}
			if len(page.Ideas) != tt.want {
				t.Errorf("ideas from %v to %v = %d, want %d", tt.from, tt.to, len(page.Ideas), tt.want)
			}
		}
	})
}

func TestUpsertsAndCountersOnEveryEngine(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		author := pgAuthor(t, db)
		voter := pgAuthor(t, db)
		a := pgIdea(t, db, author.ID, "Solar roof panels", "Charge on the go.", "solar", "Roof")
		b := pgIdea(t, db, author.ID, "Solar powered fans", "Cool when parked.", "Solar")
		for range 2 {
			if _, err := db.Votes.Vote(ctx, voter.ID, a.ID); err != nil {
				t.Fatalf("vote: %v", err)
			}
			if err := db.Ideas.Follow(ctx, voter.ID, b.ID); err != nil {
				t.Fatalf("follow: %v", err)
			}
		}
		solar, err := db.Challenges.TagBySlug(ctx, "solar")
		if err != nil {
			t.Fatalf("tag: %v", err)
		}
		if solar.IdeaCount != 2 {
			t.Errorf("solar tag idea_count = %d, want 2", solar.IdeaCount)
		}
		got, err := db.Ideas.IdeaByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.VoteCount != 1 {
			t.Errorf("vote_count = %d, want 1", got.VoteCount)
		}
		if got, _ := db.Ideas.IdeaByID(ctx, b.ID); got.FollowerCount != 2 { // the author and the voter
			t.Errorf("follower_count = %d, want 2", got.FollowerCount)
		}
		for _, name := range []string{"First", "Second"} {
			st := site.DefaultSettings
			st.SiteName, st.SignupOpen = name, name == "First"
			if err := db.Site.SaveSettings(ctx, st); err != nil {
				t.Fatalf("save settings: %v", err)
			}
		}
		st, err := db.Site.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.SiteName != "Second" || st.SignupOpen {
			t.Errorf("settings = %+v, want the second save", st)
		}
		f, err := db.Site.Figures(ctx)
		if err != nil {
			t.Fatalf("figures: %v", err)
		}
		if want := (site.SiteFigures{Members: 2, Ideas: 2, Votes: 1, Countries: 1}); f != want {
			t.Errorf("figures = %+v, want %+v", f, want)
		}
	})
}

// Every instance behind a load balancer migrates when it starts; on
// PostgreSQL, the engine for that, they must not trip over each other.
func TestMigrateFromManyProcessesAtOnce(t *testing.T) {
	url := testutil.DBURL(t, "postgres")
	const n = 4
	stores := make([]*models.Store, n)
	for i := range stores {
		s, err := models.Open(url)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		t.Cleanup(func() { _ = s.Close() })
		stores[i] = s
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	ran := make([]int, n)
	for i, s := range stores {
		wg.Go(func() {
			steps, err := s.Migrate(context.Background())
			errs[i], ran[i] = err, len(steps)
		})
	}
	wg.Wait()
	total := 0
	for i, err := range errs {
		if err != nil {
			t.Errorf("migrate %d: %v", i, err)
		}
		total += ran[i]
	}
	var recorded int
	if err := stores[0].DB.Raw("SELECT COUNT(*) FROM schema_migrations").Scan(&recorded).Error; err != nil {
		t.Fatal(err)
	}
	if total == 0 || total != recorded {
		t.Errorf("steps run in all = %d, want each of the %d recorded steps once", total, recorded)
	}
	author := pgAuthor(t, stores[0])
	idea := pgIdea(t, stores[1], author.ID, "Found after a crowded start", "Searchable.")
	page, err := stores[2].Ideas.ListIdeas(t.Context(), ideas.IdeaFilter{Query: "crowd"})
	if err != nil || len(page.Ideas) != 1 || page.Ideas[0].ID != idea.ID {
		t.Errorf("search after concurrent migrations: %v, %v", page, err)
	}
}

// A one-time token is spent once, however many requests race for it.
func TestConsumeTokenOnceUnderRace(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		u := pgAuthor(t, db)
		secret, err := db.Accounts.IssueToken(t.Context(), u.ID, accounts.PurposeReset, time.Hour)
		if err != nil {
			t.Fatalf("issue: %v", err)
		}
		const n = 8
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				_, err := db.Accounts.ConsumeToken(t.Context(), accounts.PurposeReset, secret)
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		var spent int
		for err := range errs {
			switch {
			case err == nil:
				spent++
			case !errors.Is(err, store.ErrNotFound):
				t.Errorf("consume: %v", err)
			}
		}
		if spent != 1 {
			t.Errorf("token spent %d times, want once", spent)
		}
	})
}

// Text PostgreSQL cannot hold (not UTF-8, or with a NUL byte) finds nothing,
// as on SQLite, instead of failing the query.
func TestLookupsWithUnstorableKeys(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		for _, key := range []string{"\xff\xfe", "a\x00b", "é\xc3"} {
			lookups := map[string]func() error{
				"challenge": func() error { _, err := db.Challenges.ChallengeBySlug(ctx, key); return err },
				"category":  func() error { _, err := db.Challenges.CategoryBySlug(ctx, key); return err },
				"tag":       func() error { _, err := db.Challenges.TagBySlug(ctx, key); return err },
				"user":      func() error { _, err := db.Accounts.UserByEmail(ctx, key); return err },
				"login":     func() error { _, err := db.Accounts.Authenticate(ctx, key, "password-123"); return err },
			}
			for name, lookup := range lookups {
				if err := lookup(); !errors.Is(err, store.ErrNotFound) && !errors.Is(err, accounts.ErrBadCredentials) {
					t.Errorf("%s %q: %v, want not found", name, key, err)
				}
			}
		}
	})
}
