package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/testutil"
)

// mailWorld is a site whose mail goes through a real SMTP server.
func mailWorld(t *testing.T, engine string) (*world, *testutil.Mailpit) {
	t.Helper()
	mp := testutil.StartMailpit(t)
	sender, err := mail.New(mp.SMTPURL, "ideario@example.org", slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	return newWorld(t, engine, testutil.WithMailer(sender), testutil.WithoutRateLimits()), mp
}

// reader makes a person with a confirmed address who reads the site in
// locale.
func (w *world) reader(t *testing.T, name, role, locale string) *accounts.User {
	t.Helper()
	u := w.userWithRole(t, name, role)
	ctx := context.Background()
	if err := w.Store.Accounts.MarkVerified(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.Store.Accounts.SetLocale(ctx, u.ID, locale); err != nil {
		t.Fatal(err)
	}
	return must(w.Store.Accounts.UserByID(ctx, u.ID))(t)
}

// mailTo lists the messages one address received, newest first.
func mailTo(t *testing.T, mp *testutil.Mailpit, to string) []testutil.MailpitMessage {
	t.Helper()
	var out []testutil.MailpitMessage
	for _, m := range mp.Messages(t) {
		if len(m.To) == 1 && strings.EqualFold(m.To[0].Address, to) {
			out = append(out, m)
		}
	}
	return out
}

// TestNotificationMail follows a contributor who is mentioned, replied
// to, sees their idea accepted and wins a badge: each news comes by mail
// once, in their language, with a text and an HTML part, a link to the
// thing, and a one-click unsubscribe that works without logging in.
func TestNotificationMail(t *testing.T) {
	for _, engine := range testutil.Engines() {
		t.Run(engine, func(t *testing.T) {
			w, mp := mailWorld(t, engine)
			rita := w.reader(t, "Rita Souza", accounts.RoleContributor, "pt-BR")
			bob := w.reader(t, "Bob Lee", accounts.RoleContributor, "en")
			mod := w.reader(t, "Mia Rossi", accounts.RoleModerator, "it")
			idea := w.idea(t, rita, "Bamboo dashboard", w.open, nil)
			ideaPage, ideaID := idea.URL(), strconv.FormatInt(idea.ID, 10)
			// Her first idea wins her a badge, announced at once.
			w.Notify(t)
			got := mailTo(t, mp, rita.Email)
			if len(got) != 1 {
				t.Fatalf("mails to Rita = %d, want 1", len(got))
			}
			testutil.Equal(t, "the badge's subject", got[0].Subject,
				i18n.T("pt-BR", "You won the badge “%s” for “%s”", i18n.T("pt-BR", "First idea"), "Bamboo dashboard"))

			// Bob mentions Rita on her own idea: she hears of it once, as a mention.
			bobC := w.login(t, bob)
			wantCode(t, bobC.submit(ideaPage, "/ideas/"+ideaID+"/comments", url.Values{"body": {"Love it, @" + rita.Handle + "!"}}), http.StatusSeeOther)
			w.Notify(t)
			got = mailTo(t, mp, rita.Email)
			if len(got) != 2 {
				t.Fatalf("mails to Rita = %d, want 2", len(got))
			}
			mention := got[0]
			testutil.Equal(t, "subject in Rita's language", mention.Subject, i18n.T("pt-BR", "%s mentioned you in “%s”", "Bob Lee", "Bamboo dashboard"))
			if strings.Contains(mention.Subject, "mentioned") {
				t.Errorf("subject %q is in English", mention.Subject)
			}
			commentLink := regexp.MustCompile(`http://\S+/comments/\d+`).FindString(mention.Text)
			if commentLink == "" || !strings.Contains(mention.HTML, `href="`+commentLink+`"`) {
				t.Errorf("the link to the comment is not in both parts:\ntext %q\nhtml %q", mention.Text, mention.HTML)
			}
			for _, part := range []string{mention.Text, mention.HTML} {
				if !strings.Contains(part, "Love it, @"+rita.Handle+"!") {
					t.Errorf("the comment is not quoted: %q", part)
				}
			}
			headers := mp.Headers(t, mention)
			testutil.Equal(t, "List-Unsubscribe-Post", strings.Join(headers["List-Unsubscribe-Post"], ","), "List-Unsubscribe=One-Click")
			unsubscribe := strings.Trim(strings.Join(headers["List-Unsubscribe"], ""), "<>")
			if !strings.HasPrefix(unsubscribe, w.URL+"/unsubscribe?token=") {
				t.Fatalf("List-Unsubscribe = %q", unsubscribe)
			}

			// Rita replies: Bob hears of it as a reply, in English.
			ritaC := w.login(t, rita)
			bobComment := regexp.MustCompile(`/comments/(\d+)`).FindStringSubmatch(commentLink)[1]
			wantCode(t, ritaC.submit(ideaPage, "/ideas/"+ideaID+"/comments", url.Values{"body": {"Thanks!"}, "parent": {bobComment}}), http.StatusSeeOther)
			w.Notify(t)
			bobMail := mailTo(t, mp, bob.Email)
			if len(bobMail) != 1 {
				t.Fatalf("mails to Bob = %d, want 1", len(bobMail))
			}
			testutil.Equal(t, "Bob's subject", bobMail[0].Subject, "Rita Souza replied to your comment on “Bamboo dashboard”")

			// The idea is accepted: Rita hears of the status and of her
			// badge in one mail, Bob (who follows it by commenting) of the
			// status; the moderator is told nothing of her own decision.
			modC := w.login(t, mod)
			wantCode(t, modC.submit(ideaPage, "/admin/ideas/"+ideaID+"/status",
				url.Values{"status": {"accepted"}, "response": {"We will build it."}}), http.StatusSeeOther)
			w.Notify(t)
			got = mailTo(t, mp, rita.Email)
			if len(got) != 3 {
				t.Fatalf("mails to Rita = %d, want 3", len(got))
			}
			accepted := got[0]
			testutil.Equal(t, "a mail of two news", accepted.Subject, i18n.N("pt-BR", "%d updates on %s", 2, 2, "Ideario"))
			for _, line := range []string{
				i18n.T("pt-BR", "%s moved “%s” to %s", "Mia Rossi", "Bamboo dashboard", i18n.T("pt-BR", "Accepted")),
				i18n.T("pt-BR", "You won the badge “%s” for “%s”", i18n.T("pt-BR", "Idea accepted"), "Bamboo dashboard"),
			} {
				if !strings.Contains(accepted.Text, line) {
					t.Errorf("Rita's mail lacks %q:\n%s", line, accepted.Text)
				}
			}
			testutil.Equal(t, "mails to Bob", len(mailTo(t, mp, bob.Email)), 2)
			testutil.Equal(t, "mails to the moderator", len(mailTo(t, mp, mod.Email)), 0)

			// One click, from the mail program: no cookie, no CSRF token.
			resp, err := http.Post(unsubscribe, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click")) //nolint:gosec // G107: the test's own server, from the mail it sent
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			testutil.Equal(t, "one-click status", resp.StatusCode, http.StatusOK)
			prefs := must(w.Store.Notifications.Prefs(context.Background(), rita.ID))(t)
			testutil.Equal(t, "mentions now in the app only", prefs[notifications.KindMention], notifications.DeliveryApp)
			testutil.Equal(t, "replies still by mail", prefs[notifications.KindReply], notifications.DeliveryNow)

			// A new mention reaches the app, not the mailbox.
			wantCode(t, bobC.submit(ideaPage, "/ideas/"+ideaID+"/comments", url.Values{"body": {"@" + rita.Handle + " when?"}}), http.StatusSeeOther)
			w.Notify(t)
			testutil.Equal(t, "no mail after unsubscribing", len(mailTo(t, mp, rita.Email)), 3)
			testutil.Equal(t, "but a notification in the app", w.count(t, "notifications", "user_id = ? AND kind = ? AND read_at IS NULL",
				rita.ID, notifications.KindMention), int64(2))
		})
	}
}

// TestUnsubscribePage is the signed link to a person's choices, from a
// mail, without logging in: it shows them, saves them, and refuses a
// link that was tampered with.
func TestUnsubscribePage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		rita := w.user(t, "Rita Souza")
		mod := w.userWithRole(t, "Mia Rossi", accounts.RoleModerator)
		link := "/unsubscribe?token=" + url.QueryEscape(notifications.Token(w.Config.Secret, rita.ID, notifications.ScopeAll))
		visitor := newClient(t, w.Server)
		page := visitor.get(link)
		wantCode(t, page, http.StatusOK)
		wantIn(t, page, "Rita Souza")
		wantIn(t, page, `name="pref_reply" value="now" checked`)
		if strings.Contains(page.Body, "pref_queue") {
			t.Error("a contributor is offered the moderators' notices")
		}
		if !strings.Contains(w.login(t, mod).get("/account/notifications").Body, "pref_queue") {
			t.Error("a moderator is not offered the moderators' notices")
		}

		r := visitor.postForm(link, url.Values{"pref_reply": {"weekly"}, "pref_top_ideas": {"off"}})
		wantCode(t, r, http.StatusSeeOther)
		wantIn(t, visitor.get(r.Header.Get("Location")), `name="pref_reply" value="weekly" checked`)

		r = visitor.postForm(link, url.Values{"pref_reply": {"hourly"}, "pref_comment": {"off"}})
		wantCode(t, r, http.StatusUnprocessableEntity)
		wantIn(t, r, `id="err-pref_reply"`)
		prefs := must(w.Store.Notifications.Prefs(context.Background(), rita.ID))(t)
		testutil.Equal(t, "a refused form saves nothing", prefs[notifications.KindComment], notifications.DeliveryDaily)

		for _, bad := range []string{"", "1.all.forged", strings.Replace(link[len("/unsubscribe?token="):], "all", "reply", 1)} {
			wantCode(t, visitor.get("/unsubscribe?token="+bad), http.StatusNotFound)
			wantCode(t, visitor.post("/unsubscribe?token="+bad, url.Values{"List-Unsubscribe": {"One-Click"}}, nil), http.StatusNotFound)
		}
	})
}

