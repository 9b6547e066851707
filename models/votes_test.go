package models_test

import (
	"errors"
	"maps"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// checkVotes compares an idea's counter with its vote rows and its stored
// hot score with the formula.
func checkVotes(t *testing.T, store *models.Store, ideaID int64, want int) {
	t.Helper()
	idea := reload(t, store, ideaID)
	equal(t, "vote_count", idea.VoteCount, want)
	equal(t, "vote rows", rows(t, store, "votes", "idea_id = ?", ideaID), want)
	near(t, "hot", idea.Hot, hotFromRows(t, store, ideaID), 1e-9)
}

// hotFromRows computes from scratch, from the idea's vote and comment rows,
// the hot score that the store keeps up to date step by step.
func hotFromRows(t *testing.T, store *models.Store, ideaID int64) float64 {
	t.Helper()
	idea := reload(t, store, ideaID)
	var votes, comments []time.Time
	isErr(t, "vote times", store.DB.Table("votes").Where("idea_id = ?", ideaID).Pluck("created_at", &votes).Error, nil)
	isErr(t, "comment times", store.DB.Table("comments").Where("idea_id = ? AND hidden = ? AND deleted = ?", ideaID, false, false).
		Pluck("created_at", &comments).Error, nil)
	return models.HotScore(idea.CreatedAt, votes, comments)
}

func TestVoteIdempotent(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := newUser(t, store, "")
		ana, bia := newUser(t, store, ""), newUser(t, store, "")
		idea := newIdea(t, store, author.ID, models.IdeaInput{})
		steps := []struct {
			name      string
			user      *models.User
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
				vote := store.Unvote
				if st.support {
					vote = store.Vote
				}
				res, err := vote(t.Context(), st.user.ID, idea.ID)
				isErr(t, "vote", err, nil)
				equal(t, "result", res, models.VoteResult{Voted: st.wantVoted, Votes: st.wantVotes})
				checkVotes(t, store, idea.ID, st.wantVotes)
			})
		}
	})
}

// TestVoteConcurrently hammers one idea from many goroutines: the
// IMMEDIATE transactions and the busy timeout must queue the writers so
// that no vote is lost, none is counted twice and none fails.
func TestVoteConcurrently(t *testing.T) {
	const n = 20
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := newUser(t, store, "")
		one := newUser(t, store, "")
		var many []*models.User
		for range n {
			many = append(many, newUser(t, store, ""))
		}
		tests := []struct {
			name      string
			voter     func(i int) *models.User
			wantVotes int
		}{
			{"one person voting 20 times at once", func(int) *models.User { return one }, 1},
			{"20 people voting at once", func(i int) *models.User { return many[i] }, n},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				idea := newIdea(t, store, author.ID, models.IdeaInput{})
				errs := make(chan error, n)
				var wg sync.WaitGroup
				for i := range n {
					wg.Go(func() {
						_, err := store.Vote(t.Context(), tt.voter(i).ID, idea.ID)
						errs <- err
					})
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					isErr(t, "concurrent vote", err, nil)
				}
				checkVotes(t, store, idea.ID, tt.wantVotes)
			})
		}
		t.Run("votes and unvotes at once", func(t *testing.T) {
			idea := newIdea(t, store, author.ID, models.IdeaInput{})
			for _, u := range many[:n/2] {
				_, err := store.Vote(t.Context(), u.ID, idea.ID)
				isErr(t, "vote", err, nil)
			}
			// The first half withdraws while the second half votes: n/2 remain.
			errs := make(chan error, n)
			var wg sync.WaitGroup
			for i, u := range many {
				wg.Go(func() {
					var err error
					if i < n/2 {
						_, err = store.Unvote(t.Context(), u.ID, idea.ID)
					} else {
						_, err = store.Vote(t.Context(), u.ID, idea.ID)
					}
					errs <- err
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				isErr(t, "concurrent vote", err, nil)
			}
			checkVotes(t, store, idea.ID, n/2)
		})
	})
}

