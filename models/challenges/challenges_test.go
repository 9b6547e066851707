package challenges_test

import (
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

func TestCurrentPhase(t *testing.T) {
	now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
	past := func(d time.Duration) *time.Time { return testutil.Ptr(now.Add(-d)) }
	future := func(d time.Duration) *time.Time { return testutil.Ptr(now.Add(d)) }
	tests := []struct {
		name                string
		c                   challenges.Challenge
		want                string
		wantIdeas, wantVote bool
	}{
		{"draft without dates", challenges.Challenge{Phase: challenges.PhaseDraft}, challenges.PhaseDraft, false, false},
		{"ideation without dates", challenges.Challenge{Phase: challenges.PhaseIdeation}, challenges.PhaseIdeation, true, true},
		{"voting without dates", challenges.Challenge{Phase: challenges.PhaseVoting}, challenges.PhaseVoting, false, true},
		{"review without dates", challenges.Challenge{Phase: challenges.PhaseReview}, challenges.PhaseReview, false, false},
		{"results without dates", challenges.Challenge{Phase: challenges.PhaseResults}, challenges.PhaseResults, false, false},
		{"dates all in the future", challenges.Challenge{Phase: challenges.PhaseDraft, IdeationAt: future(testutil.Day), VotingAt: future(2 * testutil.Day)},
			challenges.PhaseDraft, false, false},
		{"ideation date passed", challenges.Challenge{Phase: challenges.PhaseDraft, IdeationAt: past(testutil.Day), VotingAt: future(testutil.Day)},
			challenges.PhaseIdeation, true, true},
		{"ideation date is now", challenges.Challenge{Phase: challenges.PhaseDraft, IdeationAt: testutil.Ptr(now)}, challenges.PhaseIdeation, true, true},
		{"voting date passed", challenges.Challenge{Phase: challenges.PhaseDraft, IdeationAt: past(2 * testutil.Day), VotingAt: past(time.Second), ReviewAt: future(testutil.Day)},
			challenges.PhaseVoting, false, true},
		{"every date passed", challenges.Challenge{Phase: challenges.PhaseDraft, IdeationAt: past(4 * testutil.Day), VotingAt: past(3 * testutil.Day), ReviewAt: past(2 * testutil.Day), ResultsAt: past(testutil.Day)},
			challenges.PhaseResults, false, false},
		{"only a review date", challenges.Challenge{Phase: challenges.PhaseIdeation, ReviewAt: past(time.Hour)}, challenges.PhaseReview, false, false},
		{"manual later phase wins over dates", challenges.Challenge{Phase: challenges.PhaseReview, IdeationAt: past(testutil.Day), VotingAt: future(testutil.Day)},
			challenges.PhaseReview, false, false},
		{"manual results win over a passed date", challenges.Challenge{Phase: challenges.PhaseResults, IdeationAt: past(testutil.Day)},
			challenges.PhaseResults, false, false},
		{"manual phase then a later date", challenges.Challenge{Phase: challenges.PhaseVoting, IdeationAt: past(3 * testutil.Day), ReviewAt: past(testutil.Day)},
			challenges.PhaseReview, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testutil.Equal(t, "CurrentPhase", tt.c.CurrentPhase(now), tt.want)
			testutil.Equal(t, "AcceptsIdeas", tt.c.AcceptsIdeas(now), tt.wantIdeas)
			testutil.Equal(t, "AcceptsVotes", tt.c.AcceptsVotes(now), tt.wantVote)
			testutil.Equal(t, "IsPublic", tt.c.IsPublic(now), tt.want != challenges.PhaseDraft)
		})
	}
}

// TestPhaseRules posts and votes in challenges of every phase, on the
// database, where the rules are enforced.
func TestPhaseRules(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		voter := testutil.NewUser(t, db, "")
		tests := []struct {
			name       string
			phase      string // "" for the ideas box
			ideationAt *time.Time
			wantPost   error
			wantVote   error
		}{
			{name: "ideas box", wantPost: nil, wantVote: nil},
			{name: "draft", phase: challenges.PhaseDraft, wantPost: challenges.ErrPhaseClosed, wantVote: challenges.ErrPhaseClosed},
			{name: "ideation", phase: challenges.PhaseIdeation, wantPost: nil, wantVote: nil},
			{name: "voting", phase: challenges.PhaseVoting, wantPost: challenges.ErrPhaseClosed, wantVote: nil},
			{name: "review", phase: challenges.PhaseReview, wantPost: challenges.ErrPhaseClosed, wantVote: challenges.ErrPhaseClosed},
			{name: "results", phase: challenges.PhaseResults, wantPost: challenges.ErrPhaseClosed, wantVote: challenges.ErrPhaseClosed},
			{name: "draft whose ideation date passed", phase: challenges.PhaseDraft, ideationAt: testutil.Ptr(testutil.Ago(time.Hour)), wantPost: nil, wantVote: nil},
			{name: "draft whose ideation date is ahead", phase: challenges.PhaseDraft, ideationAt: testutil.Ptr(testutil.Ago(-time.Hour)),
				wantPost: challenges.ErrPhaseClosed, wantVote: challenges.ErrPhaseClosed},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := ideas.IdeaInput{Title: "Idea in " + tt.name, Body: "Body"}
				var existing *ideas.Idea
				var c *challenges.Challenge
				if tt.phase != "" {
					// An idea posted while the challenge took ideas, to vote on.
					c = testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)
					in.ChallengeID = &c.ID
					existing = testutil.NewIdea(t, db, author.ID, in)
					testutil.IsErr(t, "set phase", db.Challenges.SetChallengePhase(t.Context(), c.ID, tt.phase), nil)
					if tt.ideationAt != nil {
						testutil.SetChallenge(t, db, c.ID, "ideation_at", *tt.ideationAt)
					}
				} else {
					existing = testutil.NewIdea(t, db, author.ID, in)
				}

				_, err := db.Ideas.CreateIdea(t.Context(), author.ID, in)
				testutil.IsErr(t, "post", err, tt.wantPost)
				if c != nil {
					wantCount := 1
					if tt.wantPost == nil {
						wantCount = 2
					}
					got, err := db.Challenges.ChallengeByID(t.Context(), c.ID)
					testutil.IsErr(t, "challenge", err, nil)
					testutil.Equal(t, "challenge idea count", got.IdeaCount, wantCount)
					testutil.Equal(t, "ideas in the challenge", testutil.Rows(t, db, "ideas", "challenge_id = ?", c.ID), wantCount)
				}

				res, err := db.Votes.Vote(t.Context(), voter.ID, existing.ID)
				testutil.IsErr(t, "vote", err, tt.wantVote)
				wantVotes := 0
				if tt.wantVote == nil {
					wantVotes = 1
					testutil.Equal(t, "voted", res.Voted, true)
					testutil.Equal(t, "votes", res.Votes, 1)
				}
				testutil.Equal(t, "vote count", testutil.Reload(t, db, existing.ID).VoteCount, wantVotes)
				_, err = db.Votes.Unvote(t.Context(), voter.ID, existing.ID)
				testutil.IsErr(t, "unvote", err, tt.wantVote)
			})
		}
		t.Run("unknown challenge", func(t *testing.T) {
			_, err := db.Ideas.CreateIdea(t.Context(), author.ID, ideas.IdeaInput{Title: "Lost idea", Body: "x", ChallengeID: testutil.Ptr(int64(999_999))})
			testutil.IsErr(t, "post", err, store.ErrNotFound)
		})
	})
}
