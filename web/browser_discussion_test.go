package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/testutil"
)

// TestBrowserBusyDiscussion reads a discussion of 45 threads in Chromium,
// at desktop and phone widths: with scripts, "More comments" adds the
// next page's threads in place and "Show N more replies" opens the thread
// in place; without scripts, both links lead to the pages that hold them.
func TestBrowserBusyDiscussion(t *testing.T) {
	t.Parallel()
	s := testutil.NewServer(t, "sqlite")
	ctx := context.Background()
	ch := browserChallenge(t, s.Store)
	idea := browserIdea(t, s.Store, ch, "Seats that fold into the floor", "The boot grows when nobody sits at the back.")
	talker, err := s.Store.Accounts.CreateUser(ctx, accounts.NewUser{Name: "Rui Talker", Email: testutil.Name("rui") + "@example.org",
		Password: "correct horse battery", Country: "BR", Role: accounts.RoleContributor})
	if err != nil {
		t.Fatal(err)
	}
	var first int64
	for i := range 45 {
		c, err := s.Store.Comments.CreateComment(ctx, talker, idea.ID, nil, fmt.Sprintf("Thread %d: fold the seats with one hand.", i))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = c.ID
		}
	}
	for i := range 10 {
		if _, err := s.Store.Comments.CreateComment(ctx, talker, idea.ID, &first, fmt.Sprintf("Reply %d: and lock them flat.", i)); err != nil {
			t.Fatal(err)
		}
	}
	threads := "#thread-list > li.comment"
	replies := fmt.Sprintf("#comment-%d li.comment", first)
	for _, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		b := newBrowser(t, s, "discussion-"+size.name)
		if size.mobile {
			b.do(chromedp.EmulateViewport(size.width, size.height, chromedp.EmulateMobile, chromedp.EmulatePortrait))
		}
		b.open(idea.URL())
		b.wantCount(threads, 20)
		b.wantCount(replies, 4)
		b.wantText(".comment-pager", "Page 1 of 3")
		b.shot("first-page")

		b.click("a[data-expand]")
		b.poll(fmt.Sprintf(`document.querySelectorAll(%q).length === 10`, replies))
		b.wantCount("a[data-expand]", 0)
		b.click("a[data-more]")
		b.poll(fmt.Sprintf(`document.querySelectorAll(%q).length === 40`, threads))
		b.wantText(".comment-pager", "Page 2 of 3")
		if loc := b.location(); strings.Contains(loc, "cpage") {
			t.Errorf("loading in place went to %s", loc)
		}
		if !b.evalBool(`document.activeElement.matches("#thread-list > li.comment")`) {
			t.Error("the focus is not on the first thread that came in")
		}
		b.shot("more-in-place")
		b.click("a[data-more]")
		b.poll(fmt.Sprintf(`document.querySelectorAll(%q).length === 45`, threads))
		b.wantText(".comment-pager", "Page 3 of 3")
		b.wantCount(".comment-pager a", 0) // no more, and the earlier threads are here already

		// Without scripts the links are links.
		b.scriptsOff()
		b.open(idea.URL())
		b.clickAndLoad("a[data-more]")
		if loc := b.location(); !strings.Contains(loc, "?cpage=2#comments") {
			t.Errorf("without scripts, More comments went to %s", loc)
		}
		b.wantCount(threads, 20)
		b.wantText(".comment-pager", "Page 2 of 3")
		b.open(idea.URL())
		b.clickAndLoad("a[data-expand]")
		b.wantText(".thread-note", "You are reading one thread of the discussion.")
		b.wantCount(replies, 10)
		b.shot("thread-alone")
	}
}

// poll waits until a script's condition holds, for changes that a script
// makes after a request.
func (b *browser) poll(js string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		b.t.Fatalf("%s never held: %v", js, err)
	}
}
