package notifications_test

import (
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/testutil"
	"gorm.io/gorm"
)

func TestLastPeriod(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name, period, now, start, end string
	}{
		{"yesterday", "daily", "2026-12-08T02:10:00Z", "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z"},
		{"just after midnight", "daily", "2026-12-08T00:00:00Z", "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z"},
		{"last week from a Tuesday", "weekly", "2026-12-08T02:10:00Z", "2026-11-30T00:00:00Z", "2026-12-07T00:00:00Z"},
		{"last week from a Monday", "weekly", "2026-12-07T09:00:00Z", "2026-11-30T00:00:00Z", "2026-12-07T00:00:00Z"},
		{"last week from a Sunday", "weekly", "2026-12-13T23:59:00Z", "2026-11-30T00:00:00Z", "2026-12-07T00:00:00Z"},
		{"in another zone, the UTC day", "daily", "2026-12-08T01:30:00+03:00", "2026-12-06T00:00:00Z", "2026-12-07T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := notifications.LastPeriod(tt.period, at(tt.now).UTC())
			testutil.IsErr(t, "period", err, nil)
			testutil.Equal(t, "start", p.Start.Format(time.RFC3339), tt.start)
			testutil.Equal(t, "end", p.End.Format(time.RFC3339), tt.end)
		})
	}
	_, err := notifications.LastPeriod("hourly", time.Now())
	testutil.IsErr(t, "hourly", err, notifications.ErrPeriod)
}

func TestToken(t *testing.T) {
	const secret = "a-secret-of-at-least-thirty-two-chars"
	good := notifications.Token(secret, 42, notifications.KindReply)
	id, scope, ok := notifications.ParseToken(secret, good)
	testutil.Equal(t, "ok", ok, true)
	testutil.Equal(t, "person", id, int64(42))
	testutil.Equal(t, "scope", scope, notifications.KindReply)
	for name, token := range map[string]string{
		"another person":      "43" + good[2:],
		"another scope":       "42.all" + good[len("42.reply"):],
		"another secret":      notifications.Token("another-secret-of-thirty-two-chars!", 42, notifications.KindReply),
		"no signature":        "42.reply",
		"empty":               "",
		"unknown scope":       notifications.Token(secret, 42, "gossip"),
		"not a person":        notifications.Token(secret, 0, notifications.ScopeAll),
		"signature truncated": good[:len(good)-2],
	} {
		t.Run(name, func(t *testing.T) {
			_, _, ok := notifications.ParseToken(secret, token)
			testutil.Equal(t, "accepted", ok, false)
		})
	}
}

// verified makes a person whose address is confirmed: only they get mail.
func verified(t *testing.T, db *models.Store, role string) *accounts.User {
	t.Helper()
	u := testutil.NewUser(t, db, role)
	testutil.IsErr(t, "verify", db.Accounts.MarkVerified(t.Context(), u.ID), nil)
	return u
}

// TestMailDue hands each verified person's due notifications to one
// mail, once; the moderators' notice waits for its hour to end.
func TestMailDue(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := verified(t, db, "")
		unverified := testutil.NewUser(t, db, "")
		mod := verified(t, db, accounts.RoleModerator)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Title: "Rain sensor"})
		testutil.IsErr(t, "follow", db.Ideas.Follow(t.Context(), unverified.ID, idea.ID), nil)
		for _, status := range []string{ideas.StatusUnderReview, ideas.StatusAccepted} {
			testutil.IsErr(t, "status", db.Ideas.SetStatus(t.Context(), idea.ID, mod, status, ""), nil)
		}
		reporter := testutil.NewUser(t, db, "")
		_, err := db.Moderation.Flag(t.Context(), reporter, "idea", idea.ID, "spam", "")
		testutil.IsErr(t, "flag", err, nil)

		mails := map[int64]int{}
		compose := func(tx *gorm.DB, to notifications.Reader, ns []notifications.Notification) error {
			mails[to.ID] += len(ns)
			return nil
		}
		handled, err := db.Notifications.MailDue(t.Context(), 100, compose)
		testutil.IsErr(t, "mail due", err, nil)
		testutil.Equal(t, "handled: four for the author, two for the unverified follower", handled, 6)
		testutil.Equal(t, "one mail of two statuses and two badges for the author", mails[author.ID], 4)
		testutil.Equal(t, "no mail to an unconfirmed address", mails[unverified.ID], 0)
		testutil.Equal(t, "the moderators' notice waits for its hour", mails[mod.ID], 0)
		handled, err = db.Notifications.MailDue(t.Context(), 100, compose)
		testutil.IsErr(t, "again", err, nil)
		testutil.Equal(t, "nothing twice", handled, 0)

		// An hour later the notice is due.
		testutil.IsErr(t, "age", testutil.Behind(db).Exec("UPDATE notifications SET created_at = ? WHERE kind = 'queue'",
			time.Now().UTC().Add(-time.Hour)).Error, nil)
		_, err = db.Notifications.MailDue(t.Context(), 100, compose)
		testutil.IsErr(t, "later", err, nil)
		testutil.Equal(t, "the moderator's hourly notice", mails[mod.ID], 1)
	})
}

