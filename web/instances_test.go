package web_test

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

// on is the same browser (the same cookies) talking to another instance.
// Cookies do not tell ports apart, so the jar serves both.
func (c *client) on(s *testutil.Server) *client {
	other := *c
	other.base = s.URL
	return &other
}

// eventuallyOn loads a page until check accepts it, failing the test
// after a deadline: the other instance hears of a change a moment later.
func eventuallyOn(t *testing.T, c *client, page, what string, check func(*response) bool) {
	t.Helper()
	eventuallyWithin(t, 10*time.Second, c, page, what, check)
}

// eventuallyWithin loads a page until check accepts it, failing the test
// after d.
func eventuallyWithin(t *testing.T, d time.Duration, c *client, page, what string, check func(*response) bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		r := c.get(page)
		if r.Code == http.StatusOK && check(r) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not so after %s: %s", what, d, r)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestTwoInstances starts two instances on one PostgreSQL database, as
// behind a load balancer, and checks that nothing one of them needs lives
// in the other's memory: sessions, votes, and cached pages.
func TestTwoInstances(t *testing.T) {
	if os.Getenv("IDEARIO_TEST_POSTGRES") == "" {
		testutil.Skip(t, "the two-instance test needs IDEARIO_TEST_POSTGRES=postgres://...")
	}
	w := newWorld(t, "postgres")
	a, b := w.Server, w.Twin(t)
	idea := w.idea(t, w.user(t, "Author"), "Recycled seat fabric", w.open, w.design)
	id := itoa(idea.ID)
	voter := w.user(t, "Vera Voter")

	onA := w.login(t, voter)
	onB := onA.on(b)
	anonA, anonB := newClient(t, a), newClient(t, b)
	list := "/ideas?sort=top"

	t.Run("a session made on one works on the other", func(t *testing.T) {
		r := onB.get("/account")
		wantCode(t, r, http.StatusOK)
		wantIn(t, r, voter.Email)
	})

	t.Run("a vote on one shows on the other, cached pages included", func(t *testing.T) {
		warm(t, anonA, list)
		warm(t, anonB, list)
		r := onA.submit(idea.URL(), "/ideas/"+id+"/vote", nil)
		wantCode(t, r, http.StatusSeeOther)

		wantIn(t, onB.get(idea.URL()), `action="/ideas/`+id+`/unvote"`)
		// Votes empty the stored pages at most once a second (see
		// pageVoteLag): the count shows within a second on both.
		eventuallyOn(t, anonA, list, "the vote on this instance's cached page", func(r *response) bool {
			return strings.Contains(r.Body, `data-vote-count>1<`)
		})
		eventuallyOn(t, anonB, list, "the vote on the other instance's cached page", func(r *response) bool {
			return strings.Contains(r.Body, `data-vote-count>1<`)
		})
	})

	t.Run("and the other way round", func(t *testing.T) {
		warm(t, anonA, list)
		warm(t, anonB, list)
		wantCode(t, onB.submit(idea.URL(), "/ideas/"+id+"/unvote", nil), http.StatusSeeOther)
		eventuallyOn(t, anonB, list, "the vote taken back on this instance's cached page", func(r *response) bool {
			return strings.Contains(r.Body, `data-vote-count>0<`)
		})
		eventuallyOn(t, anonA, list, "the vote taken back on the other instance's cached page", func(r *response) bool {
			return strings.Contains(r.Body, `data-vote-count>0<`)
		})
	})

	t.Run("signed-in pages from shared parts follow the other instance", func(t *testing.T) {
		commenter := w.login(t, w.user(t, "Cora Commenter"))
		wantNotIn(t, onB.get(idea.URL()), "Washable covers")
		wantIn(t, onB.get(list), `data-vote-count>0<`)
		wantCode(t, commenter.submit(idea.URL(), "/ideas/"+id+"/comments",
			url.Values{"body": {"Washable covers, please"}}), http.StatusSeeOther)
		wantCode(t, commenter.submit(idea.URL(), "/ideas/"+id+"/vote", nil), http.StatusSeeOther)
		eventuallyOn(t, onB, idea.URL(), "the comment made on the other instance", func(r *response) bool {
			return strings.Contains(r.Body, "Washable covers, please")
		})
		eventuallyOn(t, onB, list, "the vote made on the other instance, on a signed-in list", func(r *response) bool {
			return strings.Contains(r.Body, `data-vote-count>1<`)
		})
	})

	t.Run("a vote reaches only what shows its idea, on the other instance too", func(t *testing.T) {
		heard := make(chan struct{}, 1)
		stop := b.Store.OnChange(func(what store.Change) {
			if what&store.Ideas != 0 {
				select {
				case heard <- struct{}{}:
				default:
				}
			}
		})
		other := w.idea(t, w.user(t, "Olga Other"), "Cup holders of cork", w.open, w.materials)
		select { // the new idea's notice empties the other instance's pages: warm them after it
		case <-heard:
		case <-time.After(10 * time.Second):
			t.Fatal("the other instance never heard of the new idea")
		}
		stop()
		untouched := "/ideas?category=materials&sort=new"
		for _, page := range []string{idea.URL(), other.URL(), untouched} {
			warm(t, anonB, page)
		}
		wantCode(t, onA.submit(idea.URL(), "/ideas/"+id+"/vote", nil), http.StatusSeeOther)
		eventuallyOn(t, anonB, idea.URL(), "the voted idea's page aged on the other instance", func(r *response) bool {
			return r.Header.Get("X-Cache") == "stale"
		})
		wantCache(t, anonB.get(other.URL()), "hit")
		wantCache(t, anonB.get(untouched), "hit")
	})
}
