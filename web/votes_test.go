package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/ideario/ideario/models/votes"
)

func TestVotes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Karin")
		idea := w.idea(t, author, "Foldable rear seats", w.open, w.design)
		closed := w.closedIdea(t, author, "Heated seats for all")
		first := w.idea(t, author, "Budget idea one", w.budget, w.design)
		second := w.idea(t, author, "Budget idea two", w.budget, w.design)

		t.Run("form", func(t *testing.T) {
			c := w.login(t, w.user(t, "Form voter"))
			r := c.submit(idea.URL(), ideaPath(idea.ID)+"/vote", url.Values{"back": {"/ideas?sort=top"}})
			wantCode(t, r, http.StatusSeeOther)
			check(t, "back to", r.Location, "/ideas?sort=top")
			check(t, "votes", w.count(t, "votes", "idea_id = ?", idea.ID), 1)
			page := c.get(idea.URL())
			wantIn(t, page, `action="/ideas/`+itoa(idea.ID)+`/unvote"`)
			wantIn(t, page, `aria-pressed="true"`)

			for _, back := range []string{"https://evil.example/", "//evil.example", "/\t/evil.example"} {
				r = c.submit(idea.URL(), ideaPath(idea.ID)+"/unvote", url.Values{"back": {back}})
				wantCode(t, r, http.StatusSeeOther)
				check(t, "back to", r.Location, ideaPath(idea.ID))
			}
			check(t, "votes", w.count(t, "votes", "idea_id = ?", idea.ID), 0)
		})

		t.Run("JSON", func(t *testing.T) {
			c := w.login(t, w.user(t, "Script voter"))
			c.csrf(idea.URL())
			steps := []struct {
				action string
				want   votes.VoteResult
			}{
				{"/vote", votes.VoteResult{Voted: true, Votes: 1}},
				{"/vote", votes.VoteResult{Voted: true, Votes: 1}},
				{"/unvote", votes.VoteResult{Voted: false, Votes: 0}},
				{"/unvote", votes.VoteResult{Voted: false, Votes: 0}},
			}
			for _, s := range steps {
				var got votes.VoteResult
				r := c.postJSON(ideaPath(idea.ID)+s.action, nil, &got)
				wantCode(t, r, http.StatusOK)
				check(t, s.action, got, s.want)
				check(t, "stored counter", int64(must(w.Store.Ideas.IdeaByID(t.Context(), idea.ID))(t).VoteCount),
					w.count(t, "votes", "idea_id = ?", idea.ID))
			}
		})

		t.Run("authors may vote for their own ideas", func(t *testing.T) {
			c := w.login(t, author)
			var got votes.VoteResult
			wantCode(t, c.postJSON(ideaPath(idea.ID)+"/vote", nil, &got), http.StatusOK)
			check(t, "voted", got.Voted, true)
			c.postJSON(ideaPath(idea.ID)+"/unvote", nil, nil)
		})

		t.Run("challenge in review", func(t *testing.T) {
			c := w.login(t, w.user(t, "Late voter"))
			var out map[string]string
			r := c.postJSON(ideaPath(closed.ID)+"/vote", nil, &out)
			wantCode(t, r, http.StatusConflict)
			if out["error"] == "" {
				t.Errorf("no JSON error: %s", r)
			}
			r = c.submit("/", ideaPath(closed.ID)+"/vote", nil)
			wantCode(t, r, http.StatusSeeOther)
			wantIn(t, c.follow(r), "Voting is closed for this challenge.")
			check(t, "votes", w.count(t, "votes", "idea_id = ?", closed.ID), 0)
		})

		t.Run("vote budget", func(t *testing.T) {
			c := w.login(t, w.user(t, "Thrifty"))
			var got votes.VoteResult
			wantCode(t, c.postJSON(ideaPath(first.ID)+"/vote", nil, &got), http.StatusOK)
			var out map[string]string
			r := c.postJSON(ideaPath(second.ID)+"/vote", nil, &out)
			wantCode(t, r, http.StatusConflict)
			if out["error"] == "" {
				t.Errorf("no JSON error: %s", r)
			}
			check(t, "votes on the second", w.count(t, "votes", "idea_id = ?", second.ID), 0)
			wantCode(t, c.postJSON(ideaPath(first.ID)+"/vote", nil, &got), http.StatusOK) // again: still fine
			wantCode(t, c.postJSON(ideaPath(first.ID)+"/unvote", nil, &got), http.StatusOK)
			wantCode(t, c.postJSON(ideaPath(second.ID)+"/vote", nil, &got), http.StatusOK)
			check(t, "after moving the vote", got, votes.VoteResult{Voted: true, Votes: 1})
		})

		t.Run("unknown idea", func(t *testing.T) {
			c := w.login(t, w.user(t, "Lost"))
			for _, p := range []string{"/ideas/999999/vote", "/ideas/abc/vote", "/ideas/0/unvote"} {
				var out map[string]string
				wantCode(t, c.postJSON(p, nil, &out), http.StatusNotFound)
				wantCode(t, c.postForm(p, withToken(nil, c.token)), http.StatusNotFound)
			}
		})
	})
}