// TestDigestOnce sends a period's digests from two runs at once, and
// again after: each person gets one, with what waited and the top ideas
// of the challenges they follow.
func TestDigestOnce(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		author := verified(t, db, "")
		fan := verified(t, db, "") // follows the challenge only
		ch := testutil.NewChallenge(t, db, "ideation", 0)
		idea := testutil.NewIdea(t, db, author.ID, ideas.IdeaInput{Title: "Cork seats", ChallengeID: &ch.ID})
		testutil.IsErr(t, "follow", db.Challenges.Follow(t.Context(), fan.ID, ch.ID), nil)
		for range 2 {
			c := testutil.NewUser(t, db, "")
			_, err := db.Comments.CreateComment(t.Context(), c, idea.ID, nil, "Nice")
			testutil.IsErr(t, "comment", err, nil)
			_, err = db.Votes.Vote(t.Context(), c.ID, idea.ID)
			testutil.IsErr(t, "vote", err, nil)
		}
		now := time.Now().UTC()
		p := notifications.Period{Name: notifications.ScopeWeekly, Start: now.Add(-time.Hour), End: now.Add(time.Minute)}
		// The author wants comments weekly too.
		testutil.IsErr(t, "prefs", db.Notifications.SetPrefs(t.Context(), author.ID,
			map[string]string{notifications.KindComment: notifications.DeliveryWeekly}), nil)
		testutil.IsErr(t, "re-deliver", testutil.Behind(db).Exec("UPDATE notifications SET delivery = 'weekly' WHERE kind = 'comment'").Error, nil)

		var mu sync.Mutex
		got := map[int64][]string{}
		compose := func(tx *gorm.DB, to notifications.Reader, p notifications.Period, ns []notifications.Notification, top []notifications.TopIdea) error {
			mu.Lock()
			defer mu.Unlock()
			s := ""
			for _, n := range ns {
				s += n.Kind + " "
			}
			for _, i := range top {
				s += i.Title + " "
			}
			got[to.ID] = append(got[to.ID], s)
			return nil
		}
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				run := db.Notifications.Digests(p)
				people, err := run.Readers(t.Context())
				if err != nil {
					t.Error(err)
					return
				}
				for _, id := range people {
					if _, err := run.Send(t.Context(), id, compose); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		run := db.Notifications.Digests(p)
		people, err := run.Readers(t.Context())
		testutil.IsErr(t, "readers after", err, nil)
		testutil.Equal(t, "nobody is due any more", len(people), 0)
		testutil.Equal(t, "the author's digest", len(got[author.ID]), 1)
		testutil.Equal(t, "what it holds (an author follows their idea's challenge)", got[author.ID][0], "comment comment Cork seats ")
		testutil.Equal(t, "the follower of the challenge gets its top idea", len(got[fan.ID]), 1)
		testutil.Equal(t, "the top idea", got[fan.ID][0], "Cork seats ")
		// The first commenter heard of the second comment: their digest is
		// recorded, and not mailed to an unconfirmed address.
		testutil.Equal(t, "one row per person", testutil.Rows(t, db, "digests", "period = 'weekly'"), 3)
		testutil.Equal(t, "every waiting notification went out", testutil.Rows(t, db, "notifications", "delivery = 'weekly' AND mailed_at IS NULL"), 0)
	})
}
