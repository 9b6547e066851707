package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models/store"
)

// quietly changes an idea's title without telling any cache, as nothing
// in Ideario writes: a page that still shows the old title was kept
// through the changes that came after.
func quietly(t *testing.T, w *world, ideaID int64, title string) {
	t.Helper()
	err := w.Store.Writes(context.Background(), store.Unseen).
		Exec("UPDATE ideas SET title = ?, updated_at = ? WHERE id = ?", title, time.Now().UTC(), ideaID).Error
	if err != nil {
		t.Fatal(err)
	}
}

// eventually loads a page until check accepts it, within three seconds:
// votes and comments reach the pages they concern within a second or
// two (see pageVoteLag).
func eventually(t *testing.T, c *client, page, what string, check func(*response) bool) {
	t.Helper()
	eventuallyWithin(t, 3*time.Second, c, page, what, check)
}

// TestVotesAndCommentsReachOnlyWhatShowsTheirIdea votes and comments on
// one idea while pages of another are kept: the pages of the other idea,
// and the lists that neither show the idea nor are ordered by votes, stay
// kept; those that show it, or rank by votes, follow within two seconds;
// a comment is on the page of its writer at once.
func TestVotesAndCommentsReachOnlyWhatShowsTheirIdea(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		author := w.user(t, "Nora Narrow")
		voted := w.idea(t, author, "Seats that fold flat", w.open, w.design)
		other := w.idea(t, author, "Recycled seat fabric", w.open, w.materials)
		anon := newClient(t, w.Server)
		reader := w.login(t, w.user(t, "Rita Reader"))
		voter := w.user(t, "Vic Voter")
		untouched := "/ideas?category=materials&sort=new" // shows the other idea alone, newest first
		ranked := "/ideas?category=materials&sort=top"    // the same, by votes

		t.Run("a vote leaves the stored pages of other ideas", func(t *testing.T) {
			for _, page := range []string{voted.URL(), other.URL(), untouched, ranked} {
				warm(t, anon, page)
			}
			if _, err := w.Store.Votes.Vote(ctx, voter.ID, voted.ID); err != nil {
				t.Fatal(err)
			}
			stale := func(r *response) bool { return r.Header.Get("X-Cache") == "stale" }
			eventually(t, anon, ranked, "a list by votes aged", stale)
			eventually(t, anon, voted.URL(), "the voted idea's page aged", stale)
			wantCache(t, anon.get(other.URL()), "hit")
			wantCache(t, anon.get(untouched), "hit")
			eventually(t, anon, voted.URL(), "the vote on its idea's stored page", func(r *response) bool {
				return strings.Contains(r.Body, `data-vote-count>1<`) && r.Header.Get("X-Cache") == "hit"
			})
		})

		t.Run("a vote leaves the parts of other ideas; lists by votes follow", func(t *testing.T) {
			for _, page := range []string{other.URL(), untouched, ranked} {
				wantIn(t, reader.get(page), "Recycled seat fabric")
			}
			quietly(t, w, other.ID, "Recycled seat covers")
			if _, err := w.Store.Votes.Unvote(ctx, voter.ID, voted.ID); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1500 * time.Millisecond) // past the lag: whatever the vote reaches, it has reached
			for _, page := range []string{other.URL(), untouched} {
				r := reader.get(page)
				wantIn(t, r, "Recycled seat fabric") // kept: the vote on another idea did not reach it
				wantNotIn(t, r, "Recycled seat covers")
			}
			eventually(t, reader, ranked, "a list by votes after a vote", func(r *response) bool {
				return strings.Contains(r.Body, "Recycled seat covers")
			})
		})

		t.Run("a comment is on its writer's page at once, and nowhere else", func(t *testing.T) {
			wantIn(t, reader.get(voted.URL()), "Seats that fold flat")
			r := reader.submit(voted.URL(), "/ideas/"+itoa(voted.ID)+"/comments", url.Values{"body": {"Hinges from old doors"}})
			wantCode(t, r, http.StatusSeeOther)
			wantIn(t, reader.get(voted.URL()), "Hinges from old doors")
			wantNotIn(t, reader.get(other.URL()), "Recycled seat covers")
			eventually(t, anon, voted.URL(), "the comment on the stored page", func(r *response) bool {
				return strings.Contains(r.Body, "Hinges from old doors")
			})
		})

		t.Run("any other change reaches every page at once", func(t *testing.T) {
			err := w.Store.Writes(ctx, store.Ideas).Exec("UPDATE ideas SET updated_at = ? WHERE id = ?", time.Now().UTC(), voted.ID).Error
			if err != nil {
				t.Fatal(err)
			}
			for _, page := range []string{other.URL(), untouched} {
				wantIn(t, reader.get(page), "Recycled seat covers")
			}
		})
	})
}
