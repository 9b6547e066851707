package models_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// bulkFixture is a consistent little dataset: one challenge, two ideas,
// as many voters as asked, every voter voting for the first idea.
func bulkFixture(ids models.BulkIDs, voters int) *models.BulkBatch {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	b := &models.BulkBatch{}
	for n := range voters {
		b.Users = append(b.Users, models.User{ID: ids.Users + int64(n) + 1, Name: fmt.Sprintf("Voter %d", n),
			Email: fmt.Sprintf("voter%d@bulk.example", n), PasswordHash: "x", Country: "BR", Locale: "en",
			Role: models.RoleContributor, CreatedAt: at, UpdatedAt: at})
	}
	chID := ids.Challenges + 1
	b.Challenges = []models.Challenge{{ID: chID, Slug: "bulk", Title: "Bulk", Phase: models.PhaseIdeation,
		IdeaCount: 2, CreatedAt: at, UpdatedAt: at}}
	author := ids.Users + 1
	var voteTimes []time.Time
	for n := range voters {
		t := at.Add(time.Duration(n+1) * time.Minute)
		b.Votes = append(b.Votes, models.BulkVote{UserID: ids.Users + int64(n) + 1, IdeaID: ids.Ideas + 1, ChallengeID: &chID, CreatedAt: t})
		voteTimes = append(voteTimes, t)
	}
	for k := range 2 {
		idea := models.Idea{ID: ids.Ideas + int64(k) + 1, Title: fmt.Sprintf("Bulk idea number %d", k+1),
			Body: "Made **in bulk**.", AuthorID: author, ChallengeID: &chID, Status: models.StatusNew,
			FollowerCount: 1, Hot: models.HotScore(at, nil, nil), CreatedAt: at, UpdatedAt: at}
		if k == 0 {
			idea.VoteCount, idea.Hot = voters, models.HotScore(at, voteTimes, nil)
		}
		models.RenderIdea(&idea)
		b.Ideas = append(b.Ideas, idea)
		b.Follows = append(b.Follows, models.BulkFollow{UserID: author, IdeaID: idea.ID, CreatedAt: at})
	}
	return b
}

func TestBulkInsertWritesConsistentRows(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		newUser(t, store, "") // ids in use before the load
		ids, err := store.MaxIDs(ctx)
		isErr(t, "max ids", err, nil)
		equal(t, "users before", ids.Users, int64(1))
		// More votes than one statement may carry: the insert splits them.
		const voters = 8000
		b := bulkFixture(ids, voters)
		isErr(t, "bulk insert", store.BulkInsert(ctx, b), nil)
		isErr(t, "finish", store.FinishBulk(ctx), nil)

		problems, err := store.VerifyCounters(ctx, 10)
		isErr(t, "verify", err, nil)
		equal(t, "problems", strings.Join(problems, "; "), "")
		figs, err := store.Figures(ctx)
		isErr(t, "figures", err, nil)
		equal(t, "votes", figs.Votes, int64(voters))
		has, err := store.HasIdeas(ctx)
		isErr(t, "has ideas", err, nil)
		equal(t, "has ideas", has, true)

		// The app's own writes come after the loaded ids.
		u := newUser(t, store, "")
		if u.ID <= ids.Users+voters {
			t.Errorf("a new user got id %d, inside the loaded ids", u.ID)
		}
		idea := newIdea(t, store, u.ID, models.IdeaInput{ChallengeID: &b.Challenges[0].ID})
		if idea.ID <= ids.Ideas+2 {
			t.Errorf("a new idea got id %d, inside the loaded ids", idea.ID)
		}
		page, err := store.ListIdeas(ctx, models.IdeaFilter{Query: "bulk", PerPage: 10})
		isErr(t, "search", err, nil)
		equal(t, "ideas found by search", len(page.Ideas), 2)
	})
}

