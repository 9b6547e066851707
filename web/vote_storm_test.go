package web_test

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// TestVoteStorm sends votes all at once over HTTP, as a crowd of browsers
// would: one person clicking a hundred times leaves one vote, a hundred
// people leave a hundred, and a database kept busy by it all answers
// every request (a vote, or a refusal by the rate limit), never a 500.
func TestVoteStorm(t *testing.T) {
	const n = 100
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		author := w.user(t, "Storm author")
		storm := func(t *testing.T, idea *ideas.Idea, clients []*client) map[int]int {
			t.Helper()
			tokens := make([]string, len(clients))
			for i, c := range clients {
				tokens[i] = c.csrf(idea.URL())
			}
			var (
				wg    sync.WaitGroup
				mu    sync.Mutex
				codes = map[int]int{}
				start = make(chan struct{})
			)
			for i := range n {
				c := clients[i%len(clients)]
				token := tokens[i%len(clients)]
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					r := c.post(ideaPath(idea.ID)+"/vote", withToken(url.Values{}, token), http.Header{"Accept": {"application/json"}})
					mu.Lock()
					codes[r.Code]++
					mu.Unlock()
				}()
			}
			close(start)
			wg.Wait()
			for code, count := range codes {
				if code != http.StatusOK && code != http.StatusTooManyRequests {
					t.Errorf("%d answers %d", count, code)
				}
			}
			return codes
		}

		t.Run("one person, a hundred times at once", func(t *testing.T) {
			idea := w.idea(t, author, "Voted by one person in a hurry", w.open, w.design)
			voter := w.user(t, "Impatient")
			codes := storm(t, idea, []*client{w.login(t, voter)})
			if codes[http.StatusOK] == 0 {
				t.Fatalf("no vote went through: %v", codes)
			}
			check(t, "votes on the idea", must(w.Store.Ideas.IdeaByID(ctx, idea.ID))(t).VoteCount, 1)
			check(t, "vote rows", w.count(t, "votes", "idea_id = ?", idea.ID), 1)
		})

		t.Run("a hundred people at once", func(t *testing.T) {
			idea := w.idea(t, author, "Voted by a crowd at once", w.open, w.design)
			clients := make([]*client, n)
			for i, u := range w.crowd(t, n) {
				clients[i] = w.login(t, u)
			}
			codes := storm(t, idea, clients)
			check(t, "answers 200", codes[http.StatusOK], n)
			check(t, "votes on the idea", must(w.Store.Ideas.IdeaByID(ctx, idea.ID))(t).VoteCount, n)
			check(t, "vote rows", w.count(t, "votes", "idea_id = ?", idea.ID), n)
			fixes, err := w.Store.Recount.Counters(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(fixes) > 0 {
				t.Errorf("a recount finds counters that disagree: %+v", fixes)
			}
		})
	})
}

// crowd makes n contributors who share the test password, hashing it once.
func (w *world) crowd(t *testing.T, n int) []*accounts.User {
	t.Helper()
	first := w.user(t, "Crowd")
	people := []*accounts.User{first}
	for range n - 1 {
		u := *first
		name := testutil.Name("crowd")
		u.ID, u.Email, u.Handle = 0, name+"@example.org", name
		if err := testutil.Behind(w.Store).Create(&u).Error; err != nil {
			t.Fatal(err)
		}
		people = append(people, &u)
	}
	return people
}
