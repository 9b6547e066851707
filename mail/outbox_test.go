package mail_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/outbox"
	"github.com/ideario/ideario/testutil"
)

// runOutbox runs an outbox worker until the test ends.
func runOutbox(t *testing.T, o *mail.Outbox) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { o.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
}

// waitBacklog waits until the outbox holds want unsent messages.
func waitBacklog(t *testing.T, store *models.Store, want int64) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		n, err := store.Outbox.MailBacklog(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if n == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("backlog %d, want %d", n, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestOutboxDelivers queues mail as a request does and as another
// instance does, and reads both back from a real SMTP server.
func TestOutboxDelivers(t *testing.T) {
	mp := testutil.StartMailpit(t)
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		engine := map[bool]string{true: "sqlite", false: "postgres"}[store.IsSQLite()]
		before, now := "before-"+engine+"@example.org", "now-"+engine+"@example.org"
		smtp, err := mail.New(mp.SMTPURL, "ideario@example.org", slog.Default())
		if err != nil {
			t.Fatal(err)
		}
		// A message queued before any worker runs (say, just before a
		// restart) is not lost.
		if err := store.Outbox.QueueMail(t.Context(), outbox.Draft{To: before, Subject: "Queued earlier", Body: "Still here."}); err != nil {
			t.Fatal(err)
		}
		out := mail.NewOutbox(store, smtp, slog.Default())
		runOutbox(t, out)
		// Its HTML part and its own header fields travel through the queue.
		if err := out.Send(t.Context(), mail.Message{To: now, Subject: "Bem-vindo", Body: "Olá!", HTML: "<p>Olá!</p>",
			Headers: map[string]string{"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}}); err != nil {
			t.Fatal(err)
		}
		for to, subject := range map[string]string{before: "Queued earlier", now: "Bem-vindo"} {
			if got := mp.WaitFor(t, to); got.Subject != subject {
				t.Errorf("mail to %s: subject %q, want %q", to, got.Subject, subject)
			}
		}
		got := mp.WaitFor(t, now)
		if !strings.Contains(got.HTML, "<p>Olá!</p>") {
			t.Errorf("the HTML part came out as %q", got.HTML)
		}
		if h := mp.Headers(t, got)["List-Unsubscribe-Post"]; len(h) != 1 || h[0] != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe-Post = %q", h)
		}
		waitBacklog(t, store, 0)
	})
}

// TestOutboxKeepsWhatFails queues mail while the mail server is down: the
// sender is not kept waiting and the message waits for another attempt.
func TestOutboxKeepsWhatFails(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		down, err := mail.New("smtp://127.0.0.1:1", "ideario@example.org", slog.Default())
		if err != nil {
			t.Fatal(err)
		}
		out := mail.NewOutbox(store, down, slog.Default())
		runOutbox(t, out)
		if err := out.Send(t.Context(), mail.Message{To: "a@example.org", Subject: "Reset", Body: "link"}); err != nil {
			t.Fatalf("queueing failed while the server is down: %v", err)
		}
		deadline := time.Now().Add(15 * time.Second)
		for {
			var m outbox.OutboxMail
			if err := store.DB.Where("recipient = ?", "a@example.org").First(&m).Error; err != nil {
				t.Fatal(err)
			}
			if m.Attempts == 1 {
				if m.SentAt != nil || m.LastError == "" || !m.NextAttemptAt.After(time.Now()) {
					t.Errorf("after a failed attempt: %+v", m)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no attempt recorded: %+v", m)
			}
			time.Sleep(20 * time.Millisecond)
		}
		waitBacklog(t, store, 1)
	})
}
