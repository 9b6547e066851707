package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ideario/ideario/models/ideas"
)

// listWorld is a site with 25 visible ideas: three that stand out, and 22
// fillers posted after them.
type listWorld struct {
	*world
	bamboo, talking, solar *ideas.Idea // most votes; most comments; accepted
	all                    []int64
	newestFirst            []int64
}

func newListWorld(t *testing.T, w *world) *listWorld {
	t.Helper()
	ctx := context.Background()
	lw := &listWorld{world: w}
	author := w.user(t, "Olga")
	lw.bamboo = w.idea(t, author, "Bamboo dashboard panels", w.open, w.materials, "bamboo", "interior")
	lw.talking = w.idea(t, author, "Talking car assistant", w.open, w.design, "voice")
	lw.solar = w.idea(t, author, "Solar roof", nil, w.other)
	for i := range 3 {
		must(w.Store.Votes.Vote(ctx, w.user(t, fmt.Sprint("voter", i)).ID, lw.bamboo.ID))(t)
	}
	for range 2 {
		must(w.Store.Comments.CreateComment(ctx, author, lw.talking.ID, nil, "More about it"))(t)
	}
	if err := w.Store.Ideas.SetStatus(ctx, lw.solar.ID, author, ideas.StatusAccepted, "We will build it."); err != nil {
		t.Fatal(err)
	}
	lw.all = []int64{lw.bamboo.ID, lw.talking.ID, lw.solar.ID}
	for i := range 22 {
		lw.all = append(lw.all, w.idea(t, author, fmt.Sprintf("Filler idea %02d", i), nil, w.other).ID)
	}
	hidden := w.idea(t, author, "Hidden filler", nil, w.other)
	w.hide(t, hidden.ID)
	lw.newestFirst = slices.Clone(lw.all)
	slices.Reverse(lw.newestFirst)
	return lw
}

var nextLink = regexp.MustCompile(`<a rel="next"[^>]* href="([^"]+)"`)

