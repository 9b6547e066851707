package models_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// TestVoteBatch puts known votes in one group-commit batch: the counters
// stay exact, one person's repeated votes count once, and a vote that
// fails leaves the others in the batch applied.
func TestVoteBatch(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := newUser(t, store, "")
		var people []int64
		for range 20 {
			people = append(people, newUser(t, store, "").ID)
		}
		hidden := newIdea(t, store, author.ID, models.IdeaInput{})
		setIdea(t, store, hidden.ID, "hidden", true)
		const unknownUser = 999_999
		tests := []struct {
			name string
			// votes builds the batch for two fresh ideas.
			votes     func(a, b int64) []models.BatchVote
			wantA     int
			wantB     int
			wantFails map[int]error // by position in the batch; nil: any error
		}{
			{"many people on two ideas", func(a, b int64) []models.BatchVote {
				var vs []models.BatchVote
				for i, p := range people {
					vs = append(vs, models.BatchVote{UserID: p, IdeaID: []int64{a, b}[i%2], Support: true})
				}
				return vs
			}, 10, 10, nil},
			{"one person 100 times", func(a, _ int64) []models.BatchVote {
				var vs []models.BatchVote
				for range 100 {
					vs = append(vs, models.BatchVote{UserID: people[0], IdeaID: a, Support: true})
				}
				return vs
			}, 1, 0, nil},
			{"vote, unvote, vote again", func(a, _ int64) []models.BatchVote {
				return []models.BatchVote{{people[0], a, true}, {people[0], a, false}, {people[0], a, true}, {people[1], a, true}}
			}, 2, 0, nil},
			{"a refused vote among others", func(a, b int64) []models.BatchVote {
				return []models.BatchVote{{people[0], a, true}, {people[1], hidden.ID, true}, {people[2], b, true}}
			}, 1, 1, map[int]error{1: models.ErrNotFound}},
			{"a failing write among others", func(a, b int64) []models.BatchVote {
				return []models.BatchVote{{people[0], a, true}, {unknownUser, a, true}, {people[1], a, true}, {people[2], b, true}}
			}, 2, 1, map[int]error{1: nil}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a := newIdea(t, store, author.ID, models.IdeaInput{}).ID
				b := newIdea(t, store, author.ID, models.IdeaInput{}).ID
				_, errs := store.ApplyVoteBatch(t.Context(), tt.votes(a, b))
				for i, err := range errs {
					want, fails := tt.wantFails[i]
					switch {
					case fails && want == nil && err == nil:
						t.Errorf("vote %d: no error, want one", i)
					case fails && want != nil:
						isErr(t, "refused vote", err, want)
					case !fails && err != nil:
						t.Errorf("vote %d: %v", i, err)
					}
				}
				checkVotes(t, store, a, tt.wantA)
				checkVotes(t, store, b, tt.wantB)
			})
		}
	})
}

// TestVoteGroupCommit votes through the public methods from many
// goroutines at once, so that the writer batches them: 100 people on one
// idea, one person 100 times on another, and refused votes mixed in.
func TestVoteGroupCommit(t *testing.T) {
	const n = 100
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author, one := newUser(t, store, ""), newUser(t, store, "")
		var many []int64
		for range n {
			many = append(many, newUser(t, store, "").ID)
		}
		byMany := newIdea(t, store, author.ID, models.IdeaInput{}).ID
		byOne := newIdea(t, store, author.ID, models.IdeaInput{}).ID
		hidden := newIdea(t, store, author.ID, models.IdeaInput{}).ID
		setIdea(t, store, hidden, "hidden", true)
		var wg sync.WaitGroup
		errs := make(chan error, 3*n)
		refused := make(chan error, n)
		for i := range n {
			wg.Go(func() { _, err := store.Vote(t.Context(), many[i], byMany); errs <- err })
			wg.Go(func() { _, err := store.Vote(t.Context(), one.ID, byOne); errs <- err })
			wg.Go(func() { _, err := store.Vote(t.Context(), many[i], hidden); refused <- err })
		}
		wg.Wait()
		close(errs)
		close(refused)
		for err := range errs {
			isErr(t, "vote", err, nil)
		}
		for err := range refused {
			isErr(t, "vote on a hidden idea", err, models.ErrNotFound)
		}
		checkVotes(t, store, byMany, n)
		checkVotes(t, store, byOne, 1)
		equal(t, "votes on the hidden idea", rows(t, store, "votes", "idea_id = ?", hidden), 0)
	})
}

// TestVoteAnnouncesChange: the vote statements run on the transaction's
// connection, past GORM's callbacks, and still tell the change feed (which
// empties the page caches) once a vote that changed something has
// committed, and only then.
func TestVoteAnnouncesChange(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author, voter := newUser(t, store, ""), newUser(t, store, "")
		idea := newIdea(t, store, author.ID, models.IdeaInput{}).ID
		var changes atomic.Int64
		defer store.OnChange(func() { changes.Add(1) })()
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
				_, err = store.Vote(t.Context(), voter.ID, idea)
			} else {
				_, err = store.Unvote(t.Context(), voter.ID, idea)
			}
			isErr(t, st.name, err, nil)
			equal(t, st.name+": changes announced", changes.Load()-before, st.want)
		}
	})
}
