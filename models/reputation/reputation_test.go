package reputation_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

// points is a person's total in the ledger.
func points(t *testing.T, db *models.Store, userID int64) int64 {
	t.Helper()
	a, err := db.Reputation.AccountOf(t.Context(), userID)
	testutil.IsErr(t, "account", err, nil)
	return a.Points
}

// agreesWithRecount fails when the live ledger differs from a rebuild.
// (Only the ledger: a merged idea's hot score drifts, a matter of its own.)
func agreesWithRecount(t *testing.T, db *models.Store) {
	t.Helper()
	fixes, err := db.Recount.Counters(t.Context(), false)
	testutil.IsErr(t, "recount", err, nil)
	for _, f := range fixes {
		if f.Field != "reputation" {
			continue
		}
		t.Errorf("live writes and a recount disagree: %s", f)
	}
}

// TestLedgerFollowsEvents walks an idea through its life and checks, at
// each step, its author's points, the rows' reasons, and that a recount
// of the ledger from the source rows gives the same totals.
func TestLedgerFollowsEvents(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		author, v1, v2 := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		c, err := db.Comments.CreateComment(ctx, author, idea.ID, nil, "A good point, I think.")
		testutil.IsErr(t, "comment", err, nil)
		vote := func(u *accounts.User, support bool) func() error {
			return func() error {
				var err error
				if support {
					_, err = db.Votes.Vote(ctx, u.ID, idea.ID)
				} else {
					_, err = db.Votes.Unvote(ctx, u.ID, idea.ID)
				}
				return err
			}
		}
		status := func(s string) func() error {
			return func() error { return db.Ideas.SetStatus(ctx, idea.ID, mod, s, "") }
		}
		steps := []struct {
			name string
			do   func() error
			want int64
		}{
			{"published", func() error { return nil }, reputation.PointsIdea},
			{"a support", vote(v1, true), 5 + 1},
			{"the same support again", vote(v1, true), 5 + 1},
			{"the author's own support earns nothing", vote(author, true), 5 + 1},
			{"the support withdrawn", vote(v1, false), 5},
			{"two supports", func() error { _ = vote(v1, true)(); return vote(v2, true)() }, 5 + 2},
			{"accepted", status(ideas.StatusAccepted), 5 + 2 + 20},
			{"accepted, then in progress", status(ideas.StatusInProgress), 5 + 2 + 20},
			{"implemented", status(ideas.StatusImplemented), 5 + 2 + 20 + 50},
			{"taken back to declined", status(ideas.StatusDeclined), 5 + 2},
			{"a comment found helpful", func() error { _, err := db.Comments.ToggleHelpful(ctx, v1, c.ID); return err }, 5 + 2 + 3},
			{"the mark taken back", func() error { _, err := db.Comments.ToggleHelpful(ctx, v1, c.ID); return err }, 5 + 2},
			{"marked again", func() error { _, err := db.Comments.ToggleHelpful(ctx, v2, c.ID); return err }, 5 + 2 + 3},
			{"the comment hidden", func() error { return db.Moderation.HideComment(ctx, mod, c.ID, "spam") }, 5 + 2},
			{"the comment shown", func() error { return db.Moderation.UnhideComment(ctx, mod, c.ID, "fine") }, 5 + 2 + 3},
			{"the idea hidden", func() error { return db.Moderation.HideIdea(ctx, mod, idea.ID, "spam") }, 0},
			{"the idea shown", func() error { return db.Moderation.UnhideIdea(ctx, mod, idea.ID, "fine") }, 5 + 2 + 3},
			{"the comment deleted", func() error { _, err := db.Comments.DeleteComment(ctx, c.ID, author); return err }, 5 + 2},
		}
		for _, st := range steps {
			testutil.IsErr(t, st.name, st.do(), nil)
			testutil.Equal(t, st.name+": points", points(t, db, author.ID), st.want)
			agreesWithRecount(t, db)
		}
		testutil.Equal(t, "voters earn nothing", points(t, db, v1.ID), 0)
	})
}

// TestRecountRebuildsTheLedger damages the ledger behind the app's back:
// a recount names each person whose points differ, and a repair makes
// them agree.
func TestRecountRebuildsTheLedger(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		author, voter := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		_, err := db.Votes.Vote(ctx, voter.ID, idea.ID)
		testutil.IsErr(t, "vote", err, nil)
		testutil.IsErr(t, "damage", testutil.Behind(db).Exec("UPDATE reputation_events SET points = 40 WHERE reason = ?", reputation.ReasonSupport).Error, nil)
		testutil.IsErr(t, "damage", testutil.Behind(db).Exec("INSERT INTO reputation_events (user_id, reason, points, source_key, created_at) VALUES (?, 'idea_submitted', 7, 'forged', CURRENT_TIMESTAMP)", voter.ID).Error, nil)
		for _, repair := range []bool{false, true} {
			fixes, err := db.Recount.Counters(ctx, repair)
			testutil.IsErr(t, "recount", err, nil)
			var got []string
			for _, f := range fixes {
				got = append(got, f.String())
			}
			for _, want := range []string{
				fmt.Sprintf("users %d: reputation was 45, a recount gives 6", author.ID),
				fmt.Sprintf("users %d: reputation was 7, a recount gives 0", voter.ID),
			} {
				if !slices.Contains(got, want) {
					t.Errorf("repair=%v: %q missing from %q", repair, want, got)
				}
			}
		}
		agreesWithRecount(t, db)
		testutil.Equal(t, "points after the repair", points(t, db, author.ID), 6)
	})
}

