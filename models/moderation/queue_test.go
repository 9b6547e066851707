package moderation_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// TestModerationQueueAndOverview builds a small backlog and checks that
// the queue lists it oldest first with its reports, and that the
// overview counts it; then clears it and checks that both are empty.
func TestModerationQueueAndOverview(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, store, accounts.RoleModerator)
		author := testutil.NewUser(t, store, "")
		reporters := []*accounts.User{testutil.NewUser(t, store, ""), testutil.NewUser(t, store, ""), testutil.NewUser(t, store, "")}

		flagged := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "An idea people report"})
		quiet := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "An idea nobody reports"})
		comment, err := store.Comments.CreateComment(ctx, author, quiet.ID, nil, "a rude comment")
		testutil.IsErr(t, "comment", err, nil)
		for _, r := range reporters[:2] {
			_, err := store.Moderation.Flag(ctx, r, audit.TargetIdea, flagged.ID, "spam", "looks like an advert")
			testutil.IsErr(t, "flag idea", err, nil)
		}
		hidden, err := store.Moderation.Flag(ctx, reporters[0], audit.TargetComment, comment.ID, "offensive", "")
		testutil.IsErr(t, "flag comment", err, nil)
		testutil.Equal(t, "hidden by one report", hidden, false)

		// A newcomer's idea held by site-wide pre-moderation.
		settings, err := store.Site.Settings(ctx)
		testutil.IsErr(t, "settings", err, nil)
		settings.Premoderate = true
		testutil.IsErr(t, "save settings", store.Site.SaveSettings(ctx, settings), nil)
		newcomer := testutil.NewUser(t, store, "")
		held := testutil.NewIdea(t, store, newcomer.ID, ideas.IdeaInput{Title: "A newcomer's first idea"})
		testutil.Equal(t, "held idea pending", testutil.Reload(t, store, held.ID).Pending, true)

		// An idea left without an answer for more than a week.
		old := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "An idea waiting for an answer"})
		testutil.IsErr(t, "backdate", store.Ideas.Backdate(ctx, old.ID, time.Now().Add(-8*24*time.Hour)), nil)

		queue, err := store.Moderation.ModerationQueue(ctx, 50)
		testutil.IsErr(t, "queue", err, nil)
		var keys []string
		for _, it := range queue {
			keys = append(keys, it.Key())
		}
		testutil.Equal(t, "queue, oldest first", strings.Join(keys, " "),
			strings.Join([]string{"idea:" + itoa(flagged.ID), "comment:" + itoa(comment.ID), "idea:" + itoa(held.ID)}, " "))
		if len(queue) == 3 {
			testutil.Equal(t, "reports on the idea", len(queue[0].Flags), 2)
			testutil.Equal(t, "spam reasons", queue[0].Reasons["spam"], 2)
			testutil.Equal(t, "report note", queue[0].Flags[0].Note, "looks like an advert")
			testutil.Equal(t, "comment's idea", queue[1].IdeaID, quiet.ID)
			testutil.Equal(t, "comment text", queue[1].Text, "a rude comment")
			testutil.Equal(t, "held idea is pending", queue[2].Pending, true)
		}

		o, err := store.Moderation.ModerationOverview(ctx)
		testutil.IsErr(t, "overview", err, nil)
		testutil.Equal(t, "open reports", o.OpenFlags, int64(3))
		testutil.Equal(t, "reported items", o.FlaggedItems, int64(2))
		testutil.Equal(t, "pending", o.Pending, int64(1))
		testutil.Equal(t, "unanswered", o.Unanswered, int64(1))
		unanswered, err := store.Moderation.UnansweredIdeas(ctx, 10)
		testutil.IsErr(t, "unanswered ideas", err, nil)
		if len(unanswered) != 1 || unanswered[0].ID != old.ID {
			t.Errorf("unanswered ideas = %v, want only %d", unanswered, old.ID)
		}

		// Clear the backlog: hide the idea, dismiss the comment's report,
		// approve the newcomer, answer the old idea.
		testutil.IsErr(t, "hide", store.Moderation.HideIdea(ctx, mod, flagged.ID, "advert"), nil)
		testutil.IsErr(t, "dismiss", store.Moderation.DismissFlags(ctx, mod, audit.TargetComment, comment.ID), nil)
		testutil.IsErr(t, "approve", store.Moderation.ApproveIdea(ctx, mod, held.ID), nil)
		testutil.IsErr(t, "answer", store.Ideas.SetStatus(ctx, old.ID, mod, ideas.StatusUnderReview, "We are looking at it."), nil)

		queue, err = store.Moderation.ModerationQueue(ctx, 50)
		testutil.IsErr(t, "queue", err, nil)
		testutil.Equal(t, "queue after clearing", len(queue), 0)
		o, err = store.Moderation.ModerationOverview(ctx)
		testutil.IsErr(t, "overview", err, nil)
		testutil.Equal(t, "open reports after", o.OpenFlags, int64(0))
		testutil.Equal(t, "pending after", o.Pending, int64(0))
		testutil.Equal(t, "unanswered after", o.Unanswered, int64(0))
		if len(o.Recent) < 4 {
			t.Errorf("recent actions = %d, want the four just taken", len(o.Recent))
		} else {
			testutil.Equal(t, "latest action", o.Recent[0].Action, "idea.status")
			testutil.Equal(t, "latest actor", o.Recent[0].ActorName, mod.Name)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
