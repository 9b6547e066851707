package models_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// modSettings changes the site settings for a test.
func modSettings(t testing.TB, store *models.Store, change func(*models.Settings)) {
	t.Helper()
	st, err := store.Settings(t.Context())
	isErr(t, "settings", err, nil)
	change(&st)
	isErr(t, "save settings", store.SaveSettings(t.Context(), st), nil)
}

// modAudits counts the audit entries of an action on an item.
func modAudits(t testing.TB, store *models.Store, action string, targetID int64) int {
	t.Helper()
	return rows(t, store, "audit_entries", "action = ? AND target_id = ?", action, targetID)
}

// modCommentCount is an idea's stored comment count and a recount of its
// visible comments.
func modCommentCount(t testing.TB, store *models.Store, ideaID int64) (stored, counted int) {
	t.Helper()
	return reload(t, store, ideaID).CommentCount,
		rows(t, store, "comments", "idea_id = ? AND hidden = ? AND deleted = ?", ideaID, false, false)
}

func TestFlagThreshold(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		author := newUser(t, store, "")
		people := []*models.User{newUser(t, store, ""), newUser(t, store, ""), newUser(t, store, ""), newUser(t, store, "")}
		ch := newChallenge(t, store, models.PhaseIdeation, 0)
		idea := newIdea(t, store, author.ID, models.IdeaInput{ChallengeID: &ch.ID})
		steps := []struct {
			name       string
			by         *models.User
			reason     string
			wantErr    error
			wantHidden bool // Flag's answer
			wantOpen   int  // open reports after
		}{
			{"the author cannot report", author, "spam", models.ErrOwnContent, false, 0},
			{"an unknown reason is refused", people[0], "boring", models.ErrForbidden, false, 0},
			{"first report", people[0], "spam", nil, false, 1},
			{"the same person again", people[0], "offensive", models.ErrDuplicate, false, 1},
			{"second person", people[1], "offensive", nil, false, 2},
			{"third person hides it", people[2], "spam", nil, true, 3},
			{"a hidden idea cannot be reported", people[3], "spam", models.ErrNotFound, false, 3},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				hidden, err := store.Flag(ctx, st.by, models.TargetIdea, idea.ID, st.reason, "a note")
				isErr(t, "flag", err, st.wantErr)
				equal(t, "hidden now", hidden, st.wantHidden)
				equal(t, "open reports", rows(t, store, "flags", "target_id = ? AND resolved_at IS NULL", idea.ID), st.wantOpen)
			})
		}
		got := reload(t, store, idea.ID)
		equal(t, "hidden", got.Hidden, true)
		equal(t, "hidden reason", got.HiddenReason, models.HiddenFlagged)
		c, err := store.ChallengeByID(ctx, ch.ID)
		isErr(t, "challenge", err, nil)
		equal(t, "challenge's idea count", c.IdeaCount, 0)
		equal(t, "automatic hide audited", rows(t, store, "audit_entries", "action = ? AND target_id = ? AND actor_id IS NULL",
			"idea.autohide", idea.ID), 1)

		// Dismissing the reports shows the idea again, and counts it.
		mod := newUser(t, store, models.RoleModerator)
		isErr(t, "dismiss", store.DismissFlags(ctx, mod, models.TargetIdea, idea.ID), nil)
		got = reload(t, store, idea.ID)
		equal(t, "hidden after dismiss", got.Hidden, false)
		equal(t, "reason after dismiss", got.HiddenReason, "")
		c, _ = store.ChallengeByID(ctx, ch.ID)
		equal(t, "challenge's idea count after dismiss", c.IdeaCount, 1)
		equal(t, "dismissed reports", rows(t, store, "flags", "target_id = ? AND resolution = ?", idea.ID, models.ResolvedDismissed), 3)
		equal(t, "dismiss audited", modAudits(t, store, "idea.dismiss", idea.ID), 1)
		// Someone new may report it again; those who did already may not.
		_, err = store.Flag(ctx, people[0], models.TargetIdea, idea.ID, "spam", "")
		isErr(t, "report again", err, models.ErrDuplicate)
		hidden, err := store.Flag(ctx, people[3], models.TargetIdea, idea.ID, "spam", "")
		isErr(t, "new reporter", err, nil)
		equal(t, "one new report does not hide", hidden, false)
	})
}

