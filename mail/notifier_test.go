package mail_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// TestNotifierRunsOnItsOwn leaves the notifier's loop alone: it mails a
// reply at once, and yesterday's daily digest, without being asked.
func TestNotifierRunsOnItsOwn(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		box := &testutil.Mailbox{}
		out := mail.NewOutbox(store, box, testutil.Logger(t))
		notifier := testutil.NewNotifier(t, store, out, testutil.TestSite, testutil.TestSecret)
		mail.SetPoll(notifier, 20*time.Millisecond)

		ana := testutil.NewUser(t, store, "")
		testutil.IsErr(t, "verify", store.Accounts.MarkVerified(t.Context(), ana.ID), nil)
		idea := testutil.NewIdea(t, store, ana.ID, ideas.IdeaInput{Title: "Wool seat covers"})
		bia := testutil.NewUser(t, store, "")
		first, err := store.Comments.CreateComment(t.Context(), bia, idea.ID, nil, "Warm in winter?")
		testutil.IsErr(t, "comment", err, nil)
		// Ana's news of Bia's comment came yesterday, for her daily digest.
		testutil.IsErr(t, "yesterday", testutil.Behind(store).Exec("UPDATE notifications SET created_at = ? WHERE user_id = ? AND kind = 'comment'",
			time.Now().UTC().Add(-24*time.Hour), ana.ID).Error, nil)
		ana2 := testutil.NewUser(t, store, "")
		testutil.IsErr(t, "verify", store.Accounts.MarkVerified(t.Context(), ana2.ID), nil)
		_, err = store.Comments.CreateComment(t.Context(), ana2, idea.ID, nil, "Cool in summer")
		testutil.IsErr(t, "comment", err, nil)
		own, err := store.Comments.CreateComment(t.Context(), ana, idea.ID, &first.ID, "Yes, and it breathes.")
		testutil.IsErr(t, "Ana answers", err, nil)
		_, err = store.Comments.CreateComment(t.Context(), bia, idea.ID, &own.ID, "Then I want them.")
		testutil.IsErr(t, "Bia replies to Ana", err, nil)
		testutil.IsErr(t, "badges out of the way", testutil.Behind(store).Exec("UPDATE notifications SET mailed_at = ? WHERE kind = 'badge'",
			time.Now().UTC()).Error, nil)

		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() { out.Run(ctx) })
		wg.Go(func() { notifier.Run(ctx) })
		defer func() { cancel(); wg.Wait() }()

		deadline := time.Now().Add(10 * time.Second)
		for {
			var subjects []string
			for _, m := range box.Messages() {
				if m.To == ana.Email {
					subjects = append(subjects, m.Subject)
				}
			}
			reply := bia.Name + " replied to your comment on “Wool seat covers”"
			if len(subjects) == 2 && slices.Contains(subjects, reply) && slices.Contains(subjects, "Your daily digest from Ideario") {
				break
			}
			if len(subjects) > 2 || time.Now().After(deadline) {
				t.Fatalf("Ana's mail: %q, want a reply and her daily digest (today's comment waits for tomorrow's)", subjects)
			}
			time.Sleep(20 * time.Millisecond)
		}
		for _, m := range box.Messages() {
			if m.To == ana.Email && m.Subject == "Your daily digest from Ideario" {
				testutil.Equal(t, "yesterday's comment in the digest, not today's", strings.Count(m.Body, " commented on "), 1)
				if !strings.Contains(m.HTML, "Warm in winter?") {
					t.Errorf("the digest's HTML does not quote the comment: %s", m.HTML)
				}
			}
		}
		testutil.Equal(t, "the daily digest is recorded", testutil.Rows(t, store, "digests", "user_id = ? AND period = 'daily'", ana.ID), 1)
	})
}
