package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ideario/ideario/testutil"
)

// TestSearchPage checks the list page's search: results by relevance by
// default, the relevance sort offered only while searching, and any text
// in q answered with a page, never an error.
func TestSearchPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Iara")
		once := w.idea(t, author, "Cabin ideas", nil, w.other)
		best := w.idea(t, author, "Solar roof and solar hood", nil, w.other)
		if err := testutil.Behind(w.Store).Exec("UPDATE ideas SET body = ?, body_text = ?, search_text = ?, hot = ? WHERE id = ?",
			"", "", "solar", 1e6, once.ID).Error; err != nil {
			t.Fatal(err)
		}
		c := newClient(t, w.Server)

		r := c.get("/ideas?q=" + url.QueryEscape("Sólar"))
		wantCode(t, r, http.StatusOK)
		if got := listed(r.Body); !slices.Equal(got, []int64{best.ID, once.ID}) {
			t.Errorf("search lists %v, want %v (by relevance)", got, []int64{best.ID, once.ID})
		}
		wantIn(t, r, `aria-current="page">Relevance</a>`)
		wantIn(t, r, `<a href="/ideas?q=S%C3%B3lar&amp;sort=hot">`)
		wantIn(t, r, `<a href="/ideas" aria-label="Remove">`) // clearing the search drops its sort
		if got := listed(c.get("/ideas?sort=hot&q=solar").Body); !slices.Equal(got, []int64{once.ID, best.ID}) {
			t.Errorf("sort=hot lists %v, want the hottest first", got)
		}
		wantNotIn(t, c.get("/ideas"), ">Relevance</a>")
		wantNotIn(t, c.get("/ideas?sort=relevance"), ">Relevance</a>")

		for _, q := range []string{`"`, `NEAR(a b)`, `-x*`, `a OR b AND NOT c`, "\x00", "%ff", strings.Repeat("solar ", 500)} {
			wantCode(t, c.get("/ideas?q="+url.QueryEscape(q)), http.StatusOK)
			wantCode(t, c.get("/api/v1/ideas?q="+url.QueryEscape(q)), http.StatusOK)
		}
	})
}
