package votes_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/models/votes"
	"github.com/ideario/ideario/testutil"
	"gorm.io/gorm"
)

// TestVoteBatch puts known votes in one group-commit batch: the counters
// stay exact, one person's repeated votes count once, and a vote that
// fails leaves the others in the batch applied.
func TestVoteBatch(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		var people []int64
		for range 20 {
			people = append(people, testutil.NewUser(t, db, "").ID)
		}
		hidden := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		testutil.SetIdea(t, db, hidden.ID, "hidden", true)
		// Hidden behind the app's back: its ledger rows go as moderation's would.
		testutil.IsErr(t, "rebuild", db.Tx(t.Context(), store.Ideas, func(tx *gorm.DB) error { return reputation.Rebuild(tx, hidden.ID) }), nil)
		const unknownUser = 999_999
		tests := []struct {
			name string
			// votes builds the batch for two fresh ideas.
			votes     func(a, b int64) []votes.BatchVote
			wantA     int
			wantB     int
			wantFails map[int]error // by position in the batch; nil: any error
		}{
			{"many people on two ideas", func(a, b int64) []votes.BatchVote {
				var vs []votes.BatchVote
				for i, p := range people {
					vs = append(vs, votes.BatchVote{UserID: p, IdeaID: []int64{a, b}[i%2], Support: true})
				}
				return vs
			}, 10, 10, nil},
			{"one person 100 times", func(a, _ int64) []votes.BatchVote {
				var vs []votes.BatchVote
				for range 100 {
					vs = append(vs, votes.BatchVote{UserID: people[0], IdeaID: a, Support: true})
				}
				return vs
			}, 1, 0, nil},
			{"vote, unvote, vote again", func(a, _ int64) []votes.BatchVote {
				return []votes.BatchVote{{people[0], a, true}, {people[0], a, false}, {people[0], a, true}, {people[1], a, true}}
			}, 2, 0, nil},
			{"a refused vote among others", func(a, b int64) []votes.BatchVote {
				return []votes.BatchVote{{people[0], a, true}, {people[1], hidden.ID, true}, {people[2], b, true}}
			}, 1, 1, map[int]error{1: store.ErrNotFound}},
			{"a failing write among others", func(a, b int64) []votes.BatchVote {
				return []votes.BatchVote{{people[0], a, true}, {unknownUser, a, true}, {people[1], a, true}, {people[2], b, true}}
			}, 2, 1, map[int]error{1: nil}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{}).ID
				b := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{}).ID
				pipelined := votes.PipelinedBatches()
				_, errs := db.Votes.ApplyVoteBatch(t.Context(), tt.votes(a, b))
				// On PostgreSQL a batch goes in two round trips, unless one of
				// its writes fails (then vote by vote).
				if wantPipelined := !db.IsSQLite() && tt.wantFails[1] != nil || !db.IsSQLite() && len(tt.wantFails) == 0; wantPipelined != (votes.PipelinedBatches() > pipelined) {
					t.Errorf("pipelined: %v, want %v", votes.PipelinedBatches() > pipelined, wantPipelined)
				}
				for i, err := range errs {
					want, fails := tt.wantFails[i]
					switch {
					case fails && want == nil && err == nil:
						t.Errorf("vote %d: no error, want one", i)
					case fails && want != nil:
						testutil.IsErr(t, "refused vote", err, want)
					case !fails && err != nil:
						t.Errorf("vote %d: %v", i, err)
					}
				}
				testutil.CheckVotes(t, db, a, tt.wantA)
				testutil.CheckVotes(t, db, b, tt.wantB)
				if drifts, err := ideas.HotDrifts(db.DB); err != nil || len(drifts) > 0 {
					t.Errorf("hot scores that a recount disagrees with: %+v, %v", drifts, err)
				}
				if drifts, err := reputation.Drifts(db.DB); err != nil || len(drifts) > 0 {
					t.Errorf("points that a rebuild of the ledger disagrees with: %+v, %v", drifts, err)
				}
			})
		}
	})
}

