package votes_test

import (
	"errors"
	"maps"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/models/votes"
	"github.com/ideario/ideario/testutil"
)

func TestVoteIdempotent(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		ana, bia := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		steps := []struct {
			name      string
			user      *accounts.User
			support   bool
			wantVoted bool
			wantVotes int
		}{
			{"first vote", ana, true, true, 1},
			{"same vote again", ana, true, true, 1},
			{"another person", bia, true, true, 2},
			{"authors may vote for their own ideas", author, true, true, 3},
			{"unvote", ana, false, false, 2},
			{"unvote again", ana, false, false, 2},
			{"unvote without having voted", ana, false, false, 2},
			{"vote back", ana, true, true, 3},
			{"everybody unvotes", bia, false, false, 2},
			{"everybody unvotes, author", author, false, false, 1},
			{"everybody unvotes, ana", ana, false, false, 0},
			{"unvote at zero", ana, false, false, 0},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				vote := db.Votes.Unvote
				if st.support {
					vote = db.Votes.Vote
				}
				res, err := vote(t.Context(), st.user.ID, idea.ID)
				testutil.IsErr(t, "vote", err, nil)
				testutil.Equal(t, "result", res, votes.VoteResult{Voted: st.wantVoted, Votes: st.wantVotes})
				testutil.CheckVotes(t, db, idea.ID, st.wantVotes)
			})
		}
	})
}

// TestVoteConcurrently hammers one idea from many goroutines: the
// IMMEDIATE transactions and the busy timeout must queue the writers so
// that no vote is lost, none is counted twice and none fails.
func TestVoteConcurrently(t *testing.T) {
	const n = 20
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		one := testutil.NewUser(t, db, "")
		var many []*accounts.User
		for range n {
			many = append(many, testutil.NewUser(t, db, ""))
		}
		tests := []struct {
			name      string
			voter     func(i int) *accounts.User
			wantVotes int
		}{
			{"one person voting 20 times at once", func(int) *accounts.User { return one }, 1},
			{"20 people voting at once", func(i int) *accounts.User { return many[i] }, n},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
				errs := make(chan error, n)
				var wg sync.WaitGroup
				for i := range n {
					wg.Go(func() {
						_, err := db.Votes.Vote(t.Context(), tt.voter(i).ID, idea.ID)
						errs <- err
					})
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					testutil.IsErr(t, "concurrent vote", err, nil)
				}
				testutil.CheckVotes(t, db, idea.ID, tt.wantVotes)
			})
		}
		t.Run("votes and unvotes at once", func(t *testing.T) {
			idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
			for _, u := range many[:n/2] {
				_, err := db.Votes.Vote(t.Context(), u.ID, idea.ID)
				testutil.IsErr(t, "vote", err, nil)
			}
			// The first half withdraws while the second half votes: n/2 remain.
			errs := make(chan error, n)
			var wg sync.WaitGroup
			for i, u := range many {
				wg.Go(func() {
					var err error
					if i < n/2 {
						_, err = db.Votes.Unvote(t.Context(), u.ID, idea.ID)
					} else {
						_, err = db.Votes.Vote(t.Context(), u.ID, idea.ID)
					}
					errs <- err
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				testutil.IsErr(t, "concurrent vote", err, nil)
			}
			testutil.CheckVotes(t, db, idea.ID, n/2)
		})
	})
}