func TestVoteBudget(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := newUser(t, store, "")
		voter, other := newUser(t, store, ""), newUser(t, store, "")
		budgeted := newChallenge(t, store, models.PhaseIdeation, 2)
		open := newChallenge(t, store, models.PhaseIdeation, 0)
		ideas := map[string]int64{}
		for _, name := range []string{"one", "two", "three"} {
			ideas[name] = newIdea(t, store, author.ID, models.IdeaInput{Title: "Budget " + name, ChallengeID: &budgeted.ID}).ID
		}
		ideas["box"] = newIdea(t, store, author.ID, models.IdeaInput{Title: "In the ideas box"}).ID
		ideas["open"] = newIdea(t, store, author.ID, models.IdeaInput{Title: "In an open challenge", ChallengeID: &open.ID}).ID

		steps := []struct {
			name      string
			user      *models.User
			idea      string
			support   bool
			wantErr   error
			wantLeft  int
			wantVotes int
		}{
			{"first idea", voter, "one", true, nil, 1, 1},
			{"second idea", voter, "two", true, nil, 0, 1},
			{"third idea refused", voter, "three", true, models.ErrBudgetReached, 0, 0},
			{"re-vote for a supported idea", voter, "one", true, nil, 0, 1},
			{"no budget in the ideas box", voter, "box", true, nil, 0, 1},
			{"no budget in another challenge", voter, "open", true, nil, 0, 1},
			{"someone else has a budget of their own", other, "three", true, nil, 1, 1},
			{"unvote frees a slot", voter, "two", false, nil, 1, 0},
			{"the freed slot is usable", voter, "three", true, nil, 0, 2},
			{"and then used up again", voter, "two", true, models.ErrBudgetReached, 0, 0},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				vote := store.Unvote
				if st.support {
					vote = store.Vote
				}
				_, err := vote(t.Context(), st.user.ID, ideas[st.idea])
				isErr(t, "vote", err, st.wantErr)
				left, err := store.VotesLeft(t.Context(), st.user.ID, budgeted)
				isErr(t, "votes left", err, nil)
				equal(t, "votes left", left, st.wantLeft)
				checkVotes(t, store, ideas[st.idea], st.wantVotes)
			})
		}
		t.Run("no budget", func(t *testing.T) {
			for name, c := range map[string]*models.Challenge{"ideas box": nil, "open challenge": open} {
				left, err := store.VotesLeft(t.Context(), voter.ID, c)
				isErr(t, "votes left", err, nil)
				equal(t, "votes left in "+name, left, -1)
			}
		})
	})
}

// TestVoteBudgetConcurrently votes for many ideas of a budgeted challenge
// at once: the budget must hold even when the checks race.
func TestVoteBudgetConcurrently(t *testing.T) {
	const budget, n = 3, 10
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author, voter := newUser(t, store, ""), newUser(t, store, "")
		c := newChallenge(t, store, models.PhaseIdeation, budget)
		var ids []int64
		for range n {
			ids = append(ids, newIdea(t, store, author.ID, models.IdeaInput{ChallengeID: &c.ID}).ID)
		}
		errs := make(chan error, n)
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Go(func() {
				_, err := store.Vote(t.Context(), voter.ID, id)
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
			case errors.Is(err, models.ErrBudgetReached):
				refused++
			default:
				t.Errorf("vote: %v", err)
			}
		}
		equal(t, "accepted votes", ok, budget)
		equal(t, "refused votes", refused, n-budget)
		equal(t, "vote rows", rows(t, store, "votes", "user_id = ?", voter.ID), budget)
	})
}

func TestVoteUnavailableIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author, voter := newUser(t, store, ""), newUser(t, store, "")
		target := newIdea(t, store, author.ID, models.IdeaInput{})
		tests := []struct {
			name    string
			prepare func(id int64)
		}{
			{"hidden idea", func(id int64) { setIdea(t, store, id, "hidden", true) }},
			{"merged idea", func(id int64) { setIdea(t, store, id, "merged_into_id", target.ID) }},
			{"unknown idea", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				id := int64(999_999)
				if tt.prepare != nil {
					id = newIdea(t, store, author.ID, models.IdeaInput{}).ID
					tt.prepare(id)
				}
				_, err := store.Vote(t.Context(), voter.ID, id)
				isErr(t, "vote", err, models.ErrNotFound)
				_, err = store.Unvote(t.Context(), voter.ID, id)
				isErr(t, "unvote", err, models.ErrNotFound)
				equal(t, "vote rows", rows(t, store, "votes", "idea_id = ?", id), 0)
			})
		}
	})
}

