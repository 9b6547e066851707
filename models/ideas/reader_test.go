package ideas_test

import (
	"maps"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

func TestReaderOfIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		author, ana, bo := testutil.NewUser(t, store, ""), testutil.NewUser(t, store, ""), testutil.NewUser(t, store, "")
		budget := testutil.NewChallenge(t, store, challenges.PhaseIdeation, 3)
		loose := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{})
		first := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{ChallengeID: &budget.ID})
		second := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{ChallengeID: &budget.ID})
		for _, v := range []struct{ user, idea int64 }{{ana.ID, first.ID}, {ana.ID, second.ID}, {bo.ID, loose.ID}} {
			if _, err := store.Votes.Vote(ctx, v.user, v.idea); err != nil {
				t.Fatal(err)
			}
		}
		testutil.IsErr(t, "follow", store.Ideas.Follow(ctx, bo.ID, first.ID), nil)
		tests := []struct {
			name      string
			user      *accounts.User
			idea      *ideas.Idea
			challenge *challenges.Challenge
			want      ideas.IdeaReader
		}{
			{"supports it, two of three votes used", ana, first, budget, ideas.IdeaReader{Voted: true, VotesLeft: 1, Votes: 1}},
			{"follows it, no vote used", bo, first, budget, ideas.IdeaReader{Following: true, VotesLeft: 3, Votes: 1}},
			{"the author follows from the start", author, second, budget, ideas.IdeaReader{Following: true, VotesLeft: 3, Votes: 1}},
			{"no challenge, no budget", bo, loose, nil, ideas.IdeaReader{Voted: true, VotesLeft: -1, Votes: 1}},
			{"nothing", ana, loose, nil, ideas.IdeaReader{VotesLeft: -1, Votes: 1}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := store.Ideas.ReaderOfIdea(ctx, tt.user.ID, tt.idea.ID, tt.challenge)
				testutil.IsErr(t, "reader of idea", err, nil)
				testutil.Equal(t, "reader of idea", got, tt.want)
			})
		}
		if _, err := store.Votes.Vote(ctx, bo.ID, second.ID); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			user  int64
			voted map[int64]bool
		}{{ana.ID, map[int64]bool{first.ID: true, second.ID: true}}, {bo.ID, map[int64]bool{loose.ID: true, second.ID: true}}, {0, map[int64]bool{}}} {
			list, err := store.Ideas.ReaderOfList(ctx, c.user, []int64{loose.ID, first.ID, second.ID, 999999})
			testutil.IsErr(t, "reader of list", err, nil)
			if want := map[int64]int{loose.ID: 1, first.ID: 1, second.ID: 2}; !maps.Equal(list.Votes, want) {
				t.Errorf("vote counts %v, want %v", list.Votes, want)
			}
			if !maps.Equal(list.Voted, c.voted) {
				t.Errorf("person %d supports %v, want %v", c.user, list.Voted, c.voted)
			}
		}
	})
}