func TestVoteBudget(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		voter, other := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		budgeted := testutil.NewChallenge(t, db, challenges.PhaseIdeation, 2)
		open := testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)
		ideaList := map[string]int64{}
		for _, name := range []string{"one", "two", "three"} {
			ideaList[name] = testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Title: "Budget " + name, ChallengeID: &budgeted.ID}).ID
		}
		ideaList["box"] = testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Title: "In the ideas box"}).ID
		ideaList["open"] = testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Title: "In an open challenge", ChallengeID: &open.ID}).ID

		steps := []struct {
			name      string
			user      *accounts.User
			idea      string
			support   bool
			wantErr   error
			wantLeft  int
			wantVotes int
		}{
			{"first idea", voter, "one", true, nil, 1, 1},
			{"second idea", voter, "two", true, nil, 0, 1},
			{"third idea refused", voter, "three", true, votes.ErrBudgetReached, 0, 0},
			{"re-vote for a supported idea", voter, "one", true, nil, 0, 1},
			{"no budget in the ideas box", voter, "box", true, nil, 0, 1},
			{"no budget in another challenge", voter, "open", true, nil, 0, 1},
			{"someone else has a budget of their own", other, "three", true, nil, 1, 1},
			{"unvote frees a slot", voter, "two", false, nil, 1, 0},
			{"the freed slot is usable", voter, "three", true, nil, 0, 2},
			{"and then used up again", voter, "two", true, votes.ErrBudgetReached, 0, 0},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				vote := db.Votes.Unvote
				if st.support {
					vote = db.Votes.Vote
				}
				_, err := vote(t.Context(), st.user.ID, ideaList[st.idea])
				testutil.IsErr(t, "vote", err, st.wantErr)
				left, err := db.Votes.VotesLeft(t.Context(), st.user.ID, budgeted)
				testutil.IsErr(t, "votes left", err, nil)
				testutil.Equal(t, "votes left", left, st.wantLeft)
				testutil.CheckVotes(t, db, ideaList[st.idea], st.wantVotes)
			})
		}
		t.Run("no budget", func(t *testing.T) {
			for name, c := range map[string]*challenges.Challenge{"ideas box": nil, "open challenge": open} {
				left, err := db.Votes.VotesLeft(t.Context(), voter.ID, c)
				testutil.IsErr(t, "votes left", err, nil)
				testutil.Equal(t, "votes left in "+name, left, -1)
			}
		})
	})
}

// TestVoteBudgetConcurrently votes for many ideas of a budgeted challenge
// at once: the budget must hold even when the checks race.
func TestVoteBudgetConcurrently(t *testing.T) {
	const budget, n = 3, 10
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, voter := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		c := testutil.NewChallenge(t, db, challenges.PhaseIdeation, budget)
		var ids []int64
		for range n {
			ids = append(ids, testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{ChallengeID: &c.ID}).ID)
		}
		errs := make(chan error, n)
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Go(func() {
				_, err := db.Votes.Vote(t.Context(), voter.ID, id)
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		var ok, refused int
		for err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, votes.ErrBudgetReached):
				refused++
			default:
				t.Errorf("vote: %v", err)
			}
		}
		testutil.Equal(t, "accepted votes", ok, budget)
		testutil.Equal(t, "refused votes", refused, n-budget)
		testutil.Equal(t, "vote rows", testutil.Rows(t, db, "votes", "user_id = ?", voter.ID), budget)
	})
}

func TestVoteUnavailableIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, voter := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		target := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		tests := []struct {
			name    string
			prepare func(id int64)
		}{
			{"hidden idea", func(id int64) { testutil.SetIdea(t, db, id, "hidden", true) }},
			{"merged idea", func(id int64) { testutil.SetIdea(t, db, id, "merged_into_id", target.ID) }},
			{"unknown idea", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				id := int64(999_999)
				if tt.prepare != nil {
					id = testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{}).ID
					tt.prepare(id)
				}
				_, err := db.Votes.Vote(t.Context(), voter.ID, id)
				testutil.IsErr(t, "vote", err, store.ErrNotFound)
				_, err = db.Votes.Unvote(t.Context(), voter.ID, id)
				testutil.IsErr(t, "unvote", err, store.ErrNotFound)
				testutil.Equal(t, "vote rows", testutil.Rows(t, db, "votes", "idea_id = ?", id), 0)
			})
		}
	})
}

func TestVotedIdeas(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author, voter, idle := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		var ids []int64
		for range 4 {
			ids = append(ids, testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{}).ID)
		}
		for _, id := range []int64{ids[0], ids[2]} {
			_, err := db.Votes.Vote(t.Context(), voter.ID, id)
			testutil.IsErr(t, "vote", err, nil)
		}
		tests := []struct {
			name   string
			userID int64
			ids    []int64
			want   map[int64]bool
		}{
			{"some voted", voter.ID, ids, map[int64]bool{ids[0]: true, ids[2]: true}},
			{"only the asked ideas", voter.ID, ids[1:3], map[int64]bool{ids[2]: true}},
			{"none voted", idle.ID, ids, map[int64]bool{}},
			{"visitor", 0, ids, map[int64]bool{}},
			{"no ideas", voter.ID, nil, map[int64]bool{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.Votes.VotedIdeas(t.Context(), tt.userID, tt.ids)
				testutil.IsErr(t, "voted ideas", err, nil)
				if !maps.Equal(got, tt.want) {
					t.Errorf("VotedIdeas = %v, want %v", got, tt.want)
				}
			})
		}
	})
}

