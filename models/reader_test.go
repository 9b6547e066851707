package models_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestReaderOfIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		author, ana, bo := newUser(t, store, ""), newUser(t, store, ""), newUser(t, store, "")
		budget := newChallenge(t, store, models.PhaseIdeation, 3)
		loose := newIdea(t, store, author.ID, models.IdeaInput{})
		first := newIdea(t, store, author.ID, models.IdeaInput{ChallengeID: &budget.ID})
		second := newIdea(t, store, author.ID, models.IdeaInput{ChallengeID: &budget.ID})
		for _, v := range []struct{ user, idea int64 }{{ana.ID, first.ID}, {ana.ID, second.ID}, {bo.ID, loose.ID}} {
			if _, err := store.Vote(ctx, v.user, v.idea); err != nil {
				t.Fatal(err)
			}
		}
		isErr(t, "follow", store.Follow(ctx, bo.ID, first.ID), nil)
		tests := []struct {
			name      string
			user      *models.User
			idea      *models.Idea
			challenge *models.Challenge
			want      models.IdeaReader
		}{
			{"supports it, two of three votes used", ana, first, budget, models.IdeaReader{Voted: true, VotesLeft: 1}},
			{"follows it, no vote used", bo, first, budget, models.IdeaReader{Following: true, VotesLeft: 3}},
			{"the author follows from the start", author, second, budget, models.IdeaReader{Following: true, VotesLeft: 3}},
			{"no challenge, no budget", bo, loose, nil, models.IdeaReader{Voted: true, VotesLeft: -1}},
			{"nothing", ana, loose, nil, models.IdeaReader{VotesLeft: -1}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := store.ReaderOfIdea(ctx, tt.user.ID, tt.idea.ID, tt.challenge)
				isErr(t, "reader of idea", err, nil)
				equal(t, "reader of idea", got, tt.want)
			})
		}
	})
}
