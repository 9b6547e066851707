package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
	"github.com/ideario/ideario/web"
)

// TestReadOnlyDatabase serves the site from a database that takes no
// writes, as on a full disk or a read-only mount: reading still works, and
// every write gets a clear 503 page (or JSON) that says nothing was saved,
// and saves nothing.
func TestReadOnlyDatabase(t *testing.T) {
	w := newWorld(t, "sqlite")
	author := w.user(t, "Ana Author")
	idea := w.idea(t, author, "A roof of solar cells", w.open, w.design)
	reader := w.login(t, w.user(t, "Rui Reader")) // logged in while the database took writes

	// A second instance on the same file, which may only read it.
	store, err := models.Open(w.DBURL + "?_query_only=true")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	app, err := web.New(w.Config, store, nil, testutil.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	ro := httptest.NewServer(app.Echo)
	t.Cleanup(ro.Close)
	onRO := reader.on(&testutil.Server{Server: ro})
	for _, path := range []string{"/", "/ideas", idea.URL(), "/healthz"} {
		wantCode(t, onRO.get(path), http.StatusOK)
	}
	r := onRO.submit(idea.URL(), "/ideas/"+itoa(idea.ID)+"/comments", url.Values{"body": {"Lost in the void?"}})
	wantCode(t, r, http.StatusServiceUnavailable)
	wantIn(t, r, "Nothing you sent was saved")
	if r.Header.Get("Retry-After") == "" {
		t.Error("a 503 without Retry-After")
	}
	r = onRO.post("/ideas/"+itoa(idea.ID)+"/vote", withToken(url.Values{}, onRO.csrf(idea.URL())), http.Header{"Accept": {"application/json"}})
	wantCode(t, r, http.StatusServiceUnavailable)
	wantIn(t, r, `"error"`)
	if n := w.count(t, "comments", "idea_id = ?", idea.ID); n != 0 {
		t.Errorf("%d comments stored", n)
	}
	if n := w.count(t, "votes", "idea_id = ?", idea.ID); n != 0 {
		t.Errorf("%d votes stored", n)
	}
}