func TestVotedIdeas(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author, voter, idle := newUser(t, store, ""), newUser(t, store, ""), newUser(t, store, "")
		var ids []int64
		for range 4 {
			ids = append(ids, newIdea(t, store, author.ID, models.IdeaInput{}).ID)
		}
		for _, id := range []int64{ids[0], ids[2]} {
			_, err := store.Vote(t.Context(), voter.ID, id)
			isErr(t, "vote", err, nil)
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
				got, err := store.VotedIdeas(t.Context(), tt.userID, tt.ids)
				isErr(t, "voted ideas", err, nil)
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
		{"support today lifts a new idea above a quiet favourite", score{base.Add(30 * day), at(30*day, 3), nil}, score{base, at(0, 50), nil}, false, true},
		{"a favourite still supported today stays above a new idea", score{base, append(at(0, 50), at(30*day, 5)...), nil}, score{base.Add(30 * day), nil, nil}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			high := models.HotScore(tt.high.created, tt.high.votes, tt.high.comments)
			low := models.HotScore(tt.low.created, tt.low.votes, tt.low.comments)
			if tt.wantEqual {
				near(t, "score", high, low, 1e-9)
			}
			if tt.wantGreater && !(high > low) {
				t.Errorf("HotScore(high) = %v, want it above HotScore(low) = %v", high, low)
			}
		})
	}
	t.Run("publishing counts as one vote", func(t *testing.T) {
		near(t, "score", models.HotScore(base, at(0, 1), nil), models.HotScore(base, nil, nil)+math.Ln2, 1e-9)
	})
}

// TestStoredHot follows an idea's stored hot score through votes, comments
// and a backdating: it must always equal a recomputation from the rows.
func TestStoredHot(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := newUser(t, store, "")
		var users []*models.User
		for range 3 {
			users = append(users, newUser(t, store, ""))
		}
		idea := newIdea(t, store, author.ID, models.IdeaInput{})
		var comment *models.Comment
		steps := []struct {
			name         string
			do           func(t *testing.T)
			wantVotes    int
			wantComments int
		}{
			{"backdated three days", func(t *testing.T) {
				isErr(t, "backdate", store.Backdate(t.Context(), idea.ID, ago(3*day)), nil)
			}, 0, 0},
			{"three votes", func(t *testing.T) {
				for _, u := range users {
					_, err := store.Vote(t.Context(), u.ID, idea.ID)
					isErr(t, "vote", err, nil)
				}
			}, 3, 0},
			{"two comments", func(t *testing.T) {
				var err error
				comment, err = store.CreateComment(t.Context(), users[0], idea.ID, nil, "first")
				isErr(t, "comment", err, nil)
				_, err = store.CreateComment(t.Context(), users[1], idea.ID, nil, "second")
				isErr(t, "comment", err, nil)
			}, 3, 2},
			{"a comment deleted", func(t *testing.T) {
				_, err := store.DeleteComment(t.Context(), comment.ID, users[0])
				isErr(t, "delete", err, nil)
			}, 3, 1},
			{"an unvote", func(t *testing.T) {
				_, err := store.Unvote(t.Context(), users[2].ID, idea.ID)
				isErr(t, "unvote", err, nil)
			}, 2, 1},
			{"backdated again with activity", func(t *testing.T) {
				isErr(t, "backdate", store.Backdate(t.Context(), idea.ID, ago(10*day)), nil)
			}, 2, 1},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				st.do(t)
				got := reload(t, store, idea.ID)
				equal(t, "votes", got.VoteCount, st.wantVotes)
				equal(t, "comments", got.CommentCount, st.wantComments)
				near(t, "hot", got.Hot, hotFromRows(t, store, idea.ID), 1e-9)
			})
		}
		if got := reload(t, store, idea.ID); time.Since(got.CreatedAt) < 10*day-time.Minute {
			t.Errorf("created_at = %v, want about ten days ago", got.CreatedAt)
		}
	})
}
