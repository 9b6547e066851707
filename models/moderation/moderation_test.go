package moderation_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/moderation"
	"github.com/ideario/ideario/models/site"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

// modSettings changes the site settings for a test.
func modSettings(t testing.TB, db *models.Store, change func(*site.Settings)) {
	t.Helper()
	st, err := db.Site.Settings(t.Context())
	testutil.IsErr(t, "settings", err, nil)
	change(&st)
	testutil.IsErr(t, "save settings", db.Site.SaveSettings(t.Context(), st), nil)
}

// modAudits counts the audit entries of an action on an item.
func modAudits(t testing.TB, db *models.Store, action string, targetID int64) int {
	t.Helper()
	return testutil.Rows(t, db, "audit_entries", "action = ? AND target_id = ?", action, targetID)
}

// modCommentCount is an idea's stored comment count and a recount of its
// visible comments.
func modCommentCount(t testing.TB, db *models.Store, ideaID int64) (stored, counted int) {
	t.Helper()
	return testutil.Reload(t, db, ideaID).CommentCount,
		testutil.Rows(t, db, "comments", "idea_id = ? AND hidden = ? AND deleted = ?", ideaID, false, false)
}

func TestFlagThreshold(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		author := testutil.NewUser(t, db, "")
		people := []*accounts.User{testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")}
		ch := testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{ChallengeID: &ch.ID})
		steps := []struct {
			name       string
			by         *accounts.User
			reason     string
			wantErr    error
			wantHidden bool // Flag's answer
			wantOpen   int  // open reports after
		}{
			{"the author cannot report", author, "spam", moderation.ErrOwnContent, false, 0},
			{"an unknown reason is refused", people[0], "boring", store.ErrForbidden, false, 0},
			{"first report", people[0], "spam", nil, false, 1},
			{"the same person again", people[0], "offensive", store.ErrDuplicate, false, 1},
			{"second person", people[1], "offensive", nil, false, 2},
			{"third person hides it", people[2], "spam", nil, true, 3},
			{"a hidden idea cannot be reported", people[3], "spam", store.ErrNotFound, false, 3},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				hidden, err := db.Moderation.Flag(ctx, st.by, audit.TargetIdea, idea.ID, st.reason, "a note")
				testutil.IsErr(t, "flag", err, st.wantErr)
				testutil.Equal(t, "hidden now", hidden, st.wantHidden)
				testutil.Equal(t, "open reports", testutil.Rows(t, db, "flags", "target_id = ? AND resolved_at IS NULL", idea.ID), st.wantOpen)
			})
		}
		got := testutil.Reload(t, db, idea.ID)
		testutil.Equal(t, "hidden", got.Hidden, true)
		testutil.Equal(t, "hidden reason", got.HiddenReason, ideas.HiddenFlagged)
		c, err := db.Challenges.ChallengeByID(ctx, ch.ID)
		testutil.IsErr(t, "challenge", err, nil)
		testutil.Equal(t, "challenge's idea count", c.IdeaCount, 0)
		testutil.Equal(t, "automatic hide audited", testutil.Rows(t, db, "audit_entries", "action = ? AND target_id = ? AND actor_id IS NULL",
			"idea.autohide", idea.ID), 1)

		// Dismissing the reports shows the idea again, and counts it.
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		testutil.IsErr(t, "dismiss", db.Moderation.DismissFlags(ctx, mod, audit.TargetIdea, idea.ID), nil)
		got = testutil.Reload(t, db, idea.ID)
		testutil.Equal(t, "hidden after dismiss", got.Hidden, false)
		testutil.Equal(t, "reason after dismiss", got.HiddenReason, "")
		c, _ = db.Challenges.ChallengeByID(ctx, ch.ID)
		testutil.Equal(t, "challenge's idea count after dismiss", c.IdeaCount, 1)
		testutil.Equal(t, "dismissed reports", testutil.Rows(t, db, "flags", "target_id = ? AND resolution = ?", idea.ID, moderation.ResolvedDismissed), 3)
		testutil.Equal(t, "dismiss audited", modAudits(t, db, "idea.dismiss", idea.ID), 1)
		// Someone new may report it again; those who did already may not.
		_, err = db.Moderation.Flag(ctx, people[0], audit.TargetIdea, idea.ID, "spam", "")
		testutil.IsErr(t, "report again", err, store.ErrDuplicate)
		hidden, err := db.Moderation.Flag(ctx, people[3], audit.TargetIdea, idea.ID, "spam", "")
		testutil.IsErr(t, "new reporter", err, nil)
		testutil.Equal(t, "one new report does not hide", hidden, false)
	})
}

