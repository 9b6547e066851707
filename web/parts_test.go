package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/comments"
)

// betweenTags, spaces and emptyComments are what differs between a page
// assembled from shared parts and one rendered whole: whitespace, and the
// padding of a page spliced for its reader (views.RenderGzipped). A
// browser shows them the same.
var (
	betweenTags   = regexp.MustCompile(`>\s+<`)
	spaces        = regexp.MustCompile(`\s+`)
	emptyComments = regexp.MustCompile(`<!--\s*-->`)
)

func normalized(page string) string {
	page = emptyComments.ReplaceAllString(page, "")
	return spaces.ReplaceAllString(betweenTags.ReplaceAllString(page, "><"), " ")
}

// TestSharedPartsShowWhatWholePagesShow reads the idea list and an idea's
// discussion as different people, each page once assembled from the parts
// that all readers share (filled with the reader's own buttons and token)
// and once rendered whole for the reader: the two must be the same, and
// nobody sees another reader's buttons, whoever read the page first.
func TestSharedPartsShowWhatWholePagesShow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		author, bea, cai, dan := w.user(t, "Ana Author"), w.user(t, "Bea"), w.user(t, "Cai"), w.user(t, "Dan")
		mod := w.userWithRole(t, "Mo Moderator", accounts.RoleModerator)
		idea := w.idea(t, author, "A roof of solar cells", w.open, w.design)
		other := w.idea(t, bea, "Seats that fold flat", nil, nil)
		budgeted := w.idea(t, dan, "One vote for this dashboard", w.budget, w.design)
		closed := w.closedIdea(t, cai, "Ideas closed on this one")
		comment := func(by *accounts.User, parent *int64, body string) *comments.Comment {
			return must(w.Store.Comments.CreateComment(ctx, by, idea.ID, parent, body))(t)
		}
		first := comment(bea, nil, "Bea's first thought")
		comment(cai, &first.ID, "Cai answers Bea")
		comment(author, nil, "The author's own note")
		hidden := comment(dan, nil, "Dan's remark that a moderator hid")
		comment(bea, &hidden.ID, "Bea answers the hidden remark")
		gone := comment(cai, nil, "Cai's deleted comment")
		comment(author, &gone.ID, "A reply that outlives its parent")
		if err := w.Store.Moderation.HideComment(ctx, mod, hidden.ID, "rude"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Store.Comments.DeleteComment(ctx, gone.ID, cai); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Store.Moderation.Flag(ctx, cai, audit.TargetComment, first.ID, "spam", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Store.Votes.Vote(ctx, cai.ID, idea.ID); err != nil {
			t.Fatal(err)
		}
		for _, v := range []struct{ user, idea int64 }{{bea.ID, other.ID}, {cai.ID, budgeted.ID}} {
			if _, err := w.Store.Votes.Vote(ctx, v.user, v.idea); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.Store.Moderation.Flag(ctx, dan, audit.TargetIdea, idea.ID, "duplicate", ""); err != nil {
			t.Fatal(err)
		}
		if err := w.Store.Ideas.Follow(ctx, bea.ID, idea.ID); err != nil {
			t.Fatal(err)
		}

		readers := map[string]*client{"a visitor": newClient(t, w.Server)}
		for _, u := range []*accounts.User{bea, cai, author, dan, mod} {
			readers[u.Name] = w.login(t, u)
		}
		pages := []string{"/ideas", "/ideas?sort=new", ideaPath(idea.ID), ideaPath(idea.ID) + "?comments=newest",
			ideaPath(idea.ID) + "?thread=" + itoa(first.ID), ideaPath(other.ID), ideaPath(budgeted.ID), ideaPath(closed.ID)}
		var read func(c *client, path string) string
		read = func(c *client, path string) string {
			t.Helper()
			req, err := http.NewRequest(http.MethodGet, w.URL+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Cookie", "ideario_flash=") // never from the anonymous page cache
			r := c.do(req)
			if r.Code == http.StatusMovedPermanently {
				return read(c, r.Location)
			}
			wantCode(t, r, http.StatusOK)
			return r.Body
		}
		// Every reader reads every page, so that each reads parts that
		// someone else filled the cache with.
		for _, path := range pages {
			for _, name := range []string{"Bea", "a visitor", "Cai", "Ana Author", "Dan", "Mo Moderator"} {
				c := readers[name]
				shared := read(c, path)
				w.App.RenderWhole(true)
				whole := read(c, path)
				w.App.RenderWhole(false)
				if normalized(shared) != normalized(whole) {
					t.Errorf("%s as %s: the page from shared parts differs from the whole page:\n%s",
						path, name, firstDifference(normalized(shared), normalized(whole)))
				}
			}
		}

		// What each reader must and must not see, on the shared path.
		discussion := ideaPath(idea.ID)
		checks := []struct {
			reader string
			want   []string
			never  []string
		}{
			{"a visitor", []string{"Bea&#39;s first thought", "This comment was hidden by a moderator."},
				[]string{`action="/comments/`, "You reported this", "Dan&#39;s remark"}},
			{"Cai", []string{"You reported this", `aria-pressed="true"`},
				[]string{"Dan&#39;s remark", `action="/comments/` + itoa(first.ID) + `/delete"`}},
			{"Bea", []string{`action="/comments/` + itoa(first.ID) + `/delete"`},
				[]string{"You reported this", `action="/comments/` + itoa(hidden.ID) + `/delete"`}},
			{"Dan", []string{"Dan&#39;s remark", "You reported this idea."}, []string{"You reported this<"}},
			{"Ana Author", []string{`href="/ideas/` + itoa(idea.ID) + `/edit"`}, []string{"You reported this idea."}},
		}
		for _, check := range checks {
			page := read(readers[check.reader], discussion)
			for _, s := range check.want {
				if !strings.Contains(page, s) {
					t.Errorf("%s reads %s without %q", check.reader, discussion, s)
				}
			}
			for _, s := range check.never {
				if strings.Contains(page, s) {
					t.Errorf("%s reads %s with %q", check.reader, discussion, s)
				}
			}
		}
	})
}

// firstDifference shows where two pages part.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return "shared: …" + a[from:min(len(a), i+200)] + "…\nwhole:  …" + b[from:min(len(b), i+200)] + "…"
}

