package recount_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// TestRecount breaks every kind of counter behind the app's back, checks
// that a dry run names each one without changing it, that a repair sets
// each to its recount, and that a run afterwards finds nothing.
func TestRecount(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		author := testutil.NewUser(t, store, "")
		voter := testutil.NewUser(t, store, "")
		ch := testutil.NewChallenge(t, store, challenges.PhaseIdeation, 0)
		idea := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{ChallengeID: &ch.ID, Tags: []string{"solar"}})
		other := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{})
		_, err := store.Votes.Vote(ctx, voter.ID, idea.ID)
		testutil.IsErr(t, "vote", err, nil)
		_, err = store.Comments.CreateComment(ctx, voter, idea.ID, nil, "Sim")
		testutil.IsErr(t, "comment", err, nil)

		fixes, err := store.Recount.Counters(ctx, false)
		testutil.IsErr(t, "recount", err, nil)
		testutil.Equal(t, "a healthy database", len(fixes), 0)

		var hot float64
		testutil.IsErr(t, "hot", store.DB.Raw("SELECT hot FROM ideas WHERE id = ?", idea.ID).Scan(&hot).Error, nil)
		for _, stmt := range []string{
			fmt.Sprintf("UPDATE ideas SET vote_count = 7, comment_count = 0, hot = hot + 3 WHERE id = %d", idea.ID),
			fmt.Sprintf("UPDATE ideas SET follower_count = 5 WHERE id = %d", other.ID),
			fmt.Sprintf("UPDATE challenges SET idea_count = 9 WHERE id = %d", ch.ID),
			"UPDATE tags SET idea_count = 4",
		} {
			testutil.IsErr(t, stmt, testutil.Behind(store).Exec(stmt).Error, nil)
		}
		want := []string{
			fmt.Sprintf("ideas %d: vote_count was 7, a recount gives 1", idea.ID),
			fmt.Sprintf("ideas %d: comment_count was 0, a recount gives 1", idea.ID),
			fmt.Sprintf("ideas %d: follower_count was 5, a recount gives 1", other.ID),
			fmt.Sprintf("challenges %d: idea_count was 9, a recount gives 1", ch.ID),
		}
		lines := func(repair bool) []string {
			t.Helper()
			fixes, err := store.Recount.Counters(ctx, repair)
			testutil.IsErr(t, "recount", err, nil)
			var out []string
			for _, f := range fixes {
				out = append(out, f.String())
			}
			return out
		}
		for _, repair := range []bool{false, true} {
			got := lines(repair)
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("repair=%v: %q missing from %q", repair, w, got)
				}
			}
			if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "tags ") }) {
				t.Errorf("repair=%v: the tag count was not reported: %q", repair, got)
			}
			if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, fmt.Sprintf("ideas %d: hot", idea.ID)) }) {
				t.Errorf("repair=%v: the hot score was not reported: %q", repair, got)
			}
		}
		testutil.Equal(t, "nothing left after the repair", len(lines(false)), 0)
		var after float64
		testutil.IsErr(t, "hot", store.DB.Raw("SELECT hot FROM ideas WHERE id = ?", idea.ID).Scan(&after).Error, nil)
		if d := after - hot; d > 1e-9 || d < -1e-9 {
			t.Errorf("hot after the repair %v, before the damage %v", after, hot)
		}
	})
}

// TestWithdrawnFreshVoteKeepsHotExact withdraws a vote that is nearly all
// of an idea's score (the idea's own activity is months old): the score
// must still equal a recount, which the plain subtraction in log space
// could not give.
func TestWithdrawnFreshVoteKeepsHotExact(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		author, voter := testutil.NewUser(t, store, ""), testutil.NewUser(t, store, "")
		idea := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{})
		testutil.IsErr(t, "backdate", store.Ideas.Backdate(ctx, idea.ID, time.Now().AddDate(0, -8, 0)), nil)
		for range 3 {
			_, err := store.Votes.Vote(ctx, voter.ID, idea.ID)
			testutil.IsErr(t, "vote", err, nil)
			_, err = store.Votes.Unvote(ctx, voter.ID, idea.ID)
			testutil.IsErr(t, "unvote", err, nil)
		}
		fixes, err := store.Recount.Counters(ctx, false)
		testutil.IsErr(t, "recount", err, nil)
		testutil.Equal(t, "counters that disagree with a recount", len(fixes), 0)
	})
}