func TestFlagThresholdSetting(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		modSettings(t, db, func(s *site.Settings) { s.FlagThreshold = 2 })
		author, a, b := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		cm, err := db.Comments.CreateComment(ctx, author, idea.ID, nil, "buy cheap watches")
		testutil.IsErr(t, "comment", err, nil)
		for i, by := range []*accounts.User{a, b} {
			hidden, err := db.Moderation.Flag(ctx, by, audit.TargetComment, cm.ID, "spam", "")
			testutil.IsErr(t, "flag", err, nil)
			testutil.Equal(t, "hidden after report "+itoa(int64(i+1)), hidden, i == 1)
		}
		stored, counted := modCommentCount(t, db, idea.ID)
		testutil.Equal(t, "comment count", stored, 0)
		testutil.Equal(t, "comment count = recount", stored, counted)
		o, err := db.Moderation.ModerationOverview(ctx)
		testutil.IsErr(t, "overview", err, nil)
		testutil.Equal(t, "hidden by reports, waiting", o.AutoHidden, int64(1))

		// A moderator's "hide" confirms it: still hidden, no longer waiting.
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		testutil.IsErr(t, "confirm", db.Moderation.HideComment(ctx, mod, cm.ID, "spam, confirmed"), nil)
		o, err = db.Moderation.ModerationOverview(ctx)
		testutil.IsErr(t, "overview", err, nil)
		testutil.Equal(t, "hidden by reports after review", o.AutoHidden, int64(0))
		testutil.Equal(t, "open reports after review", o.OpenFlags, int64(0))
		testutil.Equal(t, "confirmation audited", modAudits(t, db, "comment.hide", cm.ID), 1)
		stored, counted = modCommentCount(t, db, idea.ID)
		testutil.Equal(t, "comment count after review", stored, 0)
		testutil.Equal(t, "comment count = recount after review", stored, counted)
	})
}

func TestHideAndUnhideKeepCountsExact(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		author := testutil.NewUser(t, db, "")
		ch := testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{ChallengeID: &ch.ID})
		var comments []int64
		for _, body := range []string{"one", "two", "three"} {
			cm, err := db.Comments.CreateComment(ctx, author, idea.ID, nil, body)
			testutil.IsErr(t, "comment", err, nil)
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
			{"hide a comment", func() error { return db.Moderation.HideComment(ctx, mod, comments[0], "rude") }, 2, 1, "comment.hide", comments[0], 1},
			{"hide it again changes nothing", func() error { return db.Moderation.HideComment(ctx, mod, comments[0], "rude") }, 2, 1, "comment.hide", comments[0], 1},
			{"hide another", func() error { return db.Moderation.HideComment(ctx, mod, comments[1], "") }, 1, 1, "comment.hide", comments[1], 1},
			{"unhide the first", func() error { return db.Moderation.UnhideComment(ctx, mod, comments[0], "fine after all") }, 2, 1, "comment.unhide", comments[0], 1},
			{"unhide it again changes nothing", func() error { return db.Moderation.UnhideComment(ctx, mod, comments[0], "") }, 2, 1, "comment.unhide", comments[0], 1},
			{"delete a hidden comment", func() error { _, err := db.Comments.DeleteComment(ctx, comments[1], mod); return err }, 2, 1, "comment.unhide", comments[1], 0},
			{"hide the idea", func() error { return db.Moderation.HideIdea(ctx, mod, idea.ID, "off topic") }, 2, 0, "idea.hide", idea.ID, 1},
			{"hide a comment of a hidden idea", func() error { return db.Moderation.HideComment(ctx, mod, comments[2], "") }, 1, 0, "comment.hide", comments[2], 1},
			{"unhide the idea", func() error { return db.Moderation.UnhideIdea(ctx, mod, idea.ID, "") }, 1, 1, "idea.unhide", idea.ID, 1},
			{"unhide the comment", func() error { return db.Moderation.UnhideComment(ctx, mod, comments[2], "") }, 2, 1, "comment.unhide", comments[2], 1},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				testutil.IsErr(t, st.name, st.do(), nil)
				stored, counted := modCommentCount(t, db, idea.ID)
				testutil.Equal(t, "comment count", stored, st.wantComments)
				testutil.Equal(t, "comment count = recount", stored, counted)
				c, err := db.Challenges.ChallengeByID(ctx, ch.ID)
				testutil.IsErr(t, "challenge", err, nil)
				testutil.Equal(t, "challenge's idea count", c.IdeaCount, st.wantIdeas)
				testutil.Equal(t, "audit entries "+st.action, modAudits(t, db, st.action, st.target), st.wantAudits)
			})
		}
		got := testutil.Reload(t, db, idea.ID)
		testutil.Equal(t, "hot score follows the counters", got.Hot > 0, true)
	})
}

