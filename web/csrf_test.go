package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/ideario/ideario/models/votes"
)

// snapshot is what a forged POST must leave as it was.
func (w *world) snapshot(t *testing.T) string {
	t.Helper()
	var out string
	for _, table := range []string{"users", "ideas", "votes", "comments", "follows", "tokens", "tags", "notifications"} {
		out += fmt.Sprintf("%s=%d ", table, w.count(t, table, ""))
	}
	var rows []struct {
		Title, Body string
		VoteCount   int
	}
	if err := w.Store.DB.Table("ideas").Select("title, body, vote_count").Order("id").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out += fmt.Sprintf("ideas:%v ", rows)
	var comments, users []string
	if err := w.Store.DB.Table("comments").Order("id").Pluck("body", &comments).Error; err != nil {
		t.Fatal(err)
	}
	if err := w.Store.DB.Table("users").Order("id").Pluck("name || password_hash || country || locale", &users).Error; err != nil {
		t.Fatal(err)
	}
	return out + fmt.Sprintf("comments:%q users:%q", comments, users)
}

func TestCSRF(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		u := w.user(t, "Elena")
		idea := w.idea(t, u, "Seats made of cork", w.open, w.materials)
		cm := must(w.Store.Comments.CreateComment(context.Background(), u, idea.ID, nil, "First!"))(t)
		id, cid := strconv.FormatInt(idea.ID, 10), strconv.FormatInt(cm.ID, 10)
		ideaForm := url.Values{"title": {"Seats made of hemp"}, "body": {"Changed"}, "challenge": {"open-car"}, "category": {"design"}}
		posts := []struct {
			path string
			form url.Values
		}{
			{"/signup", signupForm("forged@example.org")},
			{"/login", url.Values{"email": {u.Email}, "password": {password}}},
			{"/logout", nil},
			{"/password/forgot", url.Values{"email": {u.Email}}},
			{"/password/reset", url.Values{"token": {"x"}, "password": {"a forged passphrase"}}},
			{"/ideas", ideaForm},
			{"/ideas/" + id + "/edit", ideaForm},
			{"/ideas/" + id + "/vote", nil},
			{"/ideas/" + id + "/unvote", nil},
			{"/ideas/" + id + "/comments", url.Values{"body": {"forged"}}},
			{"/ideas/" + id + "/follow", nil},
			{"/ideas/" + id + "/unfollow", nil},
			{"/comments/" + cid + "/edit", url.Values{"body": {"forged"}}},
			{"/comments/" + cid + "/delete", nil},
			{"/account", url.Values{"name": {"Forged"}, "country": {"FR"}, "locale": {"en"}}},
			{"/notifications/read", nil},
		}
		// Every POST route of the router is covered, those added later too:
		// the ones not listed above are posted with an empty form.
		listed := map[string]bool{}
		for _, p := range posts {
			listed[p.path] = true
		}
		for _, route := range w.App.Echo.Routes() {
			if route.Method != http.MethodPost {
				continue
			}
			p := route.Path
			if p == "/unsubscribe" {
				continue // a mail's signed link, without a token: TestUnsubscribeInOneClick
			}
			if strings.HasPrefix(p, "/comments/") {
				p = strings.ReplaceAll(p, ":id", cid)
			}
			p = strings.ReplaceAll(p, ":id", id)
			p = strings.ReplaceAll(p, ":slug", "open-car")
			p = strings.ReplaceAll(p, "*", "x")
			if !listed[p] {
				listed[p] = true
				posts = append(posts, struct {
					path string
					form url.Values
				}{p, url.Values{"x": {"y"}}})
			}
		}

		victim := w.login(t, u)
		attacker := w.login(t, w.user(t, "Mallory"))
		wrong := attacker.csrf("/") // a real token, of another browser
		if wrong == victim.csrf("/") {
			t.Fatal("two browsers got the same CSRF token")
		}
		before := w.snapshot(t)

		for _, p := range posts {
			for _, tt := range []struct {
				name  string
				token string
			}{
				{"no token", ""},
				{"wrong token", wrong},
				{"garbage token", "x"},
			} {
				t.Run(p.path+"/"+tt.name, func(t *testing.T) {
					form := url.Values{}
					for k, v := range p.form {
						form[k] = v
					}
					if tt.token != "" {
						form.Set("_csrf", tt.token)
					}
					r := victim.postForm(p.path, form)
					wantCode(t, r, http.StatusForbidden)
					wantIn(t, r, `class="error-page"`)

					// the script's way: the token in a header, JSON back
					header := http.Header{"Accept": {"application/json"}}
					if tt.token != "" {
						header.Set("X-CSRF-Token", tt.token)
					}
					var out map[string]string
					r = victim.post(p.path, p.form, header)
					decode(t, r, &out)
					if out["error"] == "" {
						t.Errorf("no JSON error: %s", r)
					}
					wantCode(t, r, http.StatusForbidden)
					check(t, "changes", w.snapshot(t), before)
				})
			}
		}

		t.Run("a browser without the CSRF cookie", func(t *testing.T) {
			fresh := newClient(t, w.Server)
			r := fresh.postForm("/signup", withToken(signupForm("fresh@example.org"), wrong))
			wantCode(t, r, http.StatusForbidden)
			check(t, "changes", w.snapshot(t), before)
		})

		t.Run("the victim is still signed in", func(t *testing.T) {
			wantCode(t, victim.get("/account"), http.StatusOK)
		})

		t.Run("token in the X-CSRF-Token header", func(t *testing.T) {
			var res votes.VoteResult
			r := victim.postJSON("/ideas/"+id+"/vote", nil, &res)
			wantCode(t, r, http.StatusOK)
			check(t, "vote", res, votes.VoteResult{Voted: true, Votes: 1})

			// a plain form with the header and no field is accepted too
			req, _ := http.NewRequest(http.MethodPost, victim.base+"/ideas/"+id+"/unvote", nil)
			req.Header.Set("X-CSRF-Token", victim.csrf("/"))
			r = victim.do(req)
			wantCode(t, r, http.StatusSeeOther)
			check(t, "votes", w.count(t, "votes", "idea_id = ?", idea.ID), 0)
		})

		t.Run("a right token from another site", func(t *testing.T) {
			for _, h := range []http.Header{
				{"Sec-Fetch-Site": {"cross-site"}},
				{"Sec-Fetch-Site": {"same-site"}}, // a sibling subdomain is another site here
				{"Origin": {"https://evil.example"}},
			} {
				follows := w.count(t, "follows", "")
				r := victim.post("/ideas/"+id+"/follow", withToken(nil, victim.csrf(idea.URL())), h)
				wantCode(t, r, http.StatusForbidden)
				wantIn(t, r, "did not come from this site")
				check(t, "follows", w.count(t, "follows", ""), follows)
			}
			for _, h := range []http.Header{
				{"Sec-Fetch-Site": {"same-origin"}},
				{"Sec-Fetch-Site": {"none"}}, // typed in the address bar, a bookmark
				{"Origin": {w.URL}},
				{"Origin": {w.Config.BaseURL}},
			} {
				r := victim.post("/ideas/"+id+"/unfollow", withToken(nil, victim.csrf(idea.URL())), h)
				wantCode(t, r, http.StatusSeeOther)
			}
		})

		t.Run("token in the form field", func(t *testing.T) {
			r := victim.submit(idea.URL(), "/ideas/"+id+"/follow", nil)
			wantCode(t, r, http.StatusSeeOther)
		})
	})
}
