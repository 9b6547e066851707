package models_test

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// TestClaimMailIsExclusive runs four workers against one outbox: every
// message is claimed by exactly one of them.
func TestClaimMailIsExclusive(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		const n = 60
		for k := range n {
			isErr(t, "queue", store.QueueMail(ctx, fmt.Sprintf("p%d@example.org", k), "Hello", "Body"), nil)
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
					batch, err := store.ClaimMail(ctx, 7, time.Minute)
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
		equal(t, "claimed", len(got), n)
		equal(t, "each once", len(slices.Compact(got)), n)
	})
}

func TestOutboxRetries(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		isErr(t, "queue", store.QueueMail(ctx, "a@example.org", "Olá", "Corpo"), nil)

		first, err := store.ClaimMail(ctx, 10, time.Minute)
		isErr(t, "claim", err, nil)
		equal(t, "claimed", len(first), 1)
		equal(t, "recipient", first[0].Recipient, "a@example.org")
		held, err := store.ClaimMail(ctx, 10, time.Minute)
		isErr(t, "claim while held", err, nil)
		equal(t, "held mail is not handed out twice", len(held), 0)
		// The worker died: its lease runs out.
		isErr(t, "lapse", store.DB.Exec("UPDATE mail_outbox SET claimed_until = ?", time.Now().Add(-time.Second).UTC()).Error, nil)
		again, err := store.ClaimMail(ctx, 10, time.Minute)
		isErr(t, "claim after the lease", err, nil)
		equal(t, "a lapsed claim is handed out again", len(again), 1)

		isErr(t, "fail", store.MailFailed(ctx, again[0], errors.New("550 mailbox unavailable")), nil)
		none, err := store.ClaimMail(ctx, 10, time.Minute)
		isErr(t, "claim", err, nil)
		equal(t, "a failed mail waits before its next attempt", len(none), 0)
		var m models.OutboxMail
		isErr(t, "read", store.DB.First(&m, again[0].ID).Error, nil)
		equal(t, "attempts", m.Attempts, 1)
		equal(t, "error kept", m.LastError, "550 mailbox unavailable")
		equal(t, "next attempt in about a minute", time.Until(m.NextAttemptAt) > 50*time.Second, true)
		backlog, err := store.MailBacklog(ctx)
		isErr(t, "backlog", err, nil)
		equal(t, "still waiting", backlog, int64(1))

		m.Attempts = models.MailMaxAttempts - 1
		isErr(t, "last failure", store.MailFailed(ctx, m, errors.New("550 again")), nil)
		backlog, err = store.MailBacklog(ctx)
		isErr(t, "backlog", err, nil)
		equal(t, "given up after the last attempt", backlog, int64(0))
	})
}
