package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

var canonicalIdea = regexp.MustCompile(`^/ideas/(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)$`)

func ideaForm(title string) url.Values {
	return url.Values{"title": {title}, "body": {"We could **recycle** PET bottles into seat fabric."},
		"challenge": {"open-car"}, "category": {"materials"}, "tags": {"recycling, interior"}}
}

func TestCreateIdea(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		u := w.user(t, "Fabio")
		c := w.login(t, u)

		valid := []struct {
			name     string
			change   url.Values
			wantSlug string
		}{
			{"in a challenge", nil, "seats-from-pet-bottles"},
			{"in the open ideas box", url.Values{"challenge": {""}, "category": {"other"}}, "seats-from-pet-bottles"},
			{"shortest title", url.Values{"title": {"Seats"}}, "seats"},
			{"longest title and body", url.Values{"title": {strings.Repeat("é", 140)}, "body": {strings.Repeat("b", 10000)}}, strings.Repeat("e", 60)},
			{"title without a letter for the slug", url.Values{"title": {"¿¿¿!!!"}}, ""},
			{"five tags", url.Values{"tags": {"a1, b2, c3, d4, e5, A1"}}, "seats-from-pet-bottles"},
			{"raw HTML is accepted", url.Values{"body": {"<b>bold</b> & <i>x</i>"}}, "seats-from-pet-bottles"},
		}
		for _, tt := range valid {
			t.Run(tt.name, func(t *testing.T) {
				form := ideaForm("Seats from PET bottles")
				for k, v := range tt.change {
					form[k] = v
				}
				r := c.submit("/ideas/new", "/ideas", form)
				wantCode(t, r, http.StatusSeeOther)
				m := canonicalIdea.FindStringSubmatch(r.Location)
				if tt.wantSlug == "" {
					m = regexp.MustCompile(`^/ideas/(\d+)()$`).FindStringSubmatch(r.Location)
				}
				if m == nil {
					t.Fatalf("redirect to %q, want /ideas/{id}-{slug}", r.Location)
				}
				check(t, "slug", m[2], tt.wantSlug)
				id, _ := strconv.ParseInt(m[1], 10, 64)
				idea := must(w.Store.Ideas.IdeaByID(context.Background(), id))(t)
				check(t, "author", idea.AuthorID, u.ID)
				check(t, "title", idea.Title, form.Get("title"))
				page := c.follow(r)
				wantCode(t, page, http.StatusOK)
				wantIn(t, page, "Thank you! Your idea is published.")
			})
		}

		t.Run("a tag longer than a tag can be", func(t *testing.T) {
			form := ideaForm("Seats with a long tag")
			form.Set("tags", strings.Repeat("long", 11))
			r := c.submit("/ideas/new", "/ideas", form)
			if r.Code >= 500 {
				t.Fatalf("%s", r)
			}
			var longest int
			if err := w.Store.DB.Table("tags").Select("COALESCE(MAX(LENGTH(name)), 0)").Scan(&longest).Error; err != nil {
				t.Fatal(err)
			}
			if longest > ideas.TagMax {
				t.Errorf("a tag of %d characters was stored, more than %d", longest, ideas.TagMax)
			}
		})

		t.Run("JSON", func(t *testing.T) {
			var out struct {
				ID  int64
				URL string
			}
			r := c.postJSON("/ideas", ideaForm("Seats by JSON"), &out)
			wantCode(t, r, http.StatusCreated)
			check(t, "url", out.URL, w.URL+"/ideas/"+strconv.FormatInt(out.ID, 10)+"-seats-by-json")
		})

		invalid := []struct {
			name   string
			change url.Values
			field  string
			wantIn string
		}{
			{"title too short", url.Values{"title": {"Abcd"}}, "title", "at least 5 characters"},
			{"title of spaces", url.Values{"title": {"      "}}, "title", "at least 5 characters"},
			{"title too long", url.Values{"title": {strings.Repeat("t", 141)}}, "title", "140 characters or fewer (it has 141)"},
			{"empty body", url.Values{"body": {""}}, "body", "Please fill this in."},
			{"body over 10000 characters", url.Values{"body": {strings.Repeat("é", 10001)}}, "body", "10,000 characters or fewer (it has 10,001)"},
			{"unknown challenge", url.Values{"challenge": {"no-such-challenge"}}, "challenge", "Please choose one of the challenges."},
			{"draft challenge", url.Values{"challenge": {"secret-plan"}}, "challenge", "Please choose one of the challenges."},
			{"challenge in review", url.Values{"challenge": {"closed-seats"}, "category": {"design"}}, "challenge", "no longer takes new ideas"},
			{"unknown category", url.Values{"category": {"no-such-category"}}, "category", "categories"},
			{"no category", url.Values{"category": {""}}, "category", "Please choose a category."},
			{"category not in the challenge", url.Values{"category": {"other"}}, "category", "this challenge's categories"},
			{"too many tags", url.Values{"tags": {"a1, b2, c3, d4, e5, f6"}}, "tags", "at most 5 tags"},
		}
		for _, tt := range invalid {
			t.Run(tt.name, func(t *testing.T) {
				ideas, tags := w.count(t, "ideas", ""), w.count(t, "tags", "")
				form := ideaForm("Seats from PET bottles")
				for k, v := range tt.change {
					form[k] = v
				}
				r := c.submit("/ideas/new", "/ideas", form)
				wantCode(t, r, http.StatusUnprocessableEntity)
				if msg := fieldError(r.Body, tt.field); !strings.Contains(msg, tt.wantIn) {
					t.Errorf("message next to %s = %q, want it to contain %q", tt.field, msg, tt.wantIn)
				}
				if tt.field != "title" && !strings.Contains(r.Body, `value="Seats from PET bottles"`) {
					t.Errorf("the form lost the title typed")
				}
				check(t, "ideas", w.count(t, "ideas", ""), ideas)
				check(t, "tags", w.count(t, "tags", ""), tags)

				var out struct{ Errors map[string]string }
				r = c.postJSON("/ideas", form, &out)
				wantCode(t, r, http.StatusUnprocessableEntity)
				if out.Errors[tt.field] == "" {
					t.Errorf("JSON errors %v lack %s", out.Errors, tt.field)
				}
			})
		}
	}, testutil.WithoutRateLimits()) // one author posts more than a newcomer may; limits: TestPostingLimits
}

func TestIdeaPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		u := w.user(t, "Gabi")
		idea := w.idea(t, u, "Café-style dashboard", w.open, w.design)
		id := strconv.FormatInt(idea.ID, 10)
		canonical := "/ideas/" + id + "-cafe-style-dashboard"
		check(t, "canonical URL", idea.URL(), canonical)

		tests := []struct {
			path     string
			wantCode int
			wantLoc  string
		}{
			{canonical, 200, ""},
			{"/ideas/" + id, 301, canonical},
			{"/ideas/" + id + "-old-title", 301, canonical},
			{"/ideas/" + id + "-", 301, canonical},
			{"/ideas/" + id + "?reply=7", 301, canonical + "?reply=7"},
			{"/ideas/abc", 404, ""},
			{"/ideas/999999", 404, ""},
			{"/ideas/999999-some-slug", 404, ""},
			{"/ideas/0", 404, ""},
			{"/ideas/-1", 404, ""},
			{"/ideas/99999999999999999999999", 404, ""},
			{"/ideas/" + id + "abc", 404, ""},
			{"/users/abc", 404, ""},
			{"/users/999999", 404, ""},
			{"/challenges/no-such", 404, ""},
			{"/challenges/secret-plan", 404, ""},
			{"/challenges/open-car", 200, ""},
			{"/no/such/page", 404, ""},
		}
		c := newClient(t, w.Server)
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				r := c.get(tt.path)
				wantCode(t, r, tt.wantCode)
				check(t, "Location", r.Location, tt.wantLoc)
				if tt.wantCode == 404 {
					check(t, "Content-Type", r.Header.Get("Content-Type"), "text/html; charset=UTF-8")
					wantIn(t, r, `<header class="topbar"`) // the site's look
					wantIn(t, r, `class="error-page"`)
				}
			})
		}
		t.Run("JSON 404", func(t *testing.T) {
			var out map[string]string
			r := c.getJSON("/ideas/999999", &out)
			wantCode(t, r, http.StatusNotFound)
			if out["error"] == "" {
				t.Errorf("no JSON error: %s", r)
			}
		})
	})
}