func TestFlagThresholdSetting(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		modSettings(t, store, func(s *models.Settings) { s.FlagThreshold = 2 })
		author, a, b := newUser(t, store, ""), newUser(t, store, ""), newUser(t, store, "")
		idea := newIdea(t, store, author.ID, models.IdeaInput{})
		cm, err := store.CreateComment(ctx, author, idea.ID, nil, "buy cheap watches")
		isErr(t, "comment", err, nil)
		for i, by := range []*models.User{a, b} {
			hidden, err := store.Flag(ctx, by, models.TargetComment, cm.ID, "spam", "")
			isErr(t, "flag", err, nil)
			equal(t, "hidden after report "+itoa(int64(i+1)), hidden, i == 1)
		}
		stored, counted := modCommentCount(t, store, idea.ID)
		equal(t, "comment count", stored, 0)
		equal(t, "comment count = recount", stored, counted)
		o, err := store.ModerationOverview(ctx)
		isErr(t, "overview", err, nil)
		equal(t, "hidden by reports, waiting", o.AutoHidden, int64(1))

		// A moderator's "hide" confirms it: still hidden, no longer waiting.
		mod := newUser(t, store, models.RoleModerator)
		isErr(t, "confirm", store.HideComment(ctx, mod, cm.ID, "spam, confirmed"), nil)
		o, err = store.ModerationOverview(ctx)
		isErr(t, "overview", err, nil)
		equal(t, "hidden by reports after review", o.AutoHidden, int64(0))
		equal(t, "open reports after review", o.OpenFlags, int64(0))
		equal(t, "confirmation audited", modAudits(t, store, "comment.hide", cm.ID), 1)
		stored, counted = modCommentCount(t, store, idea.ID)
		equal(t, "comment count after review", stored, 0)
		equal(t, "comment count = recount after review", stored, counted)
	})
}

func TestHideAndUnhideKeepCountsExact(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		mod := newUser(t, store, models.RoleModerator)
		author := newUser(t, store, "")
		ch := newChallenge(t, store, models.PhaseIdeation, 0)
		idea := newIdea(t, store, author.ID, models.IdeaInput{ChallengeID: &ch.ID})
		var comments []int64
		for _, body := range []string{"one", "two", "three"} {
			cm, err := store.CreateComment(ctx, author, idea.ID, nil, body)
			isErr(t, "comment", err, nil)
			comments = append(comments, cm.ID)
		}
		steps := []struct {
			name         string
			do           func() error
			wantComments int
			wantIdeas    int // the challenge's count
			action       string
			target       int64
			wantAudits   int
		}{
			{"hide a comment", func() error { return store.HideComment(ctx, mod, comments[0], "rude") }, 2, 1, "comment.hide", comments[0], 1},
			{"hide it again changes nothing", func() error { return store.HideComment(ctx, mod, comments[0], "rude") }, 2, 1, "comment.hide", comments[0], 1},
			{"hide another", func() error { return store.HideComment(ctx, mod, comments[1], "") }, 1, 1, "comment.hide", comments[1], 1},
			{"unhide the first", func() error { return store.UnhideComment(ctx, mod, comments[0], "fine after all") }, 2, 1, "comment.unhide", comments[0], 1},
			{"unhide it again changes nothing", func() error { return store.UnhideComment(ctx, mod, comments[0], "") }, 2, 1, "comment.unhide", comments[0], 1},
			{"delete a hidden comment", func() error { _, err := store.DeleteComment(ctx, comments[1], mod); return err }, 2, 1, "comment.unhide", comments[1], 0},
			{"hide the idea", func() error { return store.HideIdea(ctx, mod, idea.ID, "off topic") }, 2, 0, "idea.hide", idea.ID, 1},
			{"hide a comment of a hidden idea", func() error { return store.HideComment(ctx, mod, comments[2], "") }, 1, 0, "comment.hide", comments[2], 1},
			{"unhide the idea", func() error { return store.UnhideIdea(ctx, mod, idea.ID, "") }, 1, 1, "idea.unhide", idea.ID, 1},
			{"unhide the comment", func() error { return store.UnhideComment(ctx, mod, comments[2], "") }, 2, 1, "comment.unhide", comments[2], 1},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				isErr(t, st.name, st.do(), nil)
				stored, counted := modCommentCount(t, store, idea.ID)
				equal(t, "comment count", stored, st.wantComments)
				equal(t, "comment count = recount", stored, counted)
				c, err := store.ChallengeByID(ctx, ch.ID)
				isErr(t, "challenge", err, nil)
				equal(t, "challenge's idea count", c.IdeaCount, st.wantIdeas)
				equal(t, "audit entries "+st.action, modAudits(t, store, st.action, st.target), st.wantAudits)
			})
		}
		got := reload(t, store, idea.ID)
		equal(t, "hot score follows the counters", got.Hot > 0, true)
	})
}

