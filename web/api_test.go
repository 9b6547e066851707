package web_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ideario/ideario/models/ideas"
)

type apiPage struct {
	Ideas []struct {
		ID    int64
		Title string
		URL   string
		Votes int
		Tags  []string
	}
	Next string
}

func TestFeed(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		lw := newListWorld(t, w)
		c := newClient(t, w.Server)
		tests := []struct {
			query string
			want  []int64 // nil: the 20 newest
		}{
			{"", nil},
			{"?challenge=open-car", []int64{lw.talking.ID, lw.bamboo.ID}},
			{"?tag=bamboo", []int64{lw.bamboo.ID}},
			{"?category=no-such", []int64{}},
			{"?sort=top&page=3", nil}, // the feed is always the newest first page
		}
		for _, tt := range tests {
			t.Run(tt.query, func(t *testing.T) {
				r := c.get("/feed.atom" + tt.query)
				wantCode(t, r, http.StatusOK)
				if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
					t.Errorf("Content-Type %q", ct)
				}
				var feed atomFeed
				if err := xml.Unmarshal([]byte(r.Body), &feed); err != nil {
					t.Fatalf("not XML: %v\n%s", err, r.Body)
				}
				var got []int64
				for _, e := range feed.Entries {
					var id int64
					if _, err := fmt.Sscanf(e.ID[strings.LastIndex(e.ID, "/")+1:], "%d", &id); err != nil {
						t.Errorf("entry id %q", e.ID)
					}
					got = append(got, id)
					if !strings.HasPrefix(e.Link.Href, w.URL+"/ideas/") {
						t.Errorf("entry link %q is not an absolute idea URL", e.Link.Href)
					}
				}
				want := tt.want
				if want == nil {
					want = lw.newestFirst[:20]
				}
				if !slices.Equal(got, want) && len(got)+len(want) > 0 {
					t.Errorf("entries %v, want %v", got, want)
				}
			})
		}
	})
}

func TestAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		lw := newListWorld(t, w)
		c := newClient(t, w.Server)

		for _, sort := range append(slices.Clone(ideas.Sorts), "bogus") {
			for _, limit := range []int{1, 7, 25, 100} {
				t.Run(fmt.Sprintf("cursor sort=%s limit=%d", sort, limit), func(t *testing.T) {
					var seen []int64
					cursor := ""
					for pages := 0; ; pages++ {
						if pages > 30 {
							t.Fatal("the cursor never ends")
						}
						var page apiPage
						r := c.getJSON(fmt.Sprintf("/api/v1/ideas?sort=%s&limit=%d&cursor=%s", sort, limit, cursor), &page)
						wantCode(t, r, http.StatusOK)
						if len(page.Ideas) > limit {
							t.Errorf("%d ideas on a page of %d", len(page.Ideas), limit)
						}
						for _, idea := range page.Ideas {
							if slices.Contains(seen, idea.ID) {
								t.Errorf("idea %d on two pages", idea.ID)
							}
							seen = append(seen, idea.ID)
						}
						if page.Next == "" {
							break
						}
						cursor = page.Next
					}
					slices.Sort(seen)
					if want := slices.Sorted(slices.Values(lw.all)); !slices.Equal(seen, want) {
						t.Errorf("pages gave %v, want %v", seen, want)
					}
				})
			}
		}

		t.Run("filters", func(t *testing.T) {
			var page apiPage
			wantCode(t, c.getJSON("/api/v1/ideas?tag=bamboo", &page), http.StatusOK)
			if len(page.Ideas) != 1 || page.Ideas[0].ID != lw.bamboo.ID || page.Ideas[0].Votes != 3 {
				t.Errorf("tag=bamboo gave %+v", page.Ideas)
			}
			page = apiPage{}
			wantCode(t, c.getJSON("/api/v1/ideas?challenge=no-such", &page), http.StatusOK)
			if page.Ideas == nil || len(page.Ideas) != 0 {
				t.Errorf("unknown challenge gave %+v, want an empty list", page.Ideas)
			}
		})

		t.Run("one idea", func(t *testing.T) {
			hidden := w.idea(t, w.user(t, "Pia"), "Hidden from the API", nil, w.other)
			w.hide(t, hidden.ID)
			tests := []struct {
				path string
				want int
			}{
				{"/api/v1/ideas/" + itoa(lw.bamboo.ID), 200},
				{"/api/v1/ideas/" + itoa(hidden.ID), 404},
				{"/api/v1/ideas/999999", 404},
				{"/api/v1/ideas/abc", 404},
				{"/api/v1/ideas?cursor=abc", 400},
				{"/api/v1/ideas?cursor=-5", 400},
				{"/api/v1/challenges", 200},
			}
			for _, tt := range tests {
				r := newClient(t, w.Server).get(tt.path)
				wantCode(t, r, tt.want)
				if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("%s: Content-Type %q, want JSON", tt.path, ct)
				}
				if tt.want == 404 {
					wantNotIn(t, r, "Hidden from the API")
				}
			}
			var idea struct {
				Title, URL string
				Tags       []string
			}
			c.getJSON("/api/v1/ideas/"+itoa(lw.bamboo.ID), &idea)
			check(t, "title", idea.Title, "Bamboo dashboard panels")
			check(t, "url", idea.URL, w.URL+lw.bamboo.URL())
			check(t, "tags", strings.Join(idea.Tags, ","), "bamboo,interior")
		})

		t.Run("odd cursors", func(t *testing.T) {
			hidden := w.idea(t, w.user(t, "Quinn"), "Hidden cursor idea", nil, w.other)
			w.hide(t, hidden.ID)
			for _, cursor := range []string{itoa(hidden.ID), "999999", "99999999999999999999"} {
				r := c.get("/api/v1/ideas?cursor=" + cursor)
				if r.Code >= 500 {
					t.Errorf("%s", r)
				}
				wantNotIn(t, r, "Hidden cursor idea")
			}
		})

		t.Run("healthz", func(t *testing.T) {
			r := c.get("/healthz")
			wantCode(t, r, http.StatusOK)
			check(t, "body", strings.TrimSpace(r.Body), "ok")
		})

		t.Run("HEAD", func(t *testing.T) {
			tests := []struct {
				path    string
				want    int
				wantLoc string
			}{
				{"/healthz", 200, ""},
				{"/", 200, ""},
				{"/ideas?sort=new", 200, ""},
				{lw.bamboo.URL(), 200, ""},
				{ideaPath(lw.bamboo.ID), 301, lw.bamboo.URL()},
				{"/feed.atom", 200, ""},
				{"/api/v1/ideas", 200, ""},
				{"/ideas/999999", 404, ""},
				{"/account", 303, "/login?next=%2Faccount"},
			}
			for _, tt := range tests {
				req, _ := http.NewRequest(http.MethodHead, w.URL+tt.path, nil)
				r := newClient(t, w.Server).do(req)
				if r.Code != tt.want || r.Location != tt.wantLoc {
					t.Errorf("HEAD %s: %d %q, want %d %q", tt.path, r.Code, r.Location, tt.want, tt.wantLoc)
				}
				check(t, "HEAD body", r.Body, "")
			}
			// the connection is still usable: no body was sent after the headers
			wantCode(t, c.get("/healthz"), http.StatusOK)
		})

		t.Run("challenges", func(t *testing.T) {
			var out []struct{ Slug, Phase string }
			wantCode(t, c.getJSON("/api/v1/challenges", &out), http.StatusOK)
			var slugs []string
			for _, ch := range out {
				slugs = append(slugs, ch.Slug+":"+ch.Phase)
			}
			slices.Sort(slugs)
			check(t, "challenges", strings.Join(slugs, " "), "closed-seats:review one-vote:ideation open-car:ideation")
		})
	})
}