// TestReportLinkOpensTheForm follows "Report" on a comment: the idea's
// page comes back with that comment's report form open, and only that
// one, ready to send.
func TestReportLinkOpensTheForm(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		author, bea, cai := w.user(t, "Ana Author"), w.user(t, "Bea"), w.user(t, "Cai")
		idea := w.idea(t, author, "A roof of solar cells", w.open, w.design)
		first := must(w.Store.Comments.CreateComment(ctx, bea, idea.ID, nil, "Bea's thought"))(t)
		second := must(w.Store.Comments.CreateComment(ctx, author, idea.ID, nil, "Ana's answer"))(t)
		cai1 := w.login(t, cai)
		page := cai1.get(idea.URL())
		wantCode(t, page, http.StatusOK)
		link := idea.URL() + "?report=" + itoa(first.ID) + "#comment-" + itoa(first.ID)
		wantIn(t, page, `href="`+strings.ReplaceAll(link, "&", "&amp;")+`"`)
		if strings.Contains(page.Body, `action="/comments/`+itoa(first.ID)+`/flag"`) {
			t.Errorf("the page carries a comment's report form before anyone asked for it")
		}
		opened := cai1.get(idea.URL() + "?report=" + itoa(first.ID))
		wantCode(t, opened, http.StatusOK)
		wantIn(t, opened, `<details class="report" open>`)
		wantIn(t, opened, `action="/comments/`+itoa(first.ID)+`/flag"`)
		if strings.Contains(opened.Body, `action="/comments/`+itoa(second.ID)+`/flag"`) {
			t.Errorf("another comment's report form is on the page too")
		}
		r := cai1.submit(idea.URL()+"?report="+itoa(first.ID), "/comments/"+itoa(first.ID)+"/flag",
			url.Values{"reason": {"spam"}})
		wantCode(t, r, http.StatusSeeOther)
		wantIn(t, cai1.get(idea.URL()), "You reported this")
	})
}