func TestHiddenIdea(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Hugo")
		idea := w.idea(t, author, "Hidden treasure idea", w.open, w.design)
		w.hide(t, idea.ID)

		tests := []struct {
			name string
			who  *client
			want int
		}{
			{"visitor", newClient(t, w.Server), 404},
			{"someone else", w.login(t, w.user(t, "Other")), 404},
			{"author", w.login(t, author), 200},
			{"moderator", w.login(t, w.userWithRole(t, "Mod", accounts.RoleModerator)), 200},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.who.get(idea.URL())
				wantCode(t, r, tt.want)
				if tt.want == 200 {
					wantIn(t, r, "This idea is hidden from the public.")
				} else {
					wantNotIn(t, r, "Hidden treasure")
				}
				for _, p := range []string{"/ideas", "/", "/feed.atom", "/users/" + strconv.FormatInt(author.ID, 10), "/challenges/open-car", "/ideas?q=treasure"} {
					wantNotIn(t, tt.who.get(p), "Hidden treasure")
				}
			})
		}
		t.Run("no vote, comment or follow", func(t *testing.T) {
			c := w.login(t, w.user(t, "Voter"))
			for _, action := range []string{"/vote", "/comments", "/follow"} {
				r := c.postJSON(ideaPath(idea.ID)+action, url.Values{"body": {"hello"}}, nil)
				wantCode(t, r, http.StatusNotFound)
			}
			check(t, "votes", w.count(t, "votes", "idea_id = ?", idea.ID), 0)
			check(t, "comments", w.count(t, "comments", "idea_id = ?", idea.ID), 0)
			check(t, "followers", w.count(t, "follows", "idea_id = ?", idea.ID), 1) // the author
		})
	})
}

func TestEditIdea(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Iris")
		idea := w.idea(t, author, "Original title here", w.open, w.design, "first")
		edit := ideaPath(idea.ID) + "/edit"
		form := url.Values{"title": {"Better title here"}, "body": {"New body"}, "category": {"materials"}, "tags": {"second, third"}}

		t.Run("someone else", func(t *testing.T) {
			c := w.login(t, w.user(t, "Jack"))
			wantCode(t, c.get(edit), http.StatusForbidden)
			r := c.postForm(edit, withToken(form, c.csrf("/")))
			wantCode(t, r, http.StatusForbidden)
			check(t, "title", must(w.Store.Ideas.IdeaByID(context.Background(), idea.ID))(t).Title, "Original title here")
		})
		t.Run("invalid", func(t *testing.T) {
			c := w.login(t, author)
			bad := withToken(form, c.csrf(edit))
			bad.Set("title", "Bad")
			r := c.postForm(edit, bad)
			wantCode(t, r, http.StatusUnprocessableEntity)
			if fieldError(r.Body, "title") == "" {
				t.Errorf("no message next to the title: %s", r)
			}
			check(t, "title", must(w.Store.Ideas.IdeaByID(context.Background(), idea.ID))(t).Title, "Original title here")
		})
		t.Run("category of another challenge", func(t *testing.T) {
			c := w.login(t, author)
			bad := withToken(form, c.csrf(edit))
			bad.Set("category", "other")
			r := c.postForm(edit, bad)
			wantCode(t, r, http.StatusUnprocessableEntity)
			if fieldError(r.Body, "category") == "" {
				t.Errorf("no message next to the category: %s", r)
			}
		})
		t.Run("own", func(t *testing.T) {
			c := w.login(t, author)
			r := c.get(edit)
			wantCode(t, r, http.StatusOK)
			wantIn(t, r, `value="Original title here"`)
			wantIn(t, r, `value="first"`)
			r = c.submit(edit, edit, form)
			wantCode(t, r, http.StatusSeeOther)
			check(t, "redirect", r.Location, ideaPath(idea.ID)+"-better-title-here")
			got := must(w.Store.Ideas.IdeaByID(context.Background(), idea.ID))(t)
			check(t, "title", got.Title, "Better title here")
			check(t, "category", *got.CategoryID, w.materials.ID)
			check(t, "challenge", *got.ChallengeID, w.open.ID)
			tags := must(w.Store.Ideas.IdeaTags(context.Background(), idea.ID))(t)
			check(t, "tags", len(tags), 2)
			wantIn(t, c.follow(r), "Better title here")
		})
		t.Run("moderator", func(t *testing.T) {
			c := w.login(t, w.userWithRole(t, "Mod", accounts.RoleModerator))
			f := url.Values{"title": {"Moderated title"}, "body": {"x"}, "category": {"design"}}
			r := c.submit(edit, edit, f)
			wantCode(t, r, http.StatusSeeOther)
			check(t, "title", must(w.Store.Ideas.IdeaByID(context.Background(), idea.ID))(t).Title, "Moderated title")
		})
		t.Run("own, after the challenge closed", func(t *testing.T) {
			closed := w.closedIdea(t, author, "Closed idea title")
			c := w.login(t, author)
			wantCode(t, c.get(ideaPath(closed.ID)+"/edit"), http.StatusForbidden)
			r := c.postForm(ideaPath(closed.ID)+"/edit", withToken(form, c.csrf("/")))
			wantCode(t, r, http.StatusForbidden)
		})
	})
}