// TestVoteBatchThatKeepsTheCount gives one batch a vote and the
// withdrawal of an older one on the same idea: the count stays, but the
// hot score changes (a new vote counts more than an old one), and must
// agree with a recount from the rows.
func TestVoteBatchThatKeepsTheCount(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, early, late := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{}).ID
		if _, err := db.Votes.Vote(t.Context(), early.ID, idea); err != nil {
			t.Fatal(err)
		}
		behind := testutil.Behind(db)
		if err := behind.Exec("UPDATE votes SET created_at = ? WHERE user_id = ? AND idea_id = ?",
			time.Now().Add(-100*time.Hour).UTC(), early.ID, idea).Error; err != nil {
			t.Fatal(err)
		}
		if err := ideas.RecomputeHot(behind, idea); err != nil {
			t.Fatal(err)
		}
		_, errs := db.Votes.ApplyVoteBatch(t.Context(), []votes.BatchVote{{late.ID, idea, true}, {early.ID, idea, false}})
		for _, err := range errs {
			testutil.IsErr(t, "vote", err, nil)
		}
		testutil.CheckVotes(t, db, idea, 1)
		if drifts, err := ideas.HotDrifts(db.DB); err != nil || len(drifts) > 0 {
			t.Errorf("hot scores that a recount disagrees with: %+v, %v", drifts, err)
		}
	})
}

// TestVoteGroupCommit votes through the public methods from many
// goroutines at once, so that the writer batches them: 100 people on one
// idea, one person 100 times on another, and refused votes mixed in.
func TestVoteGroupCommit(t *testing.T) {
	const n = 100
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, one := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		var many []int64
		for range n {
			many = append(many, testutil.NewUser(t, db, "").ID)
		}
		byMany := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{}).ID
		byOne := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{}).ID
		hidden := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{}).ID
		testutil.SetIdea(t, db, hidden, "hidden", true)
		var wg sync.WaitGroup
		errs := make(chan error, 3*n)
		refused := make(chan error, n)
		for i := range n {
			wg.Go(func() { _, err := db.Votes.Vote(t.Context(), many[i], byMany); errs <- err })
			wg.Go(func() { _, err := db.Votes.Vote(t.Context(), one.ID, byOne); errs <- err })
			wg.Go(func() { _, err := db.Votes.Vote(t.Context(), many[i], hidden); refused <- err })
		}
		wg.Wait()
		close(errs)
		close(refused)
		for err := range errs {
			testutil.IsErr(t, "vote", err, nil)
		}
		for err := range refused {
			testutil.IsErr(t, "vote on a hidden idea", err, store.ErrNotFound)
		}
		testutil.CheckVotes(t, db, byMany, n)
		testutil.CheckVotes(t, db, byOne, 1)
		testutil.Equal(t, "votes on the hidden idea", testutil.Rows(t, db, "votes", "idea_id = ?", hidden), 0)
	})
}

// TestVoteAnnouncesChange: the vote statements run on the transaction's
// connection, past GORM's callbacks, and still tell the change feed (which
// empties the page caches) once a vote that changed something has
// committed, and only then.
func TestVoteAnnouncesChange(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, voter := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{}).ID
		var changes atomic.Int64
		defer db.OnChange(func(store.Change) { changes.Add(1) })()
		steps := []struct {
			name    string
			support bool
			want    int64
		}{
			{"vote", true, 1},
			{"vote again", true, 0},
			{"unvote", false, 1},
			{"unvote again", false, 0},
		}
		for _, st := range steps {
			before := changes.Load()
			var err error
			if st.support {
				_, err = db.Votes.Vote(t.Context(), voter.ID, idea)
			} else {
				_, err = db.Votes.Unvote(t.Context(), voter.ID, idea)
			}
			testutil.IsErr(t, st.name, err, nil)
			testutil.Equal(t, st.name+": changes announced", changes.Load()-before, st.want)
		}
	})
}
