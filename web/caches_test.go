package web_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/ideario/ideario/cache"
)

// TestEveryCacheIsInOneGroup lists the caches of a running site: all of
// them are in the store's group, each emptied by the changes that it
// depends on. A vote empties none of them: it ages the stored pages and
// the lists that show its idea (TestVotesAndCommentsReachOnlyWhatShows-
// TheirIdea); a change to a challenge empties the pages, the parts and
// the site-wide lists; the home page's figures only age. The frames
// around signed-in pages are kept by all they show, so no change empties
// them.
func TestEveryCacheIsInOneGroup(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Group Author")
		idea := w.idea(t, author, "A group of caches", w.open, w.design)
		member := w.login(t, w.user(t, "Group Member"))
		anon := newClient(t, w.Server)
		read := func() map[string]cache.Size {
			t.Helper()
			for _, page := range []string{"/", "/ideas", idea.URL()} {
				wantCode(t, anon.get(page), http.StatusOK)
				wantCode(t, member.get(page), http.StatusOK)
			}
			return sizes(w.Store.Caches)
		}
		full := read()
		names := make([]string, 0, len(full))
		for name, s := range full {
			names = append(names, name)
			if s.Values == 0 {
				t.Errorf("%s holds nothing after the pages were read", name)
			}
		}
		slices.Sort(names)
		if want := []string{"fragments", "frames", "home figures", "pages", "parts", "site lists"}; !slices.Equal(names, want) {
			t.Fatalf("the group holds %v, want %v", names, want)
		}

		if _, err := w.Store.Votes.Vote(context.Background(), author.ID, idea.ID); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1100 * time.Millisecond) // past the lag: whatever the vote reaches, it has reached
		after := sizes(w.Store.Caches)
		for name, emptied := range map[string]bool{"pages": false, "parts": false, "fragments": false, "site lists": false, "home figures": false, "frames": false} {
			if got := after[name].Values == 0; got != emptied {
				t.Errorf("after a vote, %s emptied: %v, want %v", name, got, emptied)
			}
		}

		read()
		if err := w.Store.Challenges.SetChallengePhase(context.Background(), w.open.ID, w.open.Phase); err != nil {
			t.Fatal(err)
		}
		after = sizes(w.Store.Caches)
		for name, emptied := range map[string]bool{"pages": true, "parts": true, "site lists": true, "home figures": false, "frames": false} {
			if got := after[name].Values == 0; got != emptied {
				t.Errorf("after a challenge's change, %s emptied: %v, want %v", name, got, emptied)
			}
		}
	})
}

func sizes(g *cache.Group) map[string]cache.Size {
	out := map[string]cache.Size{}
	for _, s := range g.Sizes() {
		out[s.Name] = s
	}
	return out
}
