package notifications_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/testutil"
)

// kinds lists what a person was told, newest first, as "kind:delivery".
func kinds(t *testing.T, db *models.Store, u *accounts.User) string {
	t.Helper()
	ns, err := db.Notifications.List(t.Context(), u.ID, 50)
	testutil.IsErr(t, "list", err, nil)
	out := ""
	for _, n := range ns {
		out += n.Kind + ":" + n.Delivery + " "
	}
	return out
}

// TestACommentIsToldOncePerPerson walks the reasons a person has to hear
// of a comment: each hears once, as the reason that concerns them most,
// with the delivery they chose, and the comment's author never.
func TestACommentIsToldOncePerPerson(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")   // wrote the idea
		follower := testutil.NewUser(t, db, "") // follows it
		replied := testutil.NewUser(t, db, "")  // wrote the comment answered, and follows (by commenting)
		quiet := testutil.NewUser(t, db, "")    // follows, turned comments off
		stranger := testutil.NewUser(t, db, "") // nothing to do with it
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Title: "Solar roof"})
		for _, u := range []*accounts.User{follower, quiet} {
			testutil.IsErr(t, "follow", db.Ideas.Follow(t.Context(), u.ID, idea.ID), nil)
		}
		testutil.IsErr(t, "prefs", db.Notifications.SetPrefs(t.Context(), quiet.ID,
			map[string]string{notifications.KindComment: notifications.DeliveryOff}), nil)
		first, err := db.Comments.CreateComment(t.Context(), replied, idea.ID, nil, "What about the weight?")
		testutil.IsErr(t, "first comment", err, nil)
		_, err = db.Comments.CreateComment(t.Context(), follower, idea.ID, &first.ID, "It is **light**: 12 kg.")
		testutil.IsErr(t, "reply", err, nil)

		tests := []struct {
			who  string
			u    *accounts.User
			want string
		}{
			{"the idea's author hears of both comments (and of her first idea's badge)", author, "comment:daily comment:daily badge:now "},
			{"the one answered hears of the reply as a reply, not also as a comment", replied, "reply:now "},
			{"the follower hears of the first comment, not of their own reply", follower, "comment:daily "},
			{"comments turned off", quiet, ""},
			{"a stranger hears nothing", stranger, ""},
		}
		for _, tt := range tests {
			t.Run(tt.who, func(t *testing.T) { testutil.Equal(t, "told", kinds(t, db, tt.u), tt.want) })
		}
		ns, err := db.Notifications.List(t.Context(), replied.ID, 1)
		testutil.IsErr(t, "list", err, nil)
		testutil.Equal(t, "the reply is quoted as text", ns[0].Quote, "It is light: 12 kg.")
		testutil.Equal(t, "it points to the reply", fmt.Sprint(*ns[0].CommentID > first.ID), "true")
	})
}

// TestModerationIsToldToTheAuthor: a moderator's decisions reach the
// author; the system's own hold does not, and the moderators hear of new
// reports in one notice per hour that counts them.
func TestModerationIsToldToTheAuthor(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := testutil.NewUser(t, db, "")
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		admin := testutil.NewUser(t, db, accounts.RoleAdmin)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Title: "Bamboo dashboard"})
		for range 3 {
			reporter := testutil.NewUser(t, db, "")
			_, err := db.Moderation.Flag(t.Context(), reporter, "idea", idea.ID, "spam", "")
			testutil.IsErr(t, "flag", err, nil)
		}
		testutil.IsErr(t, "hide", db.Moderation.HideIdea(t.Context(), mod, idea.ID, "spam"), nil)
		testutil.IsErr(t, "unhide", db.Moderation.UnhideIdea(t.Context(), mod, idea.ID, "not spam"), nil)

		ns, err := db.Notifications.List(t.Context(), author.ID, 10)
		testutil.IsErr(t, "list", err, nil)
		got := ""
		for _, n := range ns {
			if n.Kind == notifications.KindModeration {
				got += n.Kind + ":" + n.Detail + " "
			}
		}
		// Three reports pass the threshold (the system hides it: no news),
		// then a moderator hides and shows it.
		testutil.Equal(t, "the author is told each decision", got, "moderation:idea:shown moderation:idea:hidden ")
		for _, staff := range []*accounts.User{mod, admin} {
			ns, err := db.Notifications.List(t.Context(), staff.ID, 10)
			testutil.IsErr(t, "list", err, nil)
			if len(ns) != 1 {
				t.Fatalf("staff notices = %d, want one for the hour", len(ns))
			}
			testutil.Equal(t, "kind", ns[0].Kind, notifications.KindQueue)
			testutil.Equal(t, "what", ns[0].Text, notifications.QueueReports)
			testutil.Equal(t, "counted", ns[0].Count, 3)
		}
		testutil.Equal(t, "a contributor hears of no reports", testutil.Rows(t, db, "notifications", "user_id = ? AND kind = ?",
			author.ID, notifications.KindQueue), 0)
	})
}

