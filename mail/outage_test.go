package mail_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// TestSMTPOutageThenRecovery queues the notification mail of a dozen
// people while the mail server is down, lets two instances' workers try
// and fail, brings the server back, and has both workers deliver at once:
// every person gets their mail exactly once.
func TestSMTPOutageThenRecovery(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		mp := testutil.StartMailpit(t)
		mp.Stop()
		smtp, err := mail.New(mp.SMTPURL, "ideario@example.org", testutil.Logger(t))
		if err != nil {
			t.Fatal(err)
		}
		outboxes := []*mail.Outbox{mail.NewOutbox(store, smtp, testutil.Logger(t)), mail.NewOutbox(store, smtp, testutil.Logger(t))}
		notifier := testutil.NewNotifier(t, store, outboxes[0], testutil.TestSite, testutil.TestSecret)

		author := testutil.NewUser(t, store, "")
		idea := testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{Title: "Hemp door panels"})
		var people []*accounts.User
		for range 12 {
			u := testutil.NewUser(t, store, "")
			testutil.IsErr(t, "verify", store.Accounts.MarkVerified(t.Context(), u.ID), nil)
			testutil.IsErr(t, "follow", store.Ideas.Follow(t.Context(), u.ID, idea.ID), nil)
			people = append(people, u)
		}
		mod := testutil.NewUser(t, store, accounts.RoleModerator)
		testutil.IsErr(t, "status", store.Ideas.SetStatus(t.Context(), idea.ID, mod, ideas.StatusAccepted, "Yes."), nil)
		queued, err := notifier.MailDue(t.Context())
		testutil.IsErr(t, "mail due", err, nil)
		if queued < len(people) {
			t.Fatalf("queued %d notifications, want at least %d", queued, len(people))
		}

		// Down: both workers try, every message fails and waits.
		deliverAtOnce(outboxes)
		testutil.Equal(t, "tried once each, nothing sent", testutil.Rows(t, store, "mail_outbox", "attempts = 1 AND sent_at IS NULL"), len(people))
		testutil.Equal(t, "nothing given up", testutil.Rows(t, store, "mail_outbox", "failed_at IS NOT NULL"), 0)
		deliverAtOnce(outboxes)
		testutil.Equal(t, "a failed message waits for its next attempt", testutil.Rows(t, store, "mail_outbox", "attempts = 1"), len(people))

		// Back: the next attempts are due (time passes), and both workers
		// deliver at once.
		mp.Start(t)
		testutil.IsErr(t, "time passes", testutil.Behind(store).Exec("UPDATE mail_outbox SET next_attempt_at = ?",
			time.Now().UTC().Add(-time.Second)).Error, nil)
		deliverAtOnce(outboxes)
		deliverAtOnce(outboxes)
		testutil.Equal(t, "all sent", testutil.Rows(t, store, "mail_outbox", "sent_at IS NOT NULL"), len(people))
		got := map[string]int{}
		for _, m := range mp.Messages(t) {
			got[m.To[0].Address]++
		}
		for _, u := range people {
			testutil.Equal(t, "mails to "+u.Email, got[u.Email], 1)
		}
		testutil.Equal(t, "mails in all", len(got), len(people))
	})
}

// deliverAtOnce has every outbox deliver what is due, at the same time.
func deliverAtOnce(outboxes []*mail.Outbox) {
	var wg sync.WaitGroup
	for _, o := range outboxes {
		wg.Go(func() { o.Flush(context.Background()) })
	}
	wg.Wait()
}
