package bulk_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/bulk"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// bulkFixture is a consistent little dataset: one challenge, two ideas,
// as many voters as asked, every voter voting for the first idea.
func bulkFixture(ids bulk.BulkIDs, voters int) *bulk.BulkBatch {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	b := &bulk.BulkBatch{}
	for n := range voters {
		b.Users = append(b.Users, accounts.User{ID: ids.Users + int64(n) + 1, Name: fmt.Sprintf("Voter %d", n),
			Email: fmt.Sprintf("voter%d@bulk.example", n), PasswordHash: "x", Country: "BR", Locale: "en",
			Role: accounts.RoleContributor, CreatedAt: at, UpdatedAt: at})
	}
	chID := ids.Challenges + 1
	b.Challenges = []challenges.Challenge{{ID: chID, Slug: "bulk", Title: "Bulk", Phase: challenges.PhaseIdeation,
		IdeaCount: 2, CreatedAt: at, UpdatedAt: at}}
	author := ids.Users + 1
	var voteTimes []time.Time
	for n := range voters {
		t := at.Add(time.Duration(n+1) * time.Minute)
		b.Votes = append(b.Votes, bulk.BulkVote{UserID: ids.Users + int64(n) + 1, IdeaID: ids.Ideas + 1, ChallengeID: &chID, CreatedAt: t})
		voteTimes = append(voteTimes, t)
	}
	for k := range 2 {
		idea := ideas.Idea{ID: ids.Ideas + int64(k) + 1, Title: fmt.Sprintf("Bulk idea number %d", k+1),
			Body: "Made **in bulk**.", AuthorID: author, ChallengeID: &chID, Status: ideas.StatusNew,
			FollowerCount: 1, Hot: ideas.HotScore(at, nil, nil), CreatedAt: at, UpdatedAt: at}
		if k == 0 {
			idea.VoteCount, idea.Hot = voters, ideas.HotScore(at, voteTimes, nil)
		}
		idea.Render()
		b.Ideas = append(b.Ideas, idea)
		b.Follows = append(b.Follows, bulk.BulkFollow{UserID: author, IdeaID: idea.ID, CreatedAt: at})
	}
	return b
}

func TestBulkInsertWritesConsistentRows(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		testutil.NewUser(t, store, "") // ids in use before the load
		ids, err := store.Bulk.MaxIDs(ctx)
		testutil.IsErr(t, "max ids", err, nil)
		testutil.Equal(t, "users before", ids.Users, int64(1))
		// More votes than one statement may carry: the insert splits them.
		const voters = 8000
		b := bulkFixture(ids, voters)
		testutil.IsErr(t, "bulk insert", store.Bulk.BulkInsert(ctx, b), nil)
		testutil.IsErr(t, "finish", store.Bulk.FinishBulk(ctx), nil)

		problems, err := store.Bulk.VerifyCounters(ctx, 10)
		testutil.IsErr(t, "verify", err, nil)
		testutil.Equal(t, "problems", strings.Join(problems, "; "), "")
		figs, err := store.Site.Figures(ctx)
		testutil.IsErr(t, "figures", err, nil)
		testutil.Equal(t, "votes", figs.Votes, int64(voters))
		has, err := store.Bulk.HasIdeas(ctx)
		testutil.IsErr(t, "has ideas", err, nil)
		testutil.Equal(t, "has ideas", has, true)

		// The app's own writes come after the loaded ids.
		u := testutil.NewUser(t, store, "")
		if u.ID <= ids.Users+voters {
			t.Errorf("a new user got id %d, inside the loaded ids", u.ID)
		}
		idea := testutil.NewIdea(t, store, u.ID, ideas.IdeaInput{ChallengeID: &b.Challenges[0].ID})
		if idea.ID <= ids.Ideas+2 {
			t.Errorf("a new idea got id %d, inside the loaded ids", idea.ID)
		}
		page, err := store.Ideas.ListIdeas(ctx, ideas.IdeaFilter{Query: "bulk", PerPage: 10})
		testutil.IsErr(t, "search", err, nil)
		testutil.Equal(t, "ideas found by search", len(page.Ideas), 2)
	})
}

