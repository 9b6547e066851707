package web_test

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"
)

var allCSRFFields = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// wantOwnTokens checks that every form on a page carries the reader's own
// CSRF token, and none carries the cache's stand-in or someone else's.
func wantOwnTokens(t *testing.T, page, own, other string) {
	t.Helper()
	fields := allCSRFFields.FindAllStringSubmatch(page, -1)
	if len(fields) == 0 {
		t.Fatal("no form with a CSRF token on the page")
	}
	for _, f := range fields {
		if tok := html.UnescapeString(f[1]); tok != own {
			t.Fatalf("a form carries the token %q, want the reader's %q", tok, own)
		}
	}
	if strings.Contains(page, other) || strings.Contains(page, "csrf-slot") || strings.Contains(page, "back-slot") {
		t.Fatal("the page shows another person's token or a stand-in of the cache")
	}
}

// TestCachedFragmentsStayPersonal reads the same pages as two signed-in
// people, in turns, so that the second reader of each page gets the
// fragments the first one's request cached: each must still see their own
// vote, their own edit links and their own CSRF token.
func TestCachedFragmentsStayPersonal(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		lara, marco := w.user(t, "Lara"), w.user(t, "Marco")
		idea := w.idea(t, lara, "Recycled aluminium wheels", w.open, w.materials)
		byLara := must(w.Store.Comments.CreateComment(ctx, lara, idea.ID, nil, "Lara's own remark"))(t)
		byMarco := must(w.Store.Comments.CreateComment(ctx, marco, idea.ID, nil, "Marco's own remark"))(t)
		must(w.Store.Votes.Vote(ctx, marco.ID, idea.ID))(t)
		cl, cm := w.login(t, lara), w.login(t, marco)
		tl, tm := cl.csrf("/ideas"), cm.csrf("/ideas")
		editOf := func(id int64) string { return `href="/comments/` + itoa(id) + `/edit"` }
		for round := 0; round < 2; round++ {
			for _, r := range []struct {
				c          *client
				own, other string
				mine, not  int64
				supports   bool
			}{
				{cl, tl, tm, byLara.ID, byMarco.ID, false},
				{cm, tm, tl, byMarco.ID, byLara.ID, true},
			} {
				list := r.c.get("/ideas?sort=new")
				wantCode(t, list, 200)
				wantIn(t, list, `name="back" value="/ideas?sort=new"`)
				wantOwnTokens(t, list.Body, r.own, r.other)
				unvote := `action="/ideas/` + itoa(idea.ID) + `/unvote"`
				if got := strings.Contains(list.Body, unvote); got != r.supports {
					t.Errorf("round %d: the list offers to withdraw support: %v, want %v", round, got, r.supports)
				}
				page := r.c.get(idea.URL())
				wantCode(t, page, 200)
				wantOwnTokens(t, page.Body, r.own, r.other)
				wantIn(t, page, editOf(r.mine))
				wantNotIn(t, page, editOf(r.not))
				wantIn(t, page, `?report=`+itoa(r.not)+`#`)
				wantNotIn(t, page, `?report=`+itoa(r.mine)+`#`)
			}
		}
		t.Run("a change shows at once", func(t *testing.T) {
			if _, err := w.Store.Comments.UpdateComment(ctx, byLara.ID, lara, "Lara changed her mind"); err != nil {
				t.Fatal(err)
			}
			wantIn(t, cm.get(idea.URL()), "Lara changed her mind")
		})
	})
}