// TestNotificationPrefsSignedIn saves choices from the account.
func TestNotificationPrefsSignedIn(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		u := w.user(t, "Ana")
		c := w.login(t, u)
		wantIn(t, c.get("/account"), `href="/account/notifications"`)
		r := c.submit("/account/notifications", "/account/notifications", url.Values{"pref_comment": {"now"}, "pref_badge": {"off"}})
		wantCode(t, r, http.StatusSeeOther)
		page := c.get("/account/notifications")
		wantIn(t, page, `name="pref_comment" value="now" checked`)
		wantIn(t, page, `name="pref_badge" value="off" checked`)
		wantCode(t, newClient(t, w.Server).get("/account/notifications"), http.StatusSeeOther)
	})
}

// TestUnreadBadgeSaysNinetyNinePlus: past what is counted, the bell says
// 99+ in the reader's language's digits.
func TestUnreadBadgeSaysNinetyNinePlus(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		u := w.user(t, "Busy Moderator")
		c := w.login(t, u)
		for i := range 120 {
			if err := testutil.Behind(w.Store).Exec(`INSERT INTO notifications (user_id, kind, event_key, text, created_at)
				VALUES (?, 'comment', ?, 'An idea', CURRENT_TIMESTAMP)`, u.ID, "many:"+strconv.Itoa(i)).Error; err != nil {
				t.Fatal(err)
			}
		}
		page := c.get("/ideas")
		wantIn(t, page, `<span class="badge">99+</span>`)
		wantIn(t, page, `aria-label="Notifications (99+ unread)"`)
	})
}