func TestVerifyCountersFindsDrift(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		ids, err := store.Bulk.MaxIDs(ctx)
		testutil.IsErr(t, "max ids", err, nil)
		b := bulkFixture(ids, 5)
		b.Ideas[0].VoteCount = 4
		b.Ideas[1].Hot += 0.5
		b.Challenges[0].IdeaCount = 3
		testutil.IsErr(t, "bulk insert", store.Bulk.BulkInsert(ctx, b), nil)
		problems, err := store.Bulk.VerifyCounters(ctx, 10)
		testutil.IsErr(t, "verify", err, nil)
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
	b := bulkFixture(bulk.BulkIDs{}, 3)
	b.Votes = append(b.Votes, b.Votes[0]) // the same vote twice
	if err := store.Bulk.BulkInsert(ctx, b); err == nil {
		t.Fatal("a batch with a duplicate vote was written")
	}
	n, err := store.Accounts.CountUsers(ctx)
	testutil.IsErr(t, "count users", err, nil)
	testutil.Equal(t, "users left by the failed batch", n, int64(0))
}

// TestBulkInsertIndexesTags checks that bulk-loaded ideas are found by
// their tags' words: tags of the batch or stored before, on ideas of the
// batch or of an earlier one.
func TestBulkInsertIndexesTags(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		ids, err := store.Bulk.MaxIDs(ctx)
		testutil.IsErr(t, "max ids", err, nil)
		first := bulkFixture(ids, 1)
		stored := challenges.Tag{ID: ids.Tags + 1, Slug: "aluminio", Name: "alumínio", IdeaCount: 3}
		first.Tags = []challenges.Tag{stored}
		first.IdeaTags = []bulk.BulkPair{{A: first.Ideas[0].ID, B: stored.ID}}
		testutil.IsErr(t, "first batch", store.Bulk.BulkInsert(ctx, first), nil)

		earlier, later := first.Ideas[1], first.Ideas[0]
		later.ID, later.Slug = ids.Ideas+3, "later"
		second := &bulk.BulkBatch{
			Tags:     []challenges.Tag{{ID: ids.Tags + 2, Slug: "grafeno", Name: "grafeno", IdeaCount: 1}},
			Ideas:    []ideas.Idea{later},
			IdeaTags: []bulk.BulkPair{{A: later.ID, B: stored.ID}, {A: later.ID, B: ids.Tags + 2}, {A: earlier.ID, B: stored.ID}},
		}
		second.Ideas[0].VoteCount, second.Ideas[0].FollowerCount, second.Ideas[0].Hot = 0, 0, ideas.HotScore(later.CreatedAt, nil, nil)
		testutil.IsErr(t, "second batch", store.Bulk.BulkInsert(ctx, second), nil)
		testutil.IsErr(t, "finish", store.Bulk.FinishBulk(ctx), nil)

		tests := []struct {
			q    string
			want []int64
		}{
			{"aluminio", []int64{later.ID, earlier.ID, first.Ideas[0].ID}},
			{"grafeno", []int64{later.ID}},
		}
		for _, tt := range tests {
			if got := testutil.SearchIDs(t, store, ideas.IdeaFilter{Query: tt.q, Sort: ideas.SortNew}); !slices.Equal(got, tt.want) {
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
	ids, err := store.Bulk.MaxIDs(ctx)
	testutil.IsErr(t, "max ids", err, nil)
	testutil.IsErr(t, "bulk insert", store.Bulk.BulkInsert(ctx, bulkFixture(ids, 3)), nil)
	testutil.IsErr(t, "finish", store.Bulk.FinishBulk(ctx), nil)
	var missed []string
	err = store.DB.Raw(`SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema()
		AND relname IN ? AND (last_vacuum IS NULL OR last_analyze IS NULL) ORDER BY relname`,
		[]string{"users", "challenges", "ideas", "idea_tags", "votes", "comments", "follows"}).Scan(&missed).Error
	testutil.IsErr(t, "statistics", err, nil)
	testutil.Equal(t, "tables not vacuumed and analysed", strings.Join(missed, ", "), "")
}
