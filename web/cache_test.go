package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models/accounts"
)

// wantCache reports when an answer did not come from where it should:
// "hit" (the page cache), "miss" (rendered, may be stored) or "" (never
// for the cache: signed in, a form...).
func wantCache(t *testing.T, r *response, want string) {
	t.Helper()
	if got := r.Header.Get("X-Cache"); got != want {
		t.Errorf("%s: X-Cache %q, want %q", r.path, got, want)
	}
}

// warm loads an anonymous page until it comes from the cache.
func warm(t *testing.T, anon *client, page string) *response {
	t.Helper()
	anon.get(page)
	r := anon.get(page)
	wantCode(t, r, http.StatusOK)
	wantCache(t, r, "hit")
	return r
}

// TestPageCacheInvalidation checks that a cached page is rendered afresh
// after each kind of change that it shows, made through the site or
// straight through the store (as a background job would).
func TestPageCacheInvalidation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Cache Author")
		idea := w.idea(t, author, "Recycled seat fabric", w.open, w.design)
		id := itoa(idea.ID)
		member := w.login(t, w.user(t, "Cache Member"))
		mod := w.login(t, w.userWithRole(t, "Cache Moderator", accounts.RoleModerator))
		anon := newClient(t, w.Server)

		tests := []struct {
			name     string
			page     string
			change   func(t *testing.T)
			want     string // on the page after the change
			wantGone string // not on the page after the change
		}{
			{"a vote", "/ideas?sort=top", func(t *testing.T) {
				wantCode(t, member.submit(idea.URL(), "/ideas/"+id+"/vote", nil), http.StatusSeeOther)
			}, `data-vote-count>1<`, `data-vote-count>0<`},
			{"a comment", idea.URL(), func(t *testing.T) {
				wantCode(t, member.submit(idea.URL(), "/ideas/"+id+"/comments",
					url.Values{"body": {"Washable covers, please"}}), http.StatusSeeOther)
			}, "Washable covers, please", ""},
			{"a new idea", "/ideas?sort=new", func(t *testing.T) {
				form := url.Values{"title": {"Solar roof panels"}, "body": {"Charge on the move."},
					"challenge": {"open-car"}, "category": {"design"}}
				wantCode(t, member.submit("/ideas/new", "/ideas", form), http.StatusSeeOther)
			}, "Solar roof panels", ""},
			{"a status change", idea.URL(), func(t *testing.T) {
				form := url.Values{"status": {"accepted"}, "response": {"We will build the fabric."}}
				wantCode(t, mod.submit(idea.URL(), "/admin/ideas/"+id+"/status", form), http.StatusSeeOther)
			}, "We will build the fabric.", ""},
			{"a write through the store", "/ideas?sort=new", func(t *testing.T) {
				w.idea(t, author, "Bamboo dashboard", w.open, w.design)
			}, "Bamboo dashboard", ""},
			{"a moderator hiding an idea", "/ideas", func(t *testing.T) {
				wantCode(t, mod.submit(idea.URL(), "/admin/ideas/"+id+"/hide", url.Values{"reason": {"spam"}}), http.StatusSeeOther)
			}, "", "Recycled seat fabric"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := warm(t, anon, tt.page)
				if tt.want != "" {
					wantNotIn(t, before, tt.want)
				}
				tt.change(t)
				after := anon.get(tt.page)
				if tt.name == "a vote" || tt.name == "a comment" {
					// Votes and comments age the stored pages that show
					// their idea, at most once a second: they show within
					// a second or two, maybe not at once.
					for deadline := time.Now().Add(2 * time.Second); !strings.Contains(after.Body, tt.want) && time.Now().Before(deadline); {
						time.Sleep(20 * time.Millisecond)
						after = anon.get(tt.page)
					}
				} else {
					wantCache(t, after, "miss")
				}
				wantCode(t, after, http.StatusOK)
				if tt.want != "" {
					wantIn(t, after, tt.want)
				}
				if tt.wantGone != "" {
					wantNotIn(t, after, tt.wantGone)
				}
				wantCache(t, anon.get(tt.page), "hit")
			})
		}
	})
}

