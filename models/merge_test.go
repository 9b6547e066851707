package models_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// mergeRecount checks an idea's counters against its rows.
func mergeRecount(t testing.TB, store *models.Store, id int64) *models.Idea {
	t.Helper()
	idea := reload(t, store, id)
	equal(t, "votes = recount", idea.VoteCount, rows(t, store, "votes", "idea_id = ?", id))
	equal(t, "comments = recount", idea.CommentCount,
		rows(t, store, "comments", "idea_id = ? AND hidden = ? AND deleted = ?", id, false, false))
	equal(t, "followers = recount", idea.FollowerCount, rows(t, store, "follows", "idea_id = ?", id))
	return idea
}

func TestMergeIdeas(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		mod := newUser(t, store, models.RoleModerator)
		srcAuthor, dstAuthor := newUser(t, store, ""), newUser(t, store, "")
		onlySource, both, onlyTarget, follower := newUser(t, store, ""), newUser(t, store, ""), newUser(t, store, ""), newUser(t, store, "")
		ch := newChallenge(t, store, models.PhaseIdeation, 0)
		source := newIdea(t, store, srcAuthor.ID, models.IdeaInput{Title: "Seats from PET bottles", ChallengeID: &ch.ID})
		target := newIdea(t, store, dstAuthor.ID, models.IdeaInput{Title: "Recycled PET seat fabric", ChallengeID: &ch.ID})
		for _, v := range []struct {
			u    *models.User
			idea int64
		}{{onlySource, source.ID}, {both, source.ID}, {both, target.ID}, {onlyTarget, target.ID}, {srcAuthor, source.ID}} {
			_, err := store.Vote(ctx, v.u.ID, v.idea)
			isErr(t, "vote", err, nil)
		}
		isErr(t, "follow", store.Follow(ctx, follower.ID, source.ID), nil)
		isErr(t, "follow", store.Follow(ctx, both.ID, target.ID), nil)
		isErr(t, "follow", store.Follow(ctx, both.ID, source.ID), nil)
		first, err := store.CreateComment(ctx, onlySource, source.ID, nil, "I like it")
		isErr(t, "comment", err, nil)
		_, err = store.CreateComment(ctx, both, source.ID, &first.ID, "me too")
		isErr(t, "reply", err, nil)
		rude, err := store.CreateComment(ctx, onlySource, source.ID, nil, "rude")
		isErr(t, "comment", err, nil)
		isErr(t, "hide", store.HideComment(ctx, mod, rude.ID, ""), nil)
		_, err = store.CreateComment(ctx, onlyTarget, target.ID, nil, "good idea")
		isErr(t, "comment", err, nil)
		_, err = store.Flag(ctx, onlyTarget, models.TargetIdea, source.ID, "duplicate", "same as the other one")
		isErr(t, "flag", err, nil)
		merged := newIdea(t, store, srcAuthor.ID, models.IdeaInput{})
		isErr(t, "pre-merge", store.MergeIdeas(ctx, mod, merged.ID, target.ID, ""), nil)
		hidden := newIdea(t, store, srcAuthor.ID, models.IdeaInput{})
		isErr(t, "hide", store.HideIdea(ctx, mod, hidden.ID, "spam"), nil)

		refused := []struct {
			name           string
			source, target int64
			want           error
		}{
			{"into itself", source.ID, source.ID, models.ErrMergeTarget},
			{"into an unknown idea", source.ID, 999_999, models.ErrMergeTarget},
			{"into a merged idea", source.ID, merged.ID, models.ErrMergeTarget},
			{"into a hidden idea", source.ID, hidden.ID, models.ErrMergeTarget},
			{"a merged idea again", merged.ID, source.ID, models.ErrMergeTarget},
			{"an unknown idea", 999_999, target.ID, models.ErrNotFound},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				isErr(t, "merge", store.MergeIdeas(ctx, mod, tt.source, tt.target, ""), tt.want)
				equal(t, "source untouched", reload(t, store, source.ID).MergedIntoID == nil, true)
			})
		}

		before, err := store.UnreadNotifications(ctx, follower.ID)
		isErr(t, "unread", err, nil)
		isErr(t, "merge", store.MergeIdeas(ctx, mod, source.ID, target.ID, "Same idea, better described there."), nil)

		t.Run("target", func(t *testing.T) {
			got := mergeRecount(t, store, target.ID)
			// srcAuthor, onlySource, both (once), onlyTarget
			equal(t, "votes", got.VoteCount, 4)
			equal(t, "both voters counted once", rows(t, store, "votes", "idea_id = ? AND user_id = ?", target.ID, both.ID), 1)
			equal(t, "visible comments", got.CommentCount, 3)
			equal(t, "all comments moved", rows(t, store, "comments", "idea_id = ?", target.ID), 4)
			// dstAuthor, onlyTarget (commented), both (once), srcAuthor,
			// onlySource (commented), follower
			equal(t, "followers", got.FollowerCount, 6)
			equal(t, "both followers counted once", rows(t, store, "follows", "idea_id = ? AND user_id = ?", target.ID, both.ID), 1)
			equal(t, "replies keep their parent", rows(t, store, "comments", "idea_id = ? AND parent_id = ?", target.ID, first.ID), 1)
		})
		t.Run("source", func(t *testing.T) {
			got := mergeRecount(t, store, source.ID)
			equal(t, "status", got.Status, models.StatusDuplicate)
			if got.MergedIntoID == nil || *got.MergedIntoID != target.ID {
				t.Errorf("merged into %v, want %d", got.MergedIntoID, target.ID)
			}
			equal(t, "votes left", got.VoteCount, 0)
			equal(t, "no open report left", rows(t, store, "flags", "target_id = ? AND target_type = ? AND resolved_at IS NULL",
				source.ID, models.TargetIdea), 0)
			history, err := store.StatusHistory(ctx, source.ID)
			isErr(t, "history", err, nil)
			if len(history) != 1 || history[0].ToStatus != models.StatusDuplicate || history[0].ActorName != mod.Name {
				t.Errorf("history = %+v, want one step to duplicate by %s", history, mod.Name)
			}
		})
		t.Run("challenge, audit and notifications", func(t *testing.T) {
			c, err := store.ChallengeByID(ctx, ch.ID)
			isErr(t, "challenge", err, nil)
			equal(t, "challenge's idea count", c.IdeaCount, 1) // the target; the source left
			equal(t, "audit", modAudits(t, store, "idea.merge", source.ID), 1)
			after, err := store.UnreadNotifications(ctx, follower.ID)
			isErr(t, "unread", err, nil)
			equal(t, "the source's follower is told", after-before, int64(1))
			equal(t, "the actor is not told", rows(t, store, "notifications", "user_id = ? AND kind = ?", mod.ID, models.KindMerge), 0)
			equal(t, "each person once", rows(t, store, "notifications", "user_id = ? AND kind = ?", both.ID, models.KindMerge), 1)
		})
		t.Run("the source's list of ideas", func(t *testing.T) {
			page, err := store.ListIdeas(ctx, models.IdeaFilter{ChallengeID: ch.ID})
			isErr(t, "list", err, nil)
			for _, card := range page.Ideas {
				if card.ID == source.ID {
					t.Errorf("the merged idea is still listed")
				}
			}
		})
	})
}