func TestPremoderation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		mod := newUser(t, store, models.RoleModerator)
		open := newChallenge(t, store, models.PhaseIdeation, 0)
		strict := newChallenge(t, store, models.PhaseIdeation, 0)
		setChallenge(t, store, strict.ID, "premoderate", true)

		t.Run("a challenge holds a newcomer's first idea", func(t *testing.T) {
			newcomer := newUser(t, store, "")
			free := newIdea(t, store, newcomer.ID, models.IdeaInput{ChallengeID: &open.ID})
			equal(t, "idea outside the strict challenge held", free.Pending, false)
			other := newUser(t, store, "")
			held := newIdea(t, store, other.ID, models.IdeaInput{ChallengeID: &strict.ID})
			equal(t, "held", held.Pending, true)
			equal(t, "hidden while held", held.Hidden, true)
			c, _ := store.ChallengeByID(ctx, strict.ID)
			equal(t, "a held idea is not counted", c.IdeaCount, 0)
			equal(t, "visible to the author", held.VisibleTo(other), true)
			equal(t, "visible to moderators", held.VisibleTo(mod), true)
			equal(t, "hidden from others", held.VisibleTo(newcomer), false)
			equal(t, "hidden from visitors", held.VisibleTo(nil), false)
			isErr(t, "approve", store.ApproveIdea(ctx, mod, held.ID), nil)
			got := reload(t, store, held.ID)
			equal(t, "published", !got.Pending && !got.Hidden, true)
			c, _ = store.ChallengeByID(ctx, strict.ID)
			equal(t, "counted once approved", c.IdeaCount, 1)
			equal(t, "approval audited", modAudits(t, store, "idea.approve", held.ID), 1)
			next := newIdea(t, store, other.ID, models.IdeaInput{ChallengeID: &strict.ID})
			equal(t, "the author's next idea is not held", next.Pending, false)
		})

		modSettings(t, store, func(s *models.Settings) { s.Premoderate = true })
		t.Run("site-wide", func(t *testing.T) {
			tests := []struct {
				name string
				role string
				want bool
			}{
				{"contributor", "", true},
				{"moderator", models.RoleModerator, false},
				{"admin", models.RoleAdmin, false},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					u := newUser(t, store, tt.role)
					equal(t, "held", newIdea(t, store, u.ID, models.IdeaInput{}).Pending, tt.want)
				})
			}
		})

		t.Run("a rejected idea leaves the queue and does not vouch for its author", func(t *testing.T) {
			spammer := newUser(t, store, "")
			spam := newIdea(t, store, spammer.ID, models.IdeaInput{ChallengeID: &open.ID})
			equal(t, "held", spam.Pending, true)
			isErr(t, "reject", store.HideIdea(ctx, mod, spam.ID, "advertising"), nil)
			got := reload(t, store, spam.ID)
			equal(t, "no longer pending", got.Pending, false)
			equal(t, "still hidden", got.Hidden, true)
			equal(t, "reason", got.HiddenReason, "advertising")
			equal(t, "rejection audited", modAudits(t, store, "idea.hide", spam.ID), 1)
			queue, err := store.ModerationQueue(ctx, 50)
			isErr(t, "queue", err, nil)
			for _, it := range queue {
				if it.TargetID == spam.ID && it.TargetType == models.TargetIdea {
					t.Errorf("the rejected idea is still in the queue")
				}
			}
			c, _ := store.ChallengeByID(ctx, open.ID)
			equal(t, "a rejected idea is never counted", c.IdeaCount, 1)
			equal(t, "the spammer's next idea is held too", newIdea(t, store, spammer.ID, models.IdeaInput{}).Pending, true)
		})

		t.Run("unhiding a held idea publishes it", func(t *testing.T) {
			u := newUser(t, store, "")
			held := newIdea(t, store, u.ID, models.IdeaInput{ChallengeID: &open.ID})
			isErr(t, "unhide", store.UnhideIdea(ctx, mod, held.ID, ""), nil)
			got := reload(t, store, held.ID)
			equal(t, "published", !got.Pending && !got.Hidden, true)
			c, _ := store.ChallengeByID(ctx, open.ID)
			equal(t, "counted", c.IdeaCount, 2)
		})
	})
}

func TestReportsOnIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		author, a, b := newUser(t, store, ""), newUser(t, store, ""), newUser(t, store, "")
		mod := newUser(t, store, models.RoleModerator)
		idea := newIdea(t, store, author.ID, models.IdeaInput{})
		other := newIdea(t, store, author.ID, models.IdeaInput{})
		cm, err := store.CreateComment(ctx, author, idea.ID, nil, "hm")
		isErr(t, "comment", err, nil)
		elsewhere, err := store.CreateComment(ctx, author, other.ID, nil, "elsewhere")
		isErr(t, "comment", err, nil)
		for _, f := range []struct {
			by   *models.User
			kind string
			id   int64
		}{{a, models.TargetIdea, idea.ID}, {a, models.TargetComment, cm.ID}, {b, models.TargetComment, cm.ID},
			{b, models.TargetIdea, other.ID}, {a, models.TargetComment, elsewhere.ID}} {
			_, err := store.Flag(ctx, f.by, f.kind, f.id, "off_topic", "")
			isErr(t, "flag", err, nil)
		}
		tests := []struct {
			name                      string
			viewer                    *models.User
			mineIdea, mineComment     bool
			openOnIdea, openOnComment int
		}{
			{"visitor", nil, false, false, 0, 0},
			{"reported both", a, true, true, 0, 0},
			{"reported the comment", b, false, true, 0, 0},
			{"moderator", mod, false, false, 1, 2},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r, err := store.ReportsOnIdea(ctx, idea.ID, tt.viewer)
				isErr(t, "reports", err, nil)
				equal(t, "mine on the idea", r.MineIdea, tt.mineIdea)
				equal(t, "mine on the comment", r.MineComments[cm.ID], tt.mineComment)
				equal(t, "open on the idea", len(r.Idea), tt.openOnIdea)
				equal(t, "open on the comment", len(r.Comments[cm.ID]), tt.openOnComment)
				equal(t, "comments elsewhere left out", len(r.Comments[elsewhere.ID]), 0)
				if tt.openOnIdea > 0 {
					equal(t, "reporter's name", r.Idea[0].UserName, a.Name)
				}
			})
		}
	})
}