// TestPageCacheKeepsPeopleApart checks that what a signed-in person sees
// is never stored, nor served to anyone else, and that a signed-in person
// never gets the anonymous copy.
func TestPageCacheKeepsPeopleApart(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		w.idea(t, w.user(t, "Author"), "Recycled seat fabric", w.open, w.design)
		ana, bruno := w.user(t, "Ana Marker"), w.user(t, "Bruno Marker")
		anaBrowser, brunoBrowser := w.login(t, ana), w.login(t, bruno)
		anon := newClient(t, w.Server)

		for _, page := range []string{"/", "/ideas", "/challenges", "/users/" + itoa(ana.ID)} {
			t.Run(page, func(t *testing.T) {
				mine := anaBrowser.get(page)
				wantCode(t, mine, http.StatusOK)
				wantCache(t, mine, "")
				wantIn(t, mine, ana.Email)

				first := anon.get(page)
				wantCache(t, first, "miss") // Ana's page was not stored
				for _, r := range []*response{first, anon.get(page)} {
					wantNotIn(t, r, ana.Email)
					wantNotIn(t, r, bruno.Email)
					wantNotIn(t, r, `name="csrf-token"`)
					if len(r.Cookies) > 0 {
						t.Errorf("%s: a cached page set cookies %v", r.path, r.Cookies)
					}
				}

				for _, p := range []struct {
					browser *client
					u       *accounts.User
				}{{anaBrowser, ana}, {brunoBrowser, bruno}} {
					r := p.browser.get(page)
					wantCache(t, r, "")
					wantIn(t, r, p.u.Email)
					wantIn(t, r, `name="csrf-token"`)
				}
			})
		}

		t.Run("an API token is never answered from the cache", func(t *testing.T) {
			warm(t, anon, "/api/v1/ideas")
			req, _ := http.NewRequest(http.MethodGet, w.URL+"/api/v1/ideas", nil)
			req.Header.Set("Authorization", "Bearer idr_unknown")
			wantCache(t, anon.do(req), "")
		})
	})
}

// TestPageCacheNeverStores checks pages that must be rendered for each
// request: forms, personal pages, administration, reports.
func TestPageCacheNeverStores(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		anon := newClient(t, w.Server)
		for _, page := range []string{"/login", "/signup", "/password/forgot"} {
			for range 2 {
				r := anon.get(page)
				wantCode(t, r, http.StatusOK)
				wantCache(t, r, "")
			}
		}
		admin := w.login(t, w.userWithRole(t, "Admin", accounts.RoleAdmin))
		for _, page := range []string{"/admin", "/reports", "/account", "/notifications", "/ideas"} {
			for range 2 {
				r := admin.get(page)
				wantCode(t, r, http.StatusOK)
				wantCache(t, r, "")
			}
		}
	})
}

// TestPageCacheHeadAndConditional checks HEAD and 304 Not Modified on the
// real site, and that a page from the cache still counts its visitor.
func TestPageCacheHeadAndConditional(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		w.idea(t, w.user(t, "Author"), "Recycled seat fabric", w.open, w.design)
		anon := newClient(t, w.Server)
		full := warm(t, anon, "/ideas")
		etag := full.Header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag on a cached page")
		}

		req, _ := http.NewRequest(http.MethodHead, w.URL+"/ideas", nil)
		head := anon.do(req)
		wantCode(t, head, http.StatusOK)
		wantCache(t, head, "hit")
		check(t, "HEAD body", head.Body, "")
		check(t, "HEAD length", head.Header.Get("Content-Length"), itoa(int64(len(full.Body))))

		req, _ = http.NewRequest(http.MethodGet, w.URL+"/ideas", nil)
		req.Header.Set("If-None-Match", etag)
		wantCode(t, anon.do(req), http.StatusNotModified)

		w.idea(t, w.user(t, "Another"), "Bamboo dashboard", w.open, w.design)
		req, _ = http.NewRequest(http.MethodGet, w.URL+"/ideas", nil)
		req.Header.Set("If-None-Match", etag)
		changed := anon.do(req)
		wantCode(t, changed, http.StatusOK)
		wantIn(t, changed, "Bamboo dashboard")

		t.Run("visitors are counted on cache hits", func(t *testing.T) {
			for _, agent := range []string{"Mozilla/5.0 (one)", "Mozilla/5.0 (two)"} {
				req, _ := http.NewRequest(http.MethodGet, w.URL+"/ideas", nil)
				req.Header.Set("User-Agent", agent)
				wantCache(t, anon.do(req), "hit")
			}
			check(t, "visitors", w.count(t, "visitor_days", ""), 2)
		})
	})
}