// TestHeldIdeaEarnsOnApproval holds a newcomer's idea: it earns nothing,
// and wins no badge, until a moderator approves it.
func TestHeldIdeaEarnsOnApproval(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		author := testutil.NewUser(t, db, "")
		ch := testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)
		testutil.SetChallenge(t, db, ch.ID, "premoderate", true)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{ChallengeID: &ch.ID})
		testutil.Equal(t, "held", idea.Pending, true)
		testutil.Equal(t, "points while held", points(t, db, author.ID), 0)
		testutil.Equal(t, "badges while held", testutil.Rows(t, db, "badges", "user_id = ?", author.ID), 0)
		testutil.IsErr(t, "approve", db.Moderation.ApproveIdea(ctx, mod, idea.ID), nil)
		testutil.Equal(t, "points once approved", points(t, db, author.ID), reputation.PointsIdea)
		testutil.Equal(t, "first idea badge", testutil.Rows(t, db, "badges", "user_id = ? AND badge = ?", author.ID, reputation.BadgeFirstIdea), 1)
		agreesWithRecount(t, db)
	})
}

// TestMergeMovesSupport merges a duplicate: its author loses what it
// earned, the target's author gains the supports that moved.
func TestMergeMovesSupport(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		a, b, voter := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		source := testutil.NewIdea(t, db, a.ID, ideas.IdeaInput{})
		target := testutil.NewIdea(t, db, b.ID, ideas.IdeaInput{})
		_, err := db.Votes.Vote(ctx, voter.ID, source.ID)
		testutil.IsErr(t, "vote", err, nil)
		testutil.IsErr(t, "merge", db.Moderation.MergeIdeas(ctx, mod, source.ID, target.ID, "same"), nil)
		testutil.Equal(t, "source author", points(t, db, a.ID), 0)
		testutil.Equal(t, "target author", points(t, db, b.ID), reputation.PointsIdea+reputation.PointsSupport)
		agreesWithRecount(t, db)
	})
}

// TestBadges implements an idea with twelve supporters: its author wins
// each badge once, the first ten supporters win "early supporter", and
// every winner is told once.
func TestBadges(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		author := testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{}) // a second idea wins no second "first idea"
		var voters []*accounts.User
		for range 12 {
			v := testutil.NewUser(t, db, "")
			voters = append(voters, v)
			_, err := db.Votes.Vote(ctx, v.ID, idea.ID)
			testutil.IsErr(t, "vote", err, nil)
		}
		for _, s := range []string{ideas.StatusAccepted, ideas.StatusImplemented, ideas.StatusDeclined, ideas.StatusImplemented} {
			testutil.IsErr(t, "status "+s, db.Ideas.SetStatus(ctx, idea.ID, mod, s, ""), nil)
		}
		won, err := db.Reputation.WonBy(ctx, author.ID)
		testutil.IsErr(t, "won", err, nil)
		var names []string
		for _, w := range won {
			names = append(names, w.Badge)
			testutil.Equal(t, w.Badge+" is about the idea", w.IdeaTitle, idea.Title)
		}
		testutil.Equal(t, "author's badges", strings.Join(names, ","), "first_idea,idea_accepted,idea_implemented")
		tests := []struct {
			name string
			user *accounts.User
			want int
		}{
			{"the first supporter", voters[0], 1},
			{"the tenth", voters[9], 1},
			{"the eleventh", voters[10], 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				testutil.Equal(t, "early supporter badges", testutil.Rows(t, db, "badges", "user_id = ? AND badge = ?", tt.user.ID, reputation.BadgeEarlySupport), tt.want)
				testutil.Equal(t, "badge notices", testutil.Rows(t, db, "notifications", "user_id = ? AND kind = ? AND detail = ?", tt.user.ID, "badge", reputation.BadgeEarlySupport), tt.want)
			})
		}
		testutil.Equal(t, "author's badge notices", testutil.Rows(t, db, "notifications", "user_id = ? AND kind = ?", author.ID, "badge"), 3)
	})
}

