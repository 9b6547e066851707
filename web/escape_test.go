package web_test

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ideario/ideario/testutil"
)

const xss = `<script>alert(1)</script>`

// dangerous are strings that must never reach a page unescaped.
var dangerous = []string{xss, "<script", `onerror="alert`, "<img src=x onerror", `href="javascript:`}

// ownScript is the site's one script tag.
var ownScript = regexp.MustCompile(`<script src="/assets/[^"]+"( defer)?></script>`)

// noDanger reports anything dangerous on the page, the site's own script aside.
func noDanger(t *testing.T, r *response) {
	t.Helper()
	clean := *r
	clean.Body = ownScript.ReplaceAllString(r.Body, "")
	for _, d := range dangerous {
		wantNotIn(t, &clean, d)
	}
}

// wantSafe wants a page that shows, and nothing dangerous on it.
func wantSafe(t *testing.T, r *response) {
	t.Helper()
	if r.Code != http.StatusOK {
		t.Errorf("status %d: %s", r.Code, r)
	}
	noDanger(t, r)
}

func TestEscaping(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		eve := newClient(t, w.Server)
		email := testutil.Name("eve") + "@example.org"
		r := eve.submit("/signup", "/signup", url.Values{"name": {"Eve " + xss}, "email": {email},
			"password": {password}, "country": {"FR"}})
		wantCode(t, r, http.StatusSeeOther)
		wantSafe(t, eve.follow(r)) // the welcome message names the person
		u := must(w.Store.Accounts.UserByEmail(t.Context(), email))(t)
		check(t, "name stored as typed", u.Name, "Eve "+xss)

		r = eve.submit("/ideas/new", "/ideas", url.Values{
			"title":     {"Idea " + xss},
			"body":      {xss + "\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3))\n\n`" + xss + "`"},
			"challenge": {"open-car"}, "category": {"design"},
			"tags": {xss + ", ok"},
		})
		wantCode(t, r, http.StatusSeeOther)
		ideaURL := r.Location
		id := canonicalIdea.FindStringSubmatch(ideaURL)[1]

		bobUser := w.user(t, "Bob")
		bob := w.login(t, bobUser)
		wantCode(t, bob.submit(ideaURL, "/ideas/"+id+"/comments", url.Values{"body": {"Nice " + xss}}), http.StatusSeeOther)
		var commentID int64
		if err := w.Store.DB.Table("comments").Select("MAX(id)").Scan(&commentID).Error; err != nil || commentID == 0 {
			t.Fatalf("no comment stored: %v", err)
		}
		var tagSlugs []string
		if err := w.Store.DB.Table("tags").Where("slug <> ?", "ok").Pluck("slug", &tagSlugs).Error; err != nil || len(tagSlugs) != 1 {
			t.Fatalf("tags %v: %v", tagSlugs, err)
		}
		tagSlug := tagSlugs[0]
		if got := listed(eve.get("/ideas?tag=" + tagSlug).Body); len(got) != 1 {
			t.Errorf("the tag's page lists %v, want the idea", got)
		}

		pages := func() []string {
			return []string{ideaURL, "/", "/ideas", "/ideas?sort=new", "/ideas?q=" + url.QueryEscape(xss),
				"/ideas?q=idea+" + url.QueryEscape(xss), "/ideas?tag=" + tagSlug, "/ideas?tag=" + url.QueryEscape(xss),
				"/ideas?challenge=" + url.QueryEscape(xss), "/users/" + itoa(u.ID), "/users/" + itoa(bobUser.ID),
				"/challenges/open-car", "/challenges", "/account", "/notifications", "/ideas/" + id + "/edit",
				"/login?next=" + url.QueryEscape("/"+xss), "/signup?next=" + url.QueryEscape(xss),
				"/password/reset?token=" + url.QueryEscape(xss), "/ideas/" + url.PathEscape(xss),
			}
		}
		t.Run("pages", func(t *testing.T) {
			for _, p := range pages() {
				r := eve.get(p)
				if r.Code == http.StatusOK {
					wantSafe(t, r)
				} else {
					noDanger(t, r)
				}
			}
			page := eve.get(ideaURL)
			wantIn(t, page, "Idea &lt;script&gt;alert(1)&lt;/script&gt;") // shown, as text
			wantIn(t, page, "Nice ")                                      // the comment is there, its HTML left out
			search := eve.get("/ideas?q=" + url.QueryEscape(xss))
			wantIn(t, search, "&lt;script&gt;alert(1)&lt;/script&gt;")
			wantSafe(t, bob.get("/comments/"+itoa(commentID)+"/edit"))
			wantSafe(t, eve.get("/notifications"))
		})

		t.Run("re-shown forms", func(t *testing.T) {
			r := eve.submit("/ideas/new", "/ideas", url.Values{"title": {xss}, "body": {""}, "tags": {xss}, "category": {"bogus" + xss}})
			wantCode(t, r, http.StatusUnprocessableEntity)
			noDanger(t, r)
			r = newClient(t, w.Server).submit("/signup", "/signup", url.Values{"name": {xss}, "email": {xss}, "country": {xss}})
			wantCode(t, r, http.StatusUnprocessableEntity)
			noDanger(t, r)
			r = bob.submit(ideaURL, "/ideas/"+id+"/comments", url.Values{"body": {xss + strings.Repeat("x", 5000)}})
			wantCode(t, r, http.StatusUnprocessableEntity)
			noDanger(t, r)
		})

		t.Run("account name", func(t *testing.T) {
			r := eve.submit("/account", "/account", url.Values{"name": {"Evil " + xss}, "country": {"FR"}, "locale": {"en"}})
			wantCode(t, r, http.StatusSeeOther)
			check(t, "name", must(w.Store.Accounts.UserByID(t.Context(), u.ID))(t).Name, "Evil "+xss)
			for _, p := range pages() {
				r := bob.get(p)
				noDanger(t, r)
			}
			wantIn(t, eve.get("/users/"+itoa(u.ID)), "Evil &lt;script&gt;")
		})

		t.Run("feed", func(t *testing.T) {
			r := eve.get("/feed.atom")
			wantCode(t, r, http.StatusOK)
			noDanger(t, r)
			var feed atomFeed
			if err := xml.Unmarshal([]byte(r.Body), &feed); err != nil {
				t.Fatalf("feed is not XML: %v", err)
			}
			if len(feed.Entries) == 0 || feed.Entries[0].Title != "Idea "+xss {
				t.Errorf("feed entries %+v, want the idea's title as text", feed.Entries)
			}
		})

		t.Run("API", func(t *testing.T) {
			var idea struct{ Title, Body, BodyHTML string }
			r := eve.getJSON("/api/v1/ideas/"+id, &idea)
			wantCode(t, r, http.StatusOK)
			check(t, "Content-Type", r.Header.Get("Content-Type"), "application/json")
			check(t, "title", idea.Title, "Idea "+xss)
			if strings.Contains(idea.BodyHTML, "<script") || strings.Contains(idea.BodyHTML, "onerror") ||
				strings.Contains(idea.BodyHTML, "javascript:") {
				t.Errorf("body_html is not sanitised: %s", idea.BodyHTML)
			}
		})
	})
}

// atomFeed is the part of an Atom feed the tests read.
type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	Entries []struct {
		Title string `xml:"title"`
		ID    string `xml:"id"`
		Link  struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content string `xml:"content"`
	} `xml:"entry"`
}
