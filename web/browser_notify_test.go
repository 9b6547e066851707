package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/testutil"
)

// TestBrowserNotifications: a contributor who was mentioned, replied to,
// saw her idea accepted and won badges reads it all on her notifications
// page, chooses by keyboard how to hear of replies, and finds her badges
// and points on her profile and on the leaderboard, at desktop and phone
// widths, nothing wider than the screen.
func TestBrowserNotifications(t *testing.T) {
	t.Parallel()
	s := testutil.NewServer(t, "sqlite")
	ctx, st := context.Background(), s.Store
	ch := browserChallenge(t, st)
	password := "notified of everything"
	rita, err := st.Accounts.CreateUser(ctx, accounts.NewUser{Name: "Rita Souza", Email: testutil.Name("rita") + "@example.org",
		Password: password, Country: "BR"})
	if err != nil {
		t.Fatal(err)
	}
	bob := testutil.NewUser(t, st, "")
	mod := testutil.NewUser(t, st, accounts.RoleModerator)
	idea := testutil.NewIdea(t, st, rita.ID, ideas.IdeaInput{Title: "Seats woven from recycled bottles", ChallengeID: &ch.ID})
	mine, err := st.Comments.CreateComment(ctx, rita, idea.ID, nil, "Who has tried PET fabric?")
	testutil.IsErr(t, "comment", err, nil)
	_, err = st.Comments.CreateComment(ctx, bob, idea.ID, &mine.ID, "I did: it lasts.")
	testutil.IsErr(t, "reply", err, nil)
	_, err = st.Comments.CreateComment(ctx, bob, idea.ID, nil, "@"+rita.Handle+" shall we ask the supplier?")
	testutil.IsErr(t, "mention", err, nil)
	testutil.IsErr(t, "accept", st.Ideas.SetStatus(ctx, idea.ID, mod, ideas.StatusAccepted, "We will build it."), nil)

	b := newBrowser(t, s, "notifications")
	b.open("/login")
	b.fill("#email", rita.Email)
	b.fill("#password", password)
	b.clickAndLoad(`form[action="/login"] button[type=submit]`)
	for _, view := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		opts := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
		if view.mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		b.do(chromedp.EmulateViewport(view.width, view.height, opts...))
		for _, page := range []string{"/notifications", "/account/notifications", "/users/" + itoa(rita.ID), "/leaderboard"} {
			b.open(page)
			var width struct{ Scroll, Inner int }
			b.evalInto(`({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`, &width)
			if width.Scroll > width.Inner {
				t.Errorf("%s on a %s: %d px wide on a %d px screen", page, view.name, width.Scroll, width.Inner)
			}
			b.shot(view.name + strings.ReplaceAll(page, "/", "-"))
		}
	}

	b.open("/notifications")
	text := b.text("ul.notifications")
	for _, want := range []string{
		bob.Name + " replied to your comment on “Seats woven from recycled bottles”",
		"mentioned you in", "moved “Seats woven from recycled bottles” to Accepted",
		"You won the badge “Idea accepted”", "You won the badge “First idea”",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the notifications page lacks %q:\n%s", want, text)
		}
	}

	// By keyboard: to the reply's "daily digest" choice, space to pick
	// it, then the form's button.
	b.open("/account/notifications")
	b.eval(`document.querySelector('input[name=pref_reply][value=daily]').focus()`)
	b.do(chromedp.KeyEvent(" "))
	b.eval(`document.querySelector('.prefs button[type=submit]').focus()`)
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent("\r"))); err != nil {
		t.Fatalf("browser: submit by keyboard: %v", err)
	}
	b.wantText(".flash", "Your choices are saved.")
	b.shot("saved")
	prefs, err := st.Notifications.Prefs(ctx, rita.ID)
	testutil.IsErr(t, "prefs", err, nil)
	testutil.Equal(t, "replies", prefs[notifications.KindReply], notifications.DeliveryDaily)
	testutil.Equal(t, "mentions unchanged", prefs[notifications.KindMention], notifications.DeliveryNow)
}
