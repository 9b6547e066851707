package models_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// TestModerationQueueAndOverview builds a small backlog and checks that
// the queue lists it oldest first with its reports, and that the
// overview counts it; then clears it and checks that both are empty.
func TestModerationQueueAndOverview(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		mod := newUser(t, store, models.RoleModerator)
		author := newUser(t, store, "")
		reporters := []*models.User{newUser(t, store, ""), newUser(t, store, ""), newUser(t, store, "")}

		flagged := newIdea(t, store, author.ID, models.IdeaInput{Title: "An idea people report"})
		quiet := newIdea(t, store, author.ID, models.IdeaInput{Title: "An idea nobody reports"})
		comment, err := store.CreateComment(ctx, author, quiet.ID, nil, "a rude comment")
		isErr(t, "comment", err, nil)
		for _, r := range reporters[:2] {
			_, err := store.Flag(ctx, r, models.TargetIdea, flagged.ID, "spam", "looks like an advert")
			isErr(t, "flag idea", err, nil)
		}
		hidden, err := store.Flag(ctx, reporters[0], models.TargetComment, comment.ID, "offensive", "")
		isErr(t, "flag comment", err, nil)
		equal(t, "hidden by one report", hidden, false)

		// A newcomer's idea held by site-wide pre-moderation.
		settings, err := store.Settings(ctx)
		isErr(t, "settings", err, nil)
		settings.Premoderate = true
		isErr(t, "save settings", store.SaveSettings(ctx, settings), nil)
		newcomer := newUser(t, store, "")
		held := newIdea(t, store, newcomer.ID, models.IdeaInput{Title: "A newcomer's first idea"})
		equal(t, "held idea pending", reload(t, store, held.ID).Pending, true)

		// An idea left without an answer for more than a week.
		old := newIdea(t, store, author.ID, models.IdeaInput{Title: "An idea waiting for an answer"})
		isErr(t, "backdate", store.Backdate(ctx, old.ID, time.Now().Add(-8*24*time.Hour)), nil)

		queue, err := store.ModerationQueue(ctx, 50)
		isErr(t, "queue", err, nil)
		var keys []string
		for _, it := range queue {
			keys = append(keys, it.Key())
		}
		equal(t, "queue, oldest first", strings.Join(keys, " "),
			strings.Join([]string{"idea:" + itoa(flagged.ID), "comment:" + itoa(comment.ID), "idea:" + itoa(held.ID)}, " "))
		if len(queue) == 3 {
			equal(t, "reports on the idea", len(queue[0].Flags), 2)
			equal(t, "spam reasons", queue[0].Reasons["spam"], 2)
			equal(t, "report note", queue[0].Flags[0].Note, "looks like an advert")
			equal(t, "comment's idea", queue[1].IdeaID, quiet.ID)
			equal(t, "comment text", queue[1].Text, "a rude comment")
			equal(t, "held idea is pending", queue[2].Pending, true)
		}

		o, err := store.ModerationOverview(ctx)
		isErr(t, "overview", err, nil)
		equal(t, "open reports", o.OpenFlags, int64(3))
		equal(t, "reported items", o.FlaggedItems, int64(2))
		equal(t, "pending", o.Pending, int64(1))
		equal(t, "unanswered", o.Unanswered, int64(1))
		unanswered, err := store.UnansweredIdeas(ctx, 10)
		isErr(t, "unanswered ideas", err, nil)
		if len(unanswered) != 1 || unanswered[0].ID != old.ID {
			t.Errorf("unanswered ideas = %v, want only %d", unanswered, old.ID)
		}

		// Clear the backlog: hide the idea, dismiss the comment's report,
		// approve the newcomer, answer the old idea.
		isErr(t, "hide", store.HideIdea(ctx, mod, flagged.ID, "advert"), nil)
		isErr(t, "dismiss", store.DismissFlags(ctx, mod, models.TargetComment, comment.ID), nil)
		isErr(t, "approve", store.ApproveIdea(ctx, mod, held.ID), nil)
		isErr(t, "answer", store.SetStatus(ctx, old.ID, mod, models.StatusUnderReview, "We are looking at it."), nil)

		queue, err = store.ModerationQueue(ctx, 50)
		isErr(t, "queue", err, nil)
		equal(t, "queue after clearing", len(queue), 0)
		o, err = store.ModerationOverview(ctx)
		isErr(t, "overview", err, nil)
		equal(t, "open reports after", o.OpenFlags, int64(0))
		equal(t, "pending after", o.Pending, int64(0))
		equal(t, "unanswered after", o.Unanswered, int64(0))
		if len(o.Recent) < 4 {
			t.Errorf("recent actions = %d, want the four just taken", len(o.Recent))
		} else {
			equal(t, "latest action", o.Recent[0].Action, "idea.status")
			equal(t, "latest actor", o.Recent[0].ActorName, mod.Name)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