func TestPremoderation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		open := testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)
		strict := testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)
		testutil.SetChallenge(t, db, strict.ID, "premoderate", true)

		t.Run("a challenge holds a newcomer's first idea", func(t *testing.T) {
			newcomer := testutil.NewUser(t, db, "")
			free := testutil.NewIdea(t, db, newcomer.ID, ideas.IdeaInput{ChallengeID: &open.ID})
			testutil.Equal(t, "idea outside the strict challenge held", free.Pending, false)
			other := testutil.NewUser(t, db, "")
			held := testutil.NewIdea(t, db, other.ID, ideas.IdeaInput{ChallengeID: &strict.ID})
			testutil.Equal(t, "held", held.Pending, true)
			testutil.Equal(t, "hidden while held", held.Hidden, true)
			c, _ := db.Challenges.ChallengeByID(ctx, strict.ID)
			testutil.Equal(t, "a held idea is not counted", c.IdeaCount, 0)
			testutil.Equal(t, "visible to the author", held.VisibleTo(other), true)
			testutil.Equal(t, "visible to moderators", held.VisibleTo(mod), true)
			testutil.Equal(t, "hidden from others", held.VisibleTo(newcomer), false)
			testutil.Equal(t, "hidden from visitors", held.VisibleTo(nil), false)
			testutil.IsErr(t, "approve", db.Moderation.ApproveIdea(ctx, mod, held.ID), nil)
			got := testutil.Reload(t, db, held.ID)
			testutil.Equal(t, "published", !got.Pending && !got.Hidden, true)
			c, _ = db.Challenges.ChallengeByID(ctx, strict.ID)
			testutil.Equal(t, "counted once approved", c.IdeaCount, 1)
			testutil.Equal(t, "approval audited", modAudits(t, db, "idea.approve", held.ID), 1)
			next := testutil.NewIdea(t, db, other.ID, ideas.IdeaInput{ChallengeID: &strict.ID})
			testutil.Equal(t, "the author's next idea is not held", next.Pending, false)
		})

		modSettings(t, db, func(s *site.Settings) { s.Premoderate = true })
		t.Run("site-wide", func(t *testing.T) {
			tests := []struct {
				name string
				role string
				want bool
			}{
				{"contributor", "", true},
				{"moderator", accounts.RoleModerator, false},
				{"admin", accounts.RoleAdmin, false},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					u := testutil.NewUser(t, db, tt.role)
					testutil.Equal(t, "held", testutil.NewIdea(t, db, u.ID, ideas.IdeaInput{}).Pending, tt.want)
				})
			}
		})

		t.Run("a rejected idea leaves the queue and does not vouch for its author", func(t *testing.T) {
			spammer := testutil.NewUser(t, db, "")
			spam := testutil.NewIdea(t, db, spammer.ID, ideas.IdeaInput{ChallengeID: &open.ID})
			testutil.Equal(t, "held", spam.Pending, true)
			testutil.IsErr(t, "reject", db.Moderation.HideIdea(ctx, mod, spam.ID, "advertising"), nil)
			got := testutil.Reload(t, db, spam.ID)
			testutil.Equal(t, "no longer pending", got.Pending, false)
			testutil.Equal(t, "still hidden", got.Hidden, true)
			testutil.Equal(t, "reason", got.HiddenReason, "advertising")
			testutil.Equal(t, "rejection audited", modAudits(t, db, "idea.hide", spam.ID), 1)
			queue, err := db.Moderation.ModerationQueue(ctx, 50)
			testutil.IsErr(t, "queue", err, nil)
			for _, it := range queue {
				if it.TargetID == spam.ID && it.TargetType == audit.TargetIdea {
					t.Errorf("the rejected idea is still in the queue")
				}
			}
			c, _ := db.Challenges.ChallengeByID(ctx, open.ID)
			testutil.Equal(t, "a rejected idea is never counted", c.IdeaCount, 1)
			testutil.Equal(t, "the spammer's next idea is held too", testutil.NewIdea(t, db, spammer.ID, ideas.IdeaInput{}).Pending, true)
		})

		t.Run("unhiding a held idea publishes it", func(t *testing.T) {
			u := testutil.NewUser(t, db, "")
			held := testutil.NewIdea(t, db, u.ID, ideas.IdeaInput{ChallengeID: &open.ID})
			testutil.IsErr(t, "unhide", db.Moderation.UnhideIdea(ctx, mod, held.ID, ""), nil)
			got := testutil.Reload(t, db, held.ID)
			testutil.Equal(t, "published", !got.Pending && !got.Hidden, true)
			c, _ := db.Challenges.ChallengeByID(ctx, open.ID)
			testutil.Equal(t, "counted", c.IdeaCount, 2)
		})
	})
}