func TestVerifyCountersFindsDrift(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		ids, err := store.MaxIDs(ctx)
		isErr(t, "max ids", err, nil)
		b := bulkFixture(ids, 5)
		b.Ideas[0].VoteCount = 4
		b.Ideas[1].Hot += 0.5
		b.Challenges[0].IdeaCount = 3
		isErr(t, "bulk insert", store.BulkInsert(ctx, b), nil)
		problems, err := store.VerifyCounters(ctx, 10)
		isErr(t, "verify", err, nil)
		got := strings.Join(problems, "\n")
		for _, want := range []string{
			fmt.Sprintf("counters of idea %d: not equal to a recount", b.Ideas[0].ID),
			fmt.Sprintf("idea count of challenge %d: not equal to a recount", b.Challenges[0].ID),
			fmt.Sprintf("hot score of idea %d", b.Ideas[1].ID),
		} {
			if !strings.Contains(got, want) {
				t.Errorf("problems %q, want one about %q", got, want)
			}
		}
	})
}

func TestBulkInsertIsAllOrNothing(t *testing.T) {
	store := testutil.Store(t, "sqlite")
	ctx := t.Context()
	b := bulkFixture(models.BulkIDs{}, 3)
	b.Votes = append(b.Votes, b.Votes[0]) // the same vote twice
	if err := store.BulkInsert(ctx, b); err == nil {
		t.Fatal("a batch with a duplicate vote was written")
	}
	n, err := store.CountUsers(ctx)
	isErr(t, "count users", err, nil)
	equal(t, "users left by the failed batch", n, int64(0))
}

// TestBulkInsertIndexesTags checks that bulk-loaded ideas are found by
// their tags' words: tags of the batch or stored before, on ideas of the
// batch or of an earlier one.
func TestBulkInsertIndexesTags(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		ids, err := store.MaxIDs(ctx)
		isErr(t, "max ids", err, nil)
		first := bulkFixture(ids, 1)
		stored := models.Tag{ID: ids.Tags + 1, Slug: "aluminio", Name: "alumínio", IdeaCount: 3}
		first.Tags = []models.Tag{stored}
		first.IdeaTags = []models.BulkPair{{A: first.Ideas[0].ID, B: stored.ID}}
		isErr(t, "first batch", store.BulkInsert(ctx, first), nil)

		earlier, later := first.Ideas[1], first.Ideas[0]
		later.ID, later.Slug = ids.Ideas+3, "later"
		second := &models.BulkBatch{
			Tags:     []models.Tag{{ID: ids.Tags + 2, Slug: "grafeno", Name: "grafeno", IdeaCount: 1}},
			Ideas:    []models.Idea{later},
			IdeaTags: []models.BulkPair{{A: later.ID, B: stored.ID}, {A: later.ID, B: ids.Tags + 2}, {A: earlier.ID, B: stored.ID}},
		}
		second.Ideas[0].VoteCount, second.Ideas[0].FollowerCount, second.Ideas[0].Hot = 0, 0, models.HotScore(later.CreatedAt, nil, nil)
		isErr(t, "second batch", store.BulkInsert(ctx, second), nil)
		isErr(t, "finish", store.FinishBulk(ctx), nil)

		tests := []struct {
			q    string
			want []int64
		}{
			{"aluminio", []int64{later.ID, earlier.ID, first.Ideas[0].ID}},
			{"grafeno", []int64{later.ID}},
		}
		for _, tt := range tests {
			if got := searchIDs(t, store, models.IdeaFilter{Query: tt.q, Sort: models.SortNew}); !slices.Equal(got, tt.want) {
				t.Errorf("search %q = %v, want %v", tt.q, got, tt.want)
			}
		}
	})
}

// TestFinishBulkVacuums checks, on PostgreSQL, that every table a bulk
// load fills is vacuumed and analysed at the end, so that the first
// searches do not read the search index's pending list in full.
func TestFinishBulkVacuums(t *testing.T) {
	store := testutil.Store(t, "postgres") // skips without PostgreSQL
	ctx := t.Context()
	ids, err := store.MaxIDs(ctx)
	isErr(t, "max ids", err, nil)
	isErr(t, "bulk insert", store.BulkInsert(ctx, bulkFixture(ids, 3)), nil)
	isErr(t, "finish", store.FinishBulk(ctx), nil)
	var missed []string
	err = store.DB.Raw(`SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema()
		AND relname IN ? AND (last_vacuum IS NULL OR last_analyze IS NULL) ORDER BY relname`,
		[]string{"users", "challenges", "ideas", "idea_tags", "votes", "comments", "follows"}).Scan(&missed).Error
	isErr(t, "statistics", err, nil)
	equal(t, "tables not vacuumed and analysed", strings.Join(missed, ", "), "")
}
