package models_test

import (
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestCurrentPhase(t *testing.T) {
	now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
	past := func(d time.Duration) *time.Time { return ptr(now.Add(-d)) }
	future := func(d time.Duration) *time.Time { return ptr(now.Add(d)) }
	tests := []struct {
		name                string
		c                   models.Challenge
		want                string
		wantIdeas, wantVote bool
	}{
		{"draft without dates", models.Challenge{Phase: models.PhaseDraft}, models.PhaseDraft, false, false},
		{"ideation without dates", models.Challenge{Phase: models.PhaseIdeation}, models.PhaseIdeation, true, true},
		{"voting without dates", models.Challenge{Phase: models.PhaseVoting}, models.PhaseVoting, false, true},
		{"review without dates", models.Challenge{Phase: models.PhaseReview}, models.PhaseReview, false, false},
		{"results without dates", models.Challenge{Phase: models.PhaseResults}, models.PhaseResults, false, false},
		{"dates all in the future", models.Challenge{Phase: models.PhaseDraft, IdeationAt: future(day), VotingAt: future(2 * day)},
			models.PhaseDraft, false, false},
		{"ideation date passed", models.Challenge{Phase: models.PhaseDraft, IdeationAt: past(day), VotingAt: future(day)},
			models.PhaseIdeation, true, true},
		{"ideation date is now", models.Challenge{Phase: models.PhaseDraft, IdeationAt: ptr(now)}, models.PhaseIdeation, true, true},
		{"voting date passed", models.Challenge{Phase: models.PhaseDraft, IdeationAt: past(2 * day), VotingAt: past(time.Second), ReviewAt: future(day)},
			models.PhaseVoting, false, true},
		{"every date passed", models.Challenge{Phase: models.PhaseDraft, IdeationAt: past(4 * day), VotingAt: past(3 * day), ReviewAt: past(2 * day), ResultsAt: past(day)},
			models.PhaseResults, false, false},
		{"only a review date", models.Challenge{Phase: models.PhaseIdeation, ReviewAt: past(time.Hour)}, models.PhaseReview, false, false},
		{"manual later phase wins over dates", models.Challenge{Phase: models.PhaseReview, IdeationAt: past(day), VotingAt: future(day)},
			models.PhaseReview, false, false},
		{"manual results win over a passed date", models.Challenge{Phase: models.PhaseResults, IdeationAt: past(day)},
			models.PhaseResults, false, false},
		{"manual phase then a later date", models.Challenge{Phase: models.PhaseVoting, IdeationAt: past(3 * day), ReviewAt: past(day)},
			models.PhaseReview, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			equal(t, "CurrentPhase", tt.c.CurrentPhase(now), tt.want)
			equal(t, "AcceptsIdeas", tt.c.AcceptsIdeas(now), tt.wantIdeas)
			equal(t, "AcceptsVotes", tt.c.AcceptsVotes(now), tt.wantVote)
			equal(t, "IsPublic", tt.c.IsPublic(now), tt.want != models.PhaseDraft)
		})
	}
}

// TestPhaseRules posts and votes in challenges of every phase, on the
// database, where the rules are enforced.
func TestPhaseRules(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		author := newUser(t, store, "")
		voter := newUser(t, store, "")
		tests := []struct {
			name       string
			phase      string // "" for the ideas box
			ideationAt *time.Time
			wantPost   error
			wantVote   error
		}{
			{name: "ideas box", wantPost: nil, wantVote: nil},
			{name: "draft", phase: models.PhaseDraft, wantPost: models.ErrPhaseClosed, wantVote: models.ErrPhaseClosed},
			{name: "ideation", phase: models.PhaseIdeation, wantPost: nil, wantVote: nil},
			{name: "voting", phase: models.PhaseVoting, wantPost: models.ErrPhaseClosed, wantVote: nil},
			{name: "review", phase: models.PhaseReview, wantPost: models.ErrPhaseClosed, wantVote: models.ErrPhaseClosed},
			{name: "results", phase: models.PhaseResults, wantPost: models.ErrPhaseClosed, wantVote: models.ErrPhaseClosed},
			{name: "draft whose ideation date passed", phase: models.PhaseDraft, ideationAt: ptr(ago(time.Hour)), wantPost: nil, wantVote: nil},
			{name: "draft whose ideation date is ahead", phase: models.PhaseDraft, ideationAt: ptr(ago(-time.Hour)),
				wantPost: models.ErrPhaseClosed, wantVote: models.ErrPhaseClosed},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := models.IdeaInput{Title: "Idea in " + tt.name, Body: "Body"}
				var existing *models.Idea
				var c *models.Challenge
				if tt.phase != "" {
					// An idea posted while the challenge took ideas, to vote on.
					c = newChallenge(t, store, models.PhaseIdeation, 0)
					in.ChallengeID = &c.ID
					existing = newIdea(t, store, author.ID, in)
					isErr(t, "set phase", store.SetChallengePhase(t.Context(), c.ID, tt.phase), nil)
					if tt.ideationAt != nil {
						setChallenge(t, store, c.ID, "ideation_at", *tt.ideationAt)
					}
				} else {
					existing = newIdea(t, store, author.ID, in)
				}

				_, err := store.CreateIdea(t.Context(), author.ID, in)
				isErr(t, "post", err, tt.wantPost)
				if c != nil {
					wantCount := 1
					if tt.wantPost == nil {
						wantCount = 2
					}
					got, err := store.ChallengeByID(t.Context(), c.ID)
					isErr(t, "challenge", err, nil)
					equal(t, "challenge idea count", got.IdeaCount, wantCount)
					equal(t, "ideas in the challenge", rows(t, store, "ideas", "challenge_id = ?", c.ID), wantCount)
				}

				res, err := store.Vote(t.Context(), voter.ID, existing.ID)
				isErr(t, "vote", err, tt.wantVote)
				wantVotes := 0
				if tt.wantVote == nil {
					wantVotes = 1
					equal(t, "voted", res.Voted, true)
					equal(t, "votes", res.Votes, 1)
				}
				equal(t, "vote count", reload(t, store, existing.ID).VoteCount, wantVotes)
				_, err = store.Unvote(t.Context(), voter.ID, existing.ID)
				isErr(t, "unvote", err, tt.wantVote)
			})
		}
		t.Run("unknown challenge", func(t *testing.T) {
			_, err := store.CreateIdea(t.Context(), author.ID, models.IdeaInput{Title: "Lost idea", Body: "x", ChallengeID: ptr(int64(999_999))})
			isErr(t, "post", err, models.ErrNotFound)
		})
	})
}