func TestReportsOnIdea(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		author, a, b := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		other := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		cm, err := db.Comments.CreateComment(ctx, author, idea.ID, nil, "hm")
		testutil.IsErr(t, "comment", err, nil)
		elsewhere, err := db.Comments.CreateComment(ctx, author, other.ID, nil, "elsewhere")
		testutil.IsErr(t, "comment", err, nil)
		for _, f := range []struct {
			by   *accounts.User
			kind string
			id   int64
		}{{a, audit.TargetIdea, idea.ID}, {a, audit.TargetComment, cm.ID}, {b, audit.TargetComment, cm.ID},
			{b, audit.TargetIdea, other.ID}, {a, audit.TargetComment, elsewhere.ID}} {
			_, err := db.Moderation.Flag(ctx, f.by, f.kind, f.id, "off_topic", "")
			testutil.IsErr(t, "flag", err, nil)
		}
		tests := []struct {
			name                      string
			viewer                    *accounts.User
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
				r, err := db.Moderation.FlagsOnIdea(ctx, idea.ID, tt.viewer)
				testutil.IsErr(t, "reports", err, nil)
				testutil.Equal(t, "mine on the idea", r.MineIdea, tt.mineIdea)
				testutil.Equal(t, "mine on the comment", r.MineComments[cm.ID], tt.mineComment)
				testutil.Equal(t, "open on the idea", len(r.Idea), tt.openOnIdea)
				testutil.Equal(t, "open on the comment", len(r.Comments[cm.ID]), tt.openOnComment)
				testutil.Equal(t, "comments elsewhere left out", len(r.Comments[elsewhere.ID]), 0)
				if tt.openOnIdea > 0 {
					testutil.Equal(t, "reporter's name", r.Idea[0].UserName, a.Name)
				}
			})
		}
	})
}
