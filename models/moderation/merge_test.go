package moderation_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/moderation"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

// mergeRecount checks an idea's counters against its rows.
func mergeRecount(t testing.TB, db *models.Store, id int64) *ideas.Idea {
	t.Helper()
	idea := testutil.Reload(t, db, id)
	testutil.Equal(t, "votes = recount", idea.VoteCount, testutil.Rows(t, db, "votes", "idea_id = ?", id))
	testutil.Equal(t, "comments = recount", idea.CommentCount,
		testutil.Rows(t, db, "comments", "idea_id = ? AND hidden = ? AND deleted = ?", id, false, false))
	testutil.Equal(t, "followers = recount", idea.FollowerCount, testutil.Rows(t, db, "follows", "idea_id = ?", id))
	return idea
}

func TestMergeIdeas(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		srcAuthor, dstAuthor := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		onlySource, both, onlyTarget, follower := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		ch := testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)
		source := testutil.NewIdea(t, db, srcAuthor.ID, ideas.IdeaInput{Title: "Seats from PET bottles", ChallengeID: &ch.ID})
		target := testutil.NewIdea(t, db, dstAuthor.ID, ideas.IdeaInput{Title: "Recycled PET seat fabric", ChallengeID: &ch.ID})
		for _, v := range []struct {
			u    *accounts.User
			idea int64
		}{{onlySource, source.ID}, {both, source.ID}, {both, target.ID}, {onlyTarget, target.ID}, {srcAuthor, source.ID}} {
			_, err := db.Votes.Vote(ctx, v.u.ID, v.idea)
			testutil.IsErr(t, "vote", err, nil)
		}
		testutil.IsErr(t, "follow", db.Ideas.Follow(ctx, follower.ID, source.ID), nil)
		testutil.IsErr(t, "follow", db.Ideas.Follow(ctx, both.ID, target.ID), nil)
		testutil.IsErr(t, "follow", db.Ideas.Follow(ctx, both.ID, source.ID), nil)
		first, err := db.Comments.CreateComment(ctx, onlySource, source.ID, nil, "I like it")
		testutil.IsErr(t, "comment", err, nil)
		_, err = db.Comments.CreateComment(ctx, both, source.ID, &first.ID, "me too")
		testutil.IsErr(t, "reply", err, nil)
		rude, err := db.Comments.CreateComment(ctx, onlySource, source.ID, nil, "rude")
		testutil.IsErr(t, "comment", err, nil)
		testutil.IsErr(t, "hide", db.Moderation.HideComment(ctx, mod, rude.ID, ""), nil)
		_, err = db.Comments.CreateComment(ctx, onlyTarget, target.ID, nil, "good idea")
		testutil.IsErr(t, "comment", err, nil)
		_, err = db.Moderation.Flag(ctx, onlyTarget, audit.TargetIdea, source.ID, "duplicate", "same as the other one")
		testutil.IsErr(t, "flag", err, nil)
		merged := testutil.NewIdea(t, db, srcAuthor.ID, ideas.IdeaInput{})
		testutil.IsErr(t, "pre-merge", db.Moderation.MergeIdeas(ctx, mod, merged.ID, target.ID, ""), nil)
		hidden := testutil.NewIdea(t, db, srcAuthor.ID, ideas.IdeaInput{})
		testutil.IsErr(t, "hide", db.Moderation.HideIdea(ctx, mod, hidden.ID, "spam"), nil)

		refused := []struct {
			name           string
			source, target int64
			want           error
		}{
			{"into itself", source.ID, source.ID, moderation.ErrMergeTarget},
			{"into an unknown idea", source.ID, 999_999, moderation.ErrMergeTarget},
			{"into a merged idea", source.ID, merged.ID, moderation.ErrMergeTarget},
			{"into a hidden idea", source.ID, hidden.ID, moderation.ErrMergeTarget},
			{"a merged idea again", merged.ID, source.ID, moderation.ErrMergeTarget},
			{"an unknown idea", 999_999, target.ID, store.ErrNotFound},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				testutil.IsErr(t, "merge", db.Moderation.MergeIdeas(ctx, mod, tt.source, tt.target, ""), tt.want)
				testutil.Equal(t, "source untouched", testutil.Reload(t, db, source.ID).MergedIntoID == nil, true)
			})
		}

		before, err := db.Notifications.UnreadNotifications(ctx, follower.ID)
		testutil.IsErr(t, "unread", err, nil)
		testutil.IsErr(t, "merge", db.Moderation.MergeIdeas(ctx, mod, source.ID, target.ID, "Same idea, better described there."), nil)

		t.Run("target", func(t *testing.T) {
			got := mergeRecount(t, db, target.ID)
			// srcAuthor, onlySource, both (once), onlyTarget
			testutil.Equal(t, "votes", got.VoteCount, 4)
			testutil.Equal(t, "both voters counted once", testutil.Rows(t, db, "votes", "idea_id = ? AND user_id = ?", target.ID, both.ID), 1)
			testutil.Equal(t, "visible comments", got.CommentCount, 3)
			testutil.Equal(t, "all comments moved", testutil.Rows(t, db, "comments", "idea_id = ?", target.ID), 4)
			// dstAuthor, onlyTarget (commented), both (once), srcAuthor,
			// onlySource (commented), follower
			testutil.Equal(t, "followers", got.FollowerCount, 6)
			testutil.Equal(t, "both followers counted once", testutil.Rows(t, db, "follows", "idea_id = ? AND user_id = ?", target.ID, both.ID), 1)
			testutil.Equal(t, "replies keep their parent", testutil.Rows(t, db, "comments", "idea_id = ? AND parent_id = ?", target.ID, first.ID), 1)
		})
		t.Run("source", func(t *testing.T) {
			got := mergeRecount(t, db, source.ID)
			testutil.Equal(t, "status", got.Status, ideas.StatusDuplicate)
			if got.MergedIntoID == nil || *got.MergedIntoID != target.ID {
				t.Errorf("merged into %v, want %d", got.MergedIntoID, target.ID)
			}
			testutil.Equal(t, "votes left", got.VoteCount, 0)
			testutil.Equal(t, "no open report left", testutil.Rows(t, db, "flags", "target_id = ? AND target_type = ? AND resolved_at IS NULL",
				source.ID, audit.TargetIdea), 0)
			history, err := db.Ideas.StatusHistory(ctx, source.ID)
			testutil.IsErr(t, "history", err, nil)
			if len(history) != 1 || history[0].ToStatus != ideas.StatusDuplicate || history[0].ActorName != mod.Name {
				t.Errorf("history = %+v, want one step to duplicate by %s", history, mod.Name)
			}
		})
		t.Run("challenge, audit and notifications", func(t *testing.T) {
			c, err := db.Challenges.ChallengeByID(ctx, ch.ID)
			testutil.IsErr(t, "challenge", err, nil)
			testutil.Equal(t, "challenge's idea count", c.IdeaCount, 1) // the target; the source left
			testutil.Equal(t, "audit", modAudits(t, db, "idea.merge", source.ID), 1)
			after, err := db.Notifications.UnreadNotifications(ctx, follower.ID)
			testutil.IsErr(t, "unread", err, nil)
			testutil.Equal(t, "the source's follower is told", after-before, int64(1))
			testutil.Equal(t, "the actor is not told", testutil.Rows(t, db, "notifications", "user_id = ? AND kind = ?", mod.ID, notifications.KindMerge), 0)
			testutil.Equal(t, "each person once", testutil.Rows(t, db, "notifications", "user_id = ? AND kind = ?", both.ID, notifications.KindMerge), 1)
		})
		t.Run("the source's list of ideas", func(t *testing.T) {
			page, err := db.Ideas.ListIdeas(ctx, ideas.IdeaFilter{ChallengeID: ch.ID})
			testutil.IsErr(t, "list", err, nil)
			for _, card := range page.Ideas {
				if card.ID == source.ID {
					t.Errorf("the merged idea is still listed")
				}
			}
		})
	})
}