// TestHelpful checks the rules of the "helpful" mark, its count, and the
// badge at the third mark.
func TestHelpful(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		author := testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{})
		c, err := db.Comments.CreateComment(ctx, author, idea.ID, nil, "Use recycled aluminium.")
		testutil.IsErr(t, "comment", err, nil)
		hidden, err := db.Comments.CreateComment(ctx, author, idea.ID, nil, "Buy my stuff.")
		testutil.IsErr(t, "comment", err, nil)
		testutil.IsErr(t, "hide", db.Moderation.HideComment(ctx, mod, hidden.ID, "spam"), nil)
		var people []*accounts.User
		for range 3 {
			people = append(people, testutil.NewUser(t, db, ""))
		}
		tests := []struct {
			name      string
			by        *accounts.User
			comment   int64
			wantErr   error
			wantMark  bool
			wantCount int
			wantBadge int
		}{
			{"one's own comment", author, c.ID, comments.ErrOwnComment, false, 0, 0},
			{"a hidden comment", people[0], hidden.ID, store.ErrNotFound, false, 0, 0},
			{"no such comment", people[0], 999_999, store.ErrNotFound, false, 0, 0},
			{"a first mark", people[0], c.ID, nil, true, 1, 0},
			{"the same person again takes it back", people[0], c.ID, nil, false, 0, 0},
			{"marked again", people[0], c.ID, nil, true, 1, 0},
			{"a second person", people[1], c.ID, nil, true, 2, 0},
			{"a third wins the badge", people[2], c.ID, nil, true, 3, 1},
			{"a mark taken back keeps the badge", people[2], c.ID, nil, false, 2, 1},
			{"given again, no second badge", people[2], c.ID, nil, true, 3, 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h, err := db.Comments.ToggleHelpful(ctx, tt.by, tt.comment)
				testutil.IsErr(t, "toggle", err, tt.wantErr)
				if tt.wantErr != nil {
					return
				}
				testutil.Equal(t, "marked", h.Marked, tt.wantMark)
				testutil.Equal(t, "count", h.Count, tt.wantCount)
				testutil.Equal(t, "kept count", testutil.Rows(t, db, "comment_helpful", "comment_id = ?", c.ID), tt.wantCount)
				testutil.Equal(t, "badge", testutil.Rows(t, db, "badges", "user_id = ? AND badge = ?", author.ID, reputation.BadgeHelpful), tt.wantBadge)
				testutil.Equal(t, "badge notice", testutil.Rows(t, db, "notifications", "user_id = ? AND kind = ? AND comment_id = ?", author.ID, "badge", c.ID), tt.wantBadge)
			})
		}
		agreesWithRecount(t, db)
	})
}

// TestLeaderboard ranks people overall and in a challenge, leaving out
// those who asked to be.
func TestLeaderboard(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		ch := testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)
		ana, bia, caio, shy := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		inChallenge := testutil.NewIdea(t, db, ana.ID, ideas.IdeaInput{ChallengeID: &ch.ID})
		testutil.NewIdea(t, db, bia.ID, ideas.IdeaInput{})
		testutil.NewIdea(t, db, bia.ID, ideas.IdeaInput{})
		testutil.NewIdea(t, db, caio.ID, ideas.IdeaInput{})
		testutil.NewIdea(t, db, shy.ID, ideas.IdeaInput{})
		testutil.NewIdea(t, db, shy.ID, ideas.IdeaInput{})
		testutil.NewIdea(t, db, shy.ID, ideas.IdeaInput{})
		_, err := db.Votes.Vote(ctx, caio.ID, inChallenge.ID)
		testutil.IsErr(t, "vote", err, nil)
		testutil.IsErr(t, "hide shy", db.Accounts.UpdateAccount(ctx, shy.ID, accounts.AccountUpdate{Name: shy.Name, Country: "BR", Locale: "en", HideFromLeaderboard: true}), nil)
		line := func(ls []reputation.Leader) string {
			var b strings.Builder
			for _, l := range ls {
				fmt.Fprintf(&b, "%d.%s=%d ", l.Rank, l.Name, l.Points)
			}
			return b.String()
		}
		tests := []struct {
			name      string
			challenge int64
			want      string
		}{
			{"overall, the hidden left out, equals sharing a rank", 0,
				fmt.Sprintf("1.%s=10 2.%s=6 3.%s=5 ", bia.Name, ana.Name, caio.Name)},
			{"in the challenge", ch.ID, fmt.Sprintf("1.%s=6 ", ana.Name)},
			{"an empty challenge", 999_999, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ls, err := db.Reputation.Leaderboard(ctx, tt.challenge)
				testutil.IsErr(t, "leaderboard", err, nil)
				testutil.Equal(t, "leaders", line(ls), tt.want)
			})
		}
		testutil.NewIdea(t, db, caio.ID, ideas.IdeaInput{})
		ls, err := db.Reputation.Leaderboard(ctx, 0)
		testutil.IsErr(t, "leaderboard", err, nil)
		testutil.Equal(t, "a tie shares a rank", line(ls), fmt.Sprintf("1.%s=10 1.%s=10 3.%s=6 ", bia.Name, caio.Name, ana.Name))
	})
}
