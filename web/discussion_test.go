package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ideario/ideario/models/comments"
)

// longComment is a comment of about 700 characters, as long as a
// thoughtful one in a campaign.
func longComment(i int) string {
	return fmt.Sprintf("Comment %d. ", i) + strings.Repeat("The seat could fold flat into the floor, so that the boot grows when nobody sits at the back. ", 7)
}

// nextPage is the "More comments" link of a page.
var nextPage = regexp.MustCompile(`<a rel="next" class="button" href="([^"]+)" data-more`)

// TestBusyDiscussion reads an idea with 130 threads of long comments, one
// of them with 30 replies: each page of the discussion is a bounded
// part, reachable without a script, in both orders; a comment's address
// and its reply and report forms land on the page that holds it; a new
// comment leads to its page; odd page addresses answer cleanly.
func TestBusyDiscussion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		author := w.user(t, "Busy Author")
		idea := w.idea(t, author, "Seats that fold into the floor", w.open, w.design)
		roots := make([]int64, 130)
		for i := range roots {
			roots[i] = must(w.Store.Comments.CreateComment(ctx, author, idea.ID, nil, longComment(i)))(t).ID
		}
		replies := make([]int64, 30)
		for i := range replies {
			replies[i] = must(w.Store.Comments.CreateComment(ctx, author, idea.ID, &roots[0], fmt.Sprintf("Reply %d to the first.", i)))(t).ID
		}
		anon := newClient(t, w.Server)
		member := w.login(t, w.user(t, "Busy Reader"))
		cid := func(id int64) string { return fmt.Sprintf(`id="comment-%d"`, id) }

		for name, c := range map[string]*client{"a visitor": anon, "a member": member} {
			r := c.get(idea.URL())
			wantCode(t, r, http.StatusOK)
			if len(r.Body) > 150_000 {
				t.Errorf("%s: the first page is %d bytes of HTML, over 150 KB", name, len(r.Body))
			}
			wantIn(t, r, "160 comments")
			wantIn(t, r, "Page 1 of 7")
			wantIn(t, r, cid(roots[19]))
			wantNotIn(t, r, cid(roots[20]))
			wantIn(t, r, cid(replies[3]))
			wantNotIn(t, r, cid(replies[4]))
			wantIn(t, r, fmt.Sprintf(`href="%s?thread=%d#comment-%d" data-expand="#comment-%d">Show 26 more replies`, idea.URL(), roots[0], roots[0], roots[0]))
			wantIn(t, r, `aria-current="true">Oldest first`)

			// "More comments", without a script, to the last page.
			seen := strings.Count(r.Body, `class="comment depth-0"`)
			for n := 2; n <= 7; n++ {
				m := nextPage.FindStringSubmatch(r.Body)
				if m == nil {
					t.Fatalf("%s: no link to page %d", name, n)
				}
				r = c.get(strings.ReplaceAll(m[1], "&amp;", "&"))
				wantCode(t, r, http.StatusOK)
				wantIn(t, r, fmt.Sprintf("Page %d of 7", n))
				seen += strings.Count(r.Body, `class="comment depth-0"`)
			}
			check(t, name+": threads read over the pages", seen, 130)
			wantIn(t, r, cid(roots[129]))
			if nextPage.MatchString(r.Body) {
				t.Errorf("%s: the last page links to another", name)
			}

			newest := c.get(idea.URL() + "?comments=newest")
			wantCode(t, newest, http.StatusOK)
			wantIn(t, newest, `aria-current="true">Newest first`)
			if i, j := strings.Index(newest.Body, cid(roots[129])), strings.Index(newest.Body, cid(roots[128])); i < 0 || j < i {
				t.Errorf("%s: newest first does not start with the newest thread", name)
			}

			// The thread alone holds every reply.
			thread := c.get(fmt.Sprintf("%s?thread=%d", idea.URL(), roots[0]))
			wantCode(t, thread, http.StatusOK)
			wantIn(t, thread, "You are reading one thread of the discussion.")
			for _, id := range replies {
				wantIn(t, thread, cid(id))
			}
			wantNotIn(t, thread, cid(roots[1]))
		}

		// A comment's address leads to the page that holds it.
		for _, c := range []struct {
			id   int64
			want string
		}{
			{roots[5], idea.URL() + "#comment-%d"},
			{roots[45], idea.URL() + "?cpage=3#comment-%d"},
			{replies[2], idea.URL() + "#comment-%d"},
			{replies[20], idea.URL() + fmt.Sprintf("?thread=%d", roots[0]) + "#comment-%d"},
		} {
			r := anon.get(comments.Path(c.id))
			wantCode(t, r, http.StatusSeeOther)
			check(t, "the address of a comment", r.Location, fmt.Sprintf(c.want, c.id))
			wantIn(t, anon.follow(r), cid(c.id))
		}
		wantCode(t, anon.get("/comments/999999"), http.StatusNotFound)

		// Reply and report forms open on the page of their comment.
		r := member.get(fmt.Sprintf("%s?reply=%d", idea.URL(), roots[45]))
		wantCode(t, r, http.StatusOK)
		wantIn(t, r, fmt.Sprintf(`<div id="reply-%d">`, roots[45]))
		wantIn(t, r, "Page 3 of 7")
		r = member.get(fmt.Sprintf("%s?report=%d", idea.URL(), roots[70]))
		wantIn(t, r, fmt.Sprintf(`action="/comments/%d/flag"`, roots[70]))

		// A new thread is on the last page, and posting leads there.
		r = member.submit(idea.URL(), ideaPath(idea.ID)+"/comments", url.Values{"body": {"A new thought at the end."}})
		wantCode(t, r, http.StatusSeeOther)
		if !strings.Contains(r.Location, "?cpage=7#comment-") {
			t.Errorf("a new comment leads to %q, want its page, 7", r.Location)
		}
		wantIn(t, member.follow(r), "A new thought at the end.")

		// Odd addresses answer cleanly.
		for path, want := range map[string]string{
			idea.URL() + "?cpage=abc":                     "Page 1 of 7",
			idea.URL() + "?cpage=-4":                      "Page 1 of 7",
			idea.URL() + "?cpage=99999999999":             "Page 7 of 7",
			idea.URL() + "?comments=%3Cscript%3E&cpage=2": "Page 2 of 7",
		} {
			r := anon.get(path)
			wantCode(t, r, http.StatusOK)
			wantIn(t, r, want)
			wantNotIn(t, r, "<script>")
		}
		wantCode(t, anon.get(idea.URL()+"?thread=999999"), http.StatusNotFound)
		wantCode(t, anon.get(fmt.Sprintf("%s?thread=%d", w.idea(t, author, "Another idea", w.open, w.design).URL(), roots[0])), http.StatusNotFound)
	})
}
