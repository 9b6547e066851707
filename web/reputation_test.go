package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

// TestReputationPages marks a comment helpful through its button, then
// reads the leaderboard (overall, per challenge, an unknown challenge)
// and the author's profile with its points explained and its badges.
func TestReputationPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Lara")
		idea := w.idea(t, author, "Bamboo dashboard", w.open, w.materials)
		cm := must(w.Store.Comments.CreateComment(context.Background(), author, idea.ID, nil, "Bamboo is light."))(t)
		reader := w.login(t, w.user(t, "Marco"))
		helpful := "/comments/" + itoa(cm.ID) + "/helpful"

		t.Run("the helpful button", func(t *testing.T) {
			page := reader.get(idea.URL())
			wantIn(t, page, `action="`+helpful+`"`)
			r := reader.submit(idea.URL(), helpful, nil)
			wantCode(t, r, http.StatusSeeOther)
			check(t, "back to the comment", r.Location, "/comments/"+itoa(cm.ID))
			wantIn(t, reader.follow(reader.follow(r)), "1 person found this helpful")
			check(t, "count", must(w.Store.Comments.CommentByID(context.Background(), cm.ID))(t).HelpfulCount, 1)
		})
		t.Run("helpful refused", func(t *testing.T) {
			tests := []struct {
				name string
				c    *client
				path string
				want int
			}{
				{"one's own comment", w.login(t, author), helpful, http.StatusForbidden},
				{"no such comment", reader, "/comments/999999/helpful", http.StatusNotFound},
				{"not a number", reader, "/comments/abc/helpful", http.StatusNotFound},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					wantCode(t, tt.c.submit(idea.URL(), tt.path, url.Values{}), tt.want)
				})
			}
			wantCode(t, newClient(t, w.Server).post(helpful, url.Values{}, nil), http.StatusForbidden) // no CSRF token
		})
		t.Run("leaderboard", func(t *testing.T) {
			tests := []struct {
				name, path string
				want       int
				wantIn     string
			}{
				{"overall", "/leaderboard", http.StatusOK, "/users/" + itoa(author.ID)},
				{"in the challenge", "/leaderboard?challenge=" + w.open.Slug, http.StatusOK, "Lara"},
				{"an unknown challenge", "/leaderboard?challenge=nope", http.StatusNotFound, ""},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					r := reader.get(tt.path)
					wantCode(t, r, tt.want)
					if tt.wantIn != "" {
						wantIn(t, r, tt.wantIn)
					}
				})
			}
		})
		t.Run("profile", func(t *testing.T) {
			r := reader.get("/users/" + itoa(author.ID))
			wantCode(t, r, http.StatusOK)
			wantIn(t, r, "Ideas published")
			wantIn(t, r, "Comments found helpful")
			wantIn(t, r, "badge-first_idea")
			wantIn(t, r, "Bamboo dashboard")
		})
	})
}