func TestIdeaList(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		lw := newListWorld(t, w)
		c := newClient(t, w.Server)

		tests := []struct {
			query     string
			wantFirst int64   // the first card, when not 0
			want      []int64 // exactly these cards, in this order, when not nil
			wantCount int     // how many cards, when want is nil
		}{
			{query: "", wantFirst: lw.bamboo.ID, wantCount: 20},
			{query: "sort=hot", wantFirst: lw.bamboo.ID, wantCount: 20},
			{query: "sort=top", wantFirst: lw.bamboo.ID, wantCount: 20},
			{query: "sort=new", want: lw.newestFirst[:20]},
			{query: "sort=discussed", wantFirst: lw.talking.ID, wantCount: 20},
			{query: "sort=bogus", wantFirst: lw.bamboo.ID, wantCount: 20},
			{query: "challenge=open-car", want: []int64{lw.bamboo.ID, lw.talking.ID}},
			{query: "challenge=open-car&sort=discussed", want: []int64{lw.talking.ID, lw.bamboo.ID}},
			{query: "category=materials", want: []int64{lw.bamboo.ID}},
			{query: "status=accepted", want: []int64{lw.solar.ID}},
			{query: "status=bogus", wantCount: 20},
			{query: "tag=bamboo", want: []int64{lw.bamboo.ID}},
			{query: "tag=voice&challenge=open-car", want: []int64{lw.talking.ID}},
			{query: "tag=bamboo&category=design", want: []int64{}},
			{query: "challenge=no-such", want: []int64{}},
			{query: "challenge=secret-plan", want: []int64{}},
			{query: "category=no-such", want: []int64{}},
			{query: "tag=no-such", want: []int64{}},
			{query: "q=bamboo", want: []int64{lw.bamboo.ID}},
			{query: "q=BAMBOO", want: []int64{lw.bamboo.ID}},
			{query: "q=bamb", want: []int64{lw.bamboo.ID}},
			{query: "q=assistant+talking", want: []int64{lw.talking.ID}},
			{query: "q=talking+bamboo", want: []int64{}},
			{query: "q=zebra", want: []int64{}},
			{query: "q=%22%2A%28or%29+AND+NEAR", want: []int64{}},
			{query: "q=filler&sort=new&page=2", want: lw.newestFirst[20:22]},
			{query: "sort=new&page=2", want: lw.newestFirst[20:]},
			{query: "sort=new&page=3", want: []int64{}},
			{query: "sort=new&page=abc", want: lw.newestFirst[:20]},
			{query: "sort=new&page=-1", want: lw.newestFirst[:20]},
			{query: "sort=new&page=0", want: lw.newestFirst[:20]},
			{query: "sort=new&page=99999999999999999999", want: []int64{}}, // past the last page
			{query: "sort=new&page=4999", want: []int64{}},
		}
		for _, tt := range tests {
			t.Run(tt.query, func(t *testing.T) {
				r := c.get("/ideas?" + tt.query)
				wantCode(t, r, http.StatusOK)
				got := listed(r.Body)
				switch {
				case tt.want != nil:
					if !slices.Equal(got, tt.want) && (len(got) != 0 || len(tt.want) != 0) {
						t.Errorf("ideas %v, want %v", got, tt.want)
					}
				case len(got) != tt.wantCount:
					t.Errorf("%d ideas, want %d", len(got), tt.wantCount)
				}
				if tt.wantFirst != 0 && (len(got) == 0 || got[0] != tt.wantFirst) {
					t.Errorf("ideas %v, want %d first", got, tt.wantFirst)
				}
				if len(got) == 0 { // every empty case here is a filter, or a page past the last
					wantIn(t, r, map[bool]string{true: "This page is past the last one.", false: "No ideas match"}[strings.Contains(tt.query, "page=")])
				}
			})
		}

		t.Run("the pager's next link", func(t *testing.T) {
			var seen []int64
			r := c.get("/ideas?sort=new")
			for range 5 {
				seen = append(seen, listed(r.Body)...)
				m := nextLink.FindStringSubmatch(r.Body)
				if m == nil {
					break
				}
				r = c.get(html.UnescapeString(m[1]))
				wantCode(t, r, http.StatusOK)
			}
			if !slices.Equal(seen, lw.newestFirst) {
				t.Errorf("pages showed %v, want %v", seen, lw.newestFirst)
			}
		})

		t.Run("every sort covers every idea once", func(t *testing.T) {
			for _, sort := range ideas.Sorts {
				var seen []int64
				for page := 1; page <= 2; page++ {
					seen = append(seen, listed(c.get(fmt.Sprintf("/ideas?sort=%s&page=%d", sort, page)).Body)...)
				}
				slices.Sort(seen)
				want := slices.Sorted(slices.Values(lw.all))
				if !slices.Equal(seen, want) {
					t.Errorf("sort=%s: pages 1 and 2 showed %v, want %v", sort, seen, want)
				}
			}
		})

		t.Run("challenge page", func(t *testing.T) {
			r := c.get("/challenges/open-car?sort=discussed")
			wantCode(t, r, http.StatusOK)
			if got := listed(r.Body); !slices.Equal(got, []int64{lw.talking.ID, lw.bamboo.ID}) {
				t.Errorf("ideas %v", got)
			}
		})
	})
}

// TestAnEmptyListSaysWhy: an empty list says whether the site has no
// ideas yet, the search or filters matched none, or the page is past the
// last one.
func TestAnEmptyListSaysWhy(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		c := newClient(t, w.Server)
		wantIn(t, c.get("/ideas"), "No ideas yet. Be the first to share one!")
		w.idea(t, w.user(t, "Ana"), "Cork dashboard", nil, nil)
		for _, tt := range []struct{ path, want, not string }{
			{"/ideas?q=nothing-matches-this", "No ideas match.", "past the last one"},
			{"/ideas?status=implemented", "No ideas match.", "past the last one"},
			{"/ideas?page=5", `This page is past the last one.</p><a class="button" href="/ideas">`, "No ideas match."},
		} {
			r := c.get(tt.path)
			wantCode(t, r, http.StatusOK)
			wantIn(t, r, tt.want)
			if strings.Contains(r.Body, tt.not) {
				t.Errorf("%s says %q", tt.path, tt.not)
			}
		}
	})
}