// TestUnsubscribe stops a scope's mail and keeps what waited in the app.
func TestUnsubscribe(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		tests := []struct {
			scope string
			want  map[string]string
		}{
			{notifications.KindReply, map[string]string{notifications.KindReply: "app", notifications.KindComment: "daily", notifications.KindTopIdeas: "weekly"}},
			{notifications.ScopeDaily, map[string]string{notifications.KindReply: "now", notifications.KindComment: "app", notifications.KindTopIdeas: "weekly"}},
			{notifications.ScopeWeekly, map[string]string{notifications.KindReply: "now", notifications.KindComment: "daily", notifications.KindTopIdeas: "off"}},
			{notifications.ScopeAll, map[string]string{notifications.KindReply: "app", notifications.KindComment: "app", notifications.KindTopIdeas: "off"}},
		}
		for _, tt := range tests {
			t.Run(tt.scope, func(t *testing.T) {
				u := testutil.NewUser(t, db, "")
				idea := testutil.NewIdea(t, db, u.ID, ideas.IdeaInput{})
				other := testutil.NewUser(t, db, "")
				c, err := db.Comments.CreateComment(t.Context(), other, idea.ID, nil, "First")
				testutil.IsErr(t, "comment", err, nil)
				_, err = db.Comments.CreateComment(t.Context(), u, idea.ID, &c.ID, "Reply to myself? no: to other")
				testutil.IsErr(t, "reply", err, nil)
				testutil.IsErr(t, "unsubscribe", db.Notifications.Unsubscribe(t.Context(), u.ID, tt.scope), nil)
				prefs, err := db.Notifications.Prefs(t.Context(), u.ID)
				testutil.IsErr(t, "prefs", err, nil)
				for kind, want := range tt.want {
					testutil.Equal(t, kind, prefs[kind], want)
				}
				waiting := testutil.Rows(t, db, "notifications", "user_id = ? AND delivery = 'daily'", u.ID)
				testutil.Equal(t, "a waiting comment stays for the digest unless digests stopped",
					waiting, map[bool]int{true: 0, false: 1}[tt.scope == notifications.ScopeDaily || tt.scope == notifications.ScopeAll])
			})
		}
	})
}

func TestSetPrefsRefusesWhatAKindDoesNotOffer(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		u := testutil.NewUser(t, db, "")
		for _, bad := range []map[string]string{
			{notifications.KindReply: "hourly"},
			{notifications.KindTopIdeas: notifications.DeliveryNow},
			{"gossip": notifications.DeliveryNow},
			{notifications.KindReply: notifications.DeliveryOff, notifications.KindMention: ""},
		} {
			testutil.IsErr(t, fmt.Sprint(bad), db.Notifications.SetPrefs(t.Context(), u.ID, bad), notifications.ErrBadPref)
		}
		prefs, err := db.Notifications.Prefs(t.Context(), u.ID)
		testutil.IsErr(t, "prefs", err, nil)
		testutil.Equal(t, "nothing saved", prefs[notifications.KindReply], notifications.DeliveryNow)
	})
}

// TestUnreadIsCounted counts a person's unread notifications up to
// UnreadMax: past it, pages say "99+" rather than count them all.
func TestUnreadIsCounted(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		u := testutil.NewUser(t, db, "")
		total := 0
		for _, tt := range []struct{ add, want int }{{3, 3}, {96, 99}, {1, notifications.UnreadMax}, {50, notifications.UnreadMax}} {
			for range tt.add {
				total++
				testutil.IsErr(t, "notify", testutil.Behind(db).Exec(`INSERT INTO notifications (user_id, kind, event_key, text, created_at)
					VALUES (?, 'comment', ?, 'An idea', ?)`, u.ID, fmt.Sprint("many:", total), time.Now().UTC()).Error, nil)
			}
			testutil.Equal(t, fmt.Sprint("unread of ", total), testutil.Unread(t, db, u)[0], int64(tt.want))
		}
		testutil.IsErr(t, "read", db.Notifications.MarkNotificationsRead(t.Context(), u.ID), nil)
		testutil.Equal(t, "all read", testutil.Unread(t, db, u)[0], int64(0))
	})
}
