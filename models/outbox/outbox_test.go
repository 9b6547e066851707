package outbox_test

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/outbox"
	"github.com/ideario/ideario/testutil"
)

// TestClaimMailIsExclusive runs four workers against one outbox: every
// message is claimed by exactly one of them.
func TestClaimMailIsExclusive(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		const n = 60
		for k := range n {
			testutil.IsErr(t, "queue", store.Outbox.QueueMail(ctx, outbox.Draft{To: fmt.Sprintf("p%d@example.org", k), Subject: "Hello", Body: "Body"}), nil)
		}
		var (
			mu   sync.Mutex
			got  []int64
			wg   sync.WaitGroup
			errs = make(chan error, 4)
		)
		for range 4 {
			wg.Go(func() {
				for {
					batch, err := store.Outbox.ClaimMail(ctx, 7, time.Minute)
					if err != nil {
						errs <- err
						return
					}
					if len(batch) == 0 {
						return
					}
					mu.Lock()
					for _, m := range batch {
						got = append(got, m.ID)
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("claim: %v", err)
		}
		slices.Sort(got)
		testutil.Equal(t, "claimed", len(got), n)
		testutil.Equal(t, "each once", len(slices.Compact(got)), n)
	})
}

func TestOutboxRetries(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		testutil.IsErr(t, "queue", store.Outbox.QueueMail(ctx, outbox.Draft{To: "a@example.org", Subject: "Olá", Body: "Corpo"}), nil)

		first, err := store.Outbox.ClaimMail(ctx, 10, time.Minute)
		testutil.IsErr(t, "claim", err, nil)
		testutil.Equal(t, "claimed", len(first), 1)
		testutil.Equal(t, "recipient", first[0].Recipient, "a@example.org")
		held, err := store.Outbox.ClaimMail(ctx, 10, time.Minute)
		testutil.IsErr(t, "claim while held", err, nil)
		testutil.Equal(t, "held mail is not handed out twice", len(held), 0)
		// The worker died: its lease runs out.
		testutil.IsErr(t, "lapse", testutil.Behind(store).Exec("UPDATE mail_outbox SET claimed_until = ?", time.Now().Add(-time.Second).UTC()).Error, nil)
		again, err := store.Outbox.ClaimMail(ctx, 10, time.Minute)
		testutil.IsErr(t, "claim after the lease", err, nil)
		testutil.Equal(t, "a lapsed claim is handed out again", len(again), 1)

		testutil.IsErr(t, "fail", store.Outbox.MailFailed(ctx, again[0], errors.New("550 mailbox unavailable")), nil)
		none, err := store.Outbox.ClaimMail(ctx, 10, time.Minute)
		testutil.IsErr(t, "claim", err, nil)
		testutil.Equal(t, "a failed mail waits before its next attempt", len(none), 0)
		var m outbox.OutboxMail
		testutil.IsErr(t, "read", store.DB.First(&m, again[0].ID).Error, nil)
		testutil.Equal(t, "attempts", m.Attempts, 1)
		testutil.Equal(t, "error kept", m.LastError, "550 mailbox unavailable")
		testutil.Equal(t, "next attempt in about a minute", time.Until(m.NextAttemptAt) > 50*time.Second, true)
		backlog, err := store.Outbox.MailBacklog(ctx)
		testutil.IsErr(t, "backlog", err, nil)
		testutil.Equal(t, "still waiting", backlog, int64(1))

		m.Attempts = outbox.MailMaxAttempts - 1
		testutil.IsErr(t, "last failure", store.Outbox.MailFailed(ctx, m, errors.New("550 again")), nil)
		backlog, err = store.Outbox.MailBacklog(ctx)
		testutil.IsErr(t, "backlog", err, nil)
		testutil.Equal(t, "given up after the last attempt", backlog, int64(0))
	})
}
