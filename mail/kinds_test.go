package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/testutil"
	"github.com/ideario/ideario/views"
)

// TestEachKindByMail makes each kind of news happen to a reader who
// chose mail at once, in one of the five languages, and reads the mail
// back from a real SMTP server: its subject says the news in the
// reader's language, it has a text and an HTML part that link to the
// thing, and its one-click unsubscribe stops that kind.
func TestEachKindByMail(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		mp := testutil.StartMailpit(t)
		smtp, err := mail.New(mp.SMTPURL, "ideario@example.org", testutil.Logger(t))
		if err != nil {
			t.Fatal(err)
		}
		out := mail.NewOutbox(store, smtp, testutil.Logger(t))
		notifier := testutil.NewNotifier(t, store, out, testutil.TestSite, testutil.TestSecret)
		ctx := t.Context()
		other := testutil.NewUser(t, store, "")
		mod := testutil.NewUser(t, store, accounts.RoleModerator)
		idea := func(author *accounts.User) *ideas.Idea {
			return testutil.NewIdea(t, store, author.ID, ideas.IdeaInput{})
		}
		follow := func(u *accounts.User) *ideas.Idea {
			i := idea(other)
			testutil.IsErr(t, "follow", store.Ideas.Follow(ctx, u.ID, i.ID), nil)
			return i
		}
		tests := []struct {
			kind   string
			role   string
			locale string
			link   string // in the mail's parts
			happen func(t *testing.T, reader *accounts.User)
		}{
			{notifications.KindReply, "", "pt-BR", "/comments/", func(t *testing.T, r *accounts.User) {
				i := idea(other)
				c, err := store.Comments.CreateComment(ctx, r, i.ID, nil, "A question")
				testutil.IsErr(t, "comment", err, nil)
				_, err = store.Comments.CreateComment(ctx, other, i.ID, &c.ID, "An answer")
				testutil.IsErr(t, "reply", err, nil)
			}},
			{notifications.KindMention, "", "es", "/comments/", func(t *testing.T, r *accounts.User) {
				_, err := store.Comments.CreateComment(ctx, other, idea(other).ID, nil, "Ask @"+r.Handle)
				testutil.IsErr(t, "mention", err, nil)
			}},
			{notifications.KindComment, "", "fr", "/comments/", func(t *testing.T, r *accounts.User) {
				testutil.IsErr(t, "at once", store.Notifications.SetPrefs(ctx, r.ID, map[string]string{notifications.KindComment: notifications.DeliveryNow}), nil)
				_, err := store.Comments.CreateComment(ctx, other, follow(r).ID, nil, "News")
				testutil.IsErr(t, "comment", err, nil)
			}},
			{notifications.KindStatus, "", "it", "/ideas/", func(t *testing.T, r *accounts.User) {
				testutil.IsErr(t, "status", store.Ideas.SetStatus(ctx, follow(r).ID, mod, ideas.StatusInProgress, ""), nil)
			}},
			{notifications.KindResponse, "", "en", "/ideas/", func(t *testing.T, r *accounts.User) {
				testutil.IsErr(t, "response", store.Ideas.SetStatus(ctx, follow(r).ID, mod, ideas.StatusNew, "We read it."), nil)
			}},
			{notifications.KindMerge, "", "pt-BR", "/ideas/", func(t *testing.T, r *accounts.User) {
				testutil.IsErr(t, "merge", store.Moderation.MergeIdeas(ctx, mod, follow(r).ID, idea(other).ID, "Same idea"), nil)
			}},
			{notifications.KindModeration, "", "es", "/ideas/", func(t *testing.T, r *accounts.User) {
				testutil.IsErr(t, "hide", store.Moderation.HideIdea(ctx, mod, idea(r).ID, "spam"), nil)
			}},
			{notifications.KindQueue, accounts.RoleModerator, "fr", "/admin/moderation", func(t *testing.T, r *accounts.User) {
				_, err := store.Moderation.Flag(ctx, other, "idea", idea(mod).ID, "spam", "")
				testutil.IsErr(t, "flag", err, nil)
				testutil.IsErr(t, "the hour is over", testutil.Behind(store).Exec("UPDATE notifications SET created_at = ? WHERE kind = 'queue'",
					time.Now().UTC().Add(-time.Hour)).Error, nil)
			}},
			{notifications.KindBadge, "", "it", "/users/", func(t *testing.T, r *accounts.User) {
				idea(r)
			}},
		}
		for _, tt := range tests {
			t.Run(tt.kind, func(t *testing.T) {
				r := testutil.NewUser(t, store, tt.role)
				testutil.IsErr(t, "verify", store.Accounts.MarkVerified(ctx, r.ID), nil)
				testutil.IsErr(t, "locale", store.Accounts.SetLocale(ctx, r.ID, tt.locale), nil)
				if tt.kind != notifications.KindBadge {
					testutil.IsErr(t, "no badges here", store.Notifications.SetPrefs(ctx, r.ID, map[string]string{notifications.KindBadge: notifications.DeliveryOff}), nil)
				}
				if tt.kind != notifications.KindQueue {
					// What earlier cases left unmailed (the moderators' notices) is
					// none of this case's business.
					testutil.IsErr(t, "earlier news out of the way", testutil.Behind(store).Exec("UPDATE notifications SET mailed_at = ? WHERE mailed_at IS NULL", time.Now().UTC()).Error, nil)
				}
				tt.happen(t, r)
				if _, err := notifier.MailDue(ctx); err != nil {
					t.Fatal(err)
				}
				out.Flush(ctx)
				msg := mp.WaitFor(t, r.Email)
				ns, err := store.Notifications.List(ctx, r.ID, 1)
				testutil.IsErr(t, "list", err, nil)
				testutil.Equal(t, "kind", ns[0].Kind, tt.kind)
				testutil.Equal(t, "subject", msg.Subject, views.NoticeLine(tt.locale, ns[0]))
				for part, body := range map[string]string{"text": msg.Text, "html": msg.HTML} {
					if !strings.Contains(body, "https://ideas.example.org"+tt.link) {
						t.Errorf("the %s part has no link to %s: %s", part, tt.link, body)
					}
				}
				headers := mp.Headers(t, msg)
				if got := strings.Join(headers["List-Unsubscribe"], ""); !strings.Contains(got, "."+tt.kind+".") {
					t.Errorf("List-Unsubscribe = %q, want it to stop %s", got, tt.kind)
				}
			})
		}
	})
}