func TestHotScore(t *testing.T) {
	base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	halfLife := 72 * time.Hour
	at := func(d time.Duration, n int) []time.Time {
		ts := make([]time.Time, n)
		for i := range ts {
			ts[i] = base.Add(d)
		}
		return ts
	}
	type score struct {
		created         time.Time
		votes, comments []time.Time
	}
	tests := []struct {
		name        string
		high, low   score
		wantEqual   bool
		wantGreater bool
	}{
		{"more votes at the same time", score{base, at(0, 10), nil}, score{base, at(0, 9), nil}, false, true},
		{"newer at the same votes", score{base.Add(time.Minute), at(time.Minute, 5), nil}, score{base, at(0, 5), nil}, false, true},
		{"comments count too", score{base, at(0, 5), at(0, 3)}, score{base, at(0, 5), nil}, false, true},
		{"a comment weighs half a vote", score{base, nil, at(0, 4)}, score{base, at(0, 2), nil}, true, false},
		{"a vote one half-life later counts double", score{base, at(halfLife, 1), nil}, score{base, at(0, 2), nil}, true, false},
		{"support today lifts a new idea above a quiet favourite", score{base.Add(30 * testutil.Day), at(30*testutil.Day, 3), nil}, score{base, at(0, 50), nil}, false, true},
		{"a favourite still supported today stays above a new idea", score{base, append(at(0, 50), at(30*testutil.Day, 5)...), nil}, score{base.Add(30 * testutil.Day), nil, nil}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			high := ideas.HotScore(tt.high.created, tt.high.votes, tt.high.comments)
			low := ideas.HotScore(tt.low.created, tt.low.votes, tt.low.comments)
			if tt.wantEqual {
				testutil.Near(t, "score", high, low, 1e-9)
			}
			if tt.wantGreater && !(high > low) {
				t.Errorf("HotScore(high) = %v, want it above HotScore(low) = %v", high, low)
			}
		})
	}
	t.Run("publishing counts as one vote", func(t *testing.T) {
		testutil.Near(t, "score", ideas.HotScore(base, at(0, 1), nil), ideas.HotScore(base, nil, nil)+math.Ln2, 1e-9)
	})
}

// TestStoredHot follows an idea's stored hot score through votes, comments
// and a backdating: it must always equal a recomputation from the rows.
func TestStoredHot(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		var users []*accounts.User
		for range 3 {
			users = append(users, testutil.NewUser(t, db, ""))
		}
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		var comment *comments.Comment
		steps := []struct {
			name         string
			do           func(t *testing.T)
			wantVotes    int
			wantComments int
		}{
			{"backdated three days", func(t *testing.T) {
				testutil.IsErr(t, "backdate", db.Ideas.Backdate(t.Context(), idea.ID, testutil.Ago(3*testutil.Day)), nil)
			}, 0, 0},
			{"three votes", func(t *testing.T) {
				for _, u := range users {
					_, err := db.Votes.Vote(t.Context(), u.ID, idea.ID)
					testutil.IsErr(t, "vote", err, nil)
				}
			}, 3, 0},
			{"two comments", func(t *testing.T) {
				var err error
				comment, err = db.Comments.CreateComment(t.Context(), users[0], idea.ID, nil, "first")
				testutil.IsErr(t, "comment", err, nil)
				_, err = db.Comments.CreateComment(t.Context(), users[1], idea.ID, nil, "second")
				testutil.IsErr(t, "comment", err, nil)
			}, 3, 2},
			{"a comment deleted", func(t *testing.T) {
				_, err := db.Comments.DeleteComment(t.Context(), comment.ID, users[0])
				testutil.IsErr(t, "delete", err, nil)
			}, 3, 1},
			{"an unvote", func(t *testing.T) {
				_, err := db.Votes.Unvote(t.Context(), users[2].ID, idea.ID)
				testutil.IsErr(t, "unvote", err, nil)
			}, 2, 1},
			{"backdated again with activity", func(t *testing.T) {
				testutil.IsErr(t, "backdate", db.Ideas.Backdate(t.Context(), idea.ID, testutil.Ago(10*testutil.Day)), nil)
			}, 2, 1},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				st.do(t)
				got := testutil.Reload(t, db, idea.ID)
				testutil.Equal(t, "votes", got.VoteCount, st.wantVotes)
				testutil.Equal(t, "comments", got.CommentCount, st.wantComments)
				testutil.Near(t, "hot", got.Hot, testutil.HotFromRows(t, db, idea.ID), 1e-9)
			})
		}
		if got := testutil.Reload(t, db, idea.ID); time.Since(got.CreatedAt) < 10*testutil.Day-time.Minute {
			t.Errorf("created_at = %v, want about ten days ago", got.CreatedAt)
		}
	})
}
