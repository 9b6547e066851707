package web_test

import (
	"context"
	"net/http"
	"testing"
)

// TestCountsLiveOnKeptParts votes twice within a second: the second vote
// leaves the parts that readers share in place (votes empty them at most
// once a second), yet a signed-in reader of the list and of the idea sees
// both votes at once, since the counts in the parts' slots are read for
// each request.
func TestCountsLiveOnKeptParts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		author := w.user(t, "Live Author")
		idea := w.idea(t, author, "Counters that never lag", w.open, w.design)
		reader := w.login(t, w.user(t, "Live Reader"))
		first, second := w.user(t, "First Voter"), w.user(t, "Second Voter")
		if _, err := w.Store.Votes.Vote(ctx, first.ID, idea.ID); err != nil {
			t.Fatal(err)
		}
		for _, page := range []string{"/ideas?sort=new", idea.URL()} {
			wantIn(t, reader.get(page), `data-vote-count>1<`) // the parts, kept with one vote
		}
		if _, err := w.Store.Votes.Vote(ctx, second.ID, idea.ID); err != nil {
			t.Fatal(err)
		}
		for _, page := range []string{"/ideas?sort=new", idea.URL()} {
			r := reader.get(page)
			wantCode(t, r, http.StatusOK)
			wantIn(t, r, `data-vote-count>2<`)
			wantNotIn(t, r, `data-vote-count>1<`)
		}
	})
}
