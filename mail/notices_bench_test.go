package mail_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/testutil"
)

// benchPeople is how many people hear of the busiest idea's news: the
// supporters and followers of a front-page idea of a campaign like Mio's.
const benchPeople = 2000

// crowdOn makes n people with confirmed addresses who follow the idea,
// written in one go (hashing n passwords would take minutes).
func crowdOn(b *testing.B, store *models.Store, ideaID int64, n int) {
	b.Helper()
	now := time.Now().UTC()
	users := make([]accounts.User, n)
	for i := range users {
		users[i] = accounts.User{Name: fmt.Sprintf("Reader %d", i), Handle: fmt.Sprintf("reader_%d", i),
			Email: fmt.Sprintf("reader%d@example.org", i), PasswordHash: "x", Country: "BR",
			Locale: []string{"en", "pt-BR", "es", "fr", "it"}[i%5], Role: accounts.RoleContributor,
			VerifiedAt: &now, SessionVersion: 1, CreatedAt: now, UpdatedAt: now}
	}
	db := testutil.Behind(store)
	if err := db.CreateInBatches(&users, 200).Error; err != nil {
		b.Fatal(err)
	}
	if err := db.Exec("INSERT INTO follows (user_id, idea_id, created_at) SELECT id, ?, ? FROM users WHERE email LIKE 'reader%'",
		ideaID, now).Error; err != nil {
		b.Fatal(err)
	}
}

func newNotifier(b *testing.B, store *models.Store) *mail.Notifier {
	b.Helper()
	out := mail.NewOutbox(store, &testutil.Mailbox{}, testutil.Logger(b))
	return testutil.NewNotifier(b, store, out, testutil.TestSite, testutil.TestSecret)
}

// BenchmarkMailDue is the busiest idea's new status reaching its 2,000
// followers: each op turns the 2,000 notifications into 2,000 mails in
// their readers' five languages, rendered and queued in the outbox. It
// reports mails per second.
//
//	go test ./mail -run '^$' -bench MailDue -benchtime 5x
func BenchmarkMailDue(b *testing.B) {
	for _, engine := range testutil.Engines() {
		b.Run(engine, func(b *testing.B) {
			store := testutil.Store(b, engine)
			author := testutil.NewUser(b, store, "")
			idea := testutil.NewIdea(b, store, author.ID, ideas.IdeaInput{Title: "The busiest idea"})
			crowdOn(b, store, idea.ID, benchPeople)
			mod := testutil.NewUser(b, store, accounts.RoleModerator)
			if err := store.Ideas.SetStatus(context.Background(), idea.ID, mod, ideas.StatusAccepted, "Yes."); err != nil {
				b.Fatal(err)
			}
			notifier := newNotifier(b, store)
			mailed := 0
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				db := testutil.Behind(store)
				if err := db.Exec("UPDATE notifications SET mailed_at = NULL WHERE kind = ?", notifications.KindStatus).Error; err != nil {
					b.Fatal(err)
				}
				if err := db.Exec("DELETE FROM mail_outbox").Error; err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				n, err := notifier.MailDue(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				mailed += n
			}
			b.ReportMetric(float64(mailed)/b.Elapsed().Seconds(), "mails/s")
		})
	}
}

// BenchmarkDigests sends a week's digests to 2,000 people, each with ten
// comments waiting and the top ideas of a challenge they follow. It
// reports digests per second.
//
//	go test ./mail -run '^$' -bench Digests -benchtime 5x
func BenchmarkDigests(b *testing.B) {
	for _, engine := range testutil.Engines() {
		b.Run(engine, func(b *testing.B) {
			store := testutil.Store(b, engine)
			author := testutil.NewUser(b, store, "")
			ch := testutil.NewChallenge(b, store, "ideation", 0)
			idea := testutil.NewIdea(b, store, author.ID, ideas.IdeaInput{Title: "The busiest idea", ChallengeID: &ch.ID})
			crowdOn(b, store, idea.ID, benchPeople)
			db := testutil.Behind(store)
			now := time.Now().UTC()
			for range 10 {
				if err := db.Exec(`INSERT INTO notifications (user_id, idea_id, kind, event_key, actor_name, text, detail, count, delivery, created_at)
					SELECT id, ?, 'comment', 'bench:' || id || ':' || ?, 'Ana', 'The busiest idea', 'A comment worth reading', 1, 'weekly', ?
					FROM users WHERE email LIKE 'reader%'`, idea.ID, strconv.FormatInt(time.Now().UnixNano(), 10), now).Error; err != nil {
					b.Fatal(err)
				}
			}
			if err := db.Exec("INSERT INTO challenge_follows (user_id, challenge_id, created_at) SELECT id, ?, ? FROM users WHERE email LIKE 'reader%'",
				ch.ID, now).Error; err != nil {
				b.Fatal(err)
			}
			if err := db.Exec("INSERT INTO votes (user_id, idea_id, challenge_id, created_at) SELECT id, ?, ?, ? FROM users WHERE email LIKE 'reader%'",
				idea.ID, ch.ID, now).Error; err != nil {
				b.Fatal(err)
			}
			notifier := newNotifier(b, store)
			p := notifications.Period{Name: notifications.ScopeWeekly, Start: now.Add(-time.Hour), End: now.Add(time.Minute)}
			sent := 0
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				for _, q := range []string{"UPDATE notifications SET mailed_at = NULL", "DELETE FROM digests", "DELETE FROM mail_outbox"} {
					if err := db.Exec(q).Error; err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				n, err := notifier.SendDigests(context.Background(), p, nil)
				if err != nil {
					b.Fatal(err)
				}
				sent += n
			}
			b.ReportMetric(float64(sent)/b.Elapsed().Seconds(), "digests/s")
		})
	}
}