func TestWhoMayPost(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		author := w.user(t, "Quentin")
		idea := w.idea(t, author, "An idea to support", w.open, w.design)
		actions := []struct {
			path string
			form url.Values
		}{
			{"/ideas", ideaForm("Posted by whom?")},
			{ideaPath(idea.ID) + "/vote", nil},
			{ideaPath(idea.ID) + "/comments", url.Values{"body": {"Me too"}}},
		}
		snapshot := func() [3]int64 {
			return [3]int64{w.count(t, "ideas", ""), w.count(t, "votes", ""), w.count(t, "comments", "")}
		}

		t.Run("unverified, when the site asks for a confirmed address", func(t *testing.T) {
			site := must(w.Store.Site.Settings(ctx))(t)
			site.RequireVerify = true
			if err := w.Store.Site.SaveSettings(ctx, site); err != nil {
				t.Fatal(err)
			}
			defer func() {
				site.RequireVerify = false
				if err := w.Store.Site.SaveSettings(ctx, site); err != nil {
					t.Error(err)
				}
			}()
			u := w.user(t, "Unverified")
			c := w.login(t, u)
			before := snapshot()
			for _, a := range actions {
				r := c.submit("/", a.path, a.form)
				wantCode(t, r, http.StatusForbidden)
				wantIn(t, r, "confirm your email address")
			}
			check(t, "changes", snapshot(), before)
			if err := w.Store.Accounts.MarkVerified(ctx, u.ID); err != nil {
				t.Fatal(err)
			}
			for _, a := range actions {
				wantCode(t, c.submit("/", a.path, a.form), http.StatusSeeOther)
			}
		})

		t.Run("suspended", func(t *testing.T) {
			u := w.user(t, "Suspended")
			own := must(w.Store.Comments.CreateComment(ctx, u, idea.ID, nil, "Posted before the suspension"))(t)
			actions := append(actions, struct {
				path string
				form url.Values
			}{"/comments/" + itoa(own.ID) + "/edit", url.Values{"body": {"Spam spam spam"}}})
			if err := testutil.Behind(w.Store).Exec("UPDATE users SET suspended_until = ?, suspend_reason = ? WHERE id = ?",
				time.Now().Add(24*time.Hour).UTC(), "spam", u.ID).Error; err != nil {
				t.Fatal(err)
			}
			c := w.login(t, u)
			before := snapshot()
			for _, a := range actions {
				r := c.submit("/", a.path, a.form)
				wantCode(t, r, http.StatusForbidden)
				wantIn(t, r, "suspended")
				var out map[string]string
				wantCode(t, c.postJSON(a.path, a.form, &out), http.StatusForbidden)
			}
			check(t, "changes", snapshot(), before)
			check(t, "comment", must(w.Store.Comments.CommentByID(ctx, own.ID))(t).Body, "Posted before the suspension")
		})
	})
}
