package testutil

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/web"
)

// OpenStore opens the database at dbURL, brings its schema up to date as
// every instance does at start, and closes it at the end of the test.
func OpenStore(t testing.TB, dbURL string) *models.Store {
	t.Helper()
	store, err := models.Open(dbURL)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = store.Close() })
	// Every write must say what it changed, for the caches: a test that
	// runs one that does not fails.
	store.ReportUnannounced(func(sql string) { t.Errorf("a write did not say what it changed: %.300s", sql) })
	if _, err := store.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return store
}

// Twin starts another instance of the application on s's database, with
// the same settings, as a second process behind a load balancer would be:
// its own connections, its own memory, its own address.
func (s *Server) Twin(t testing.TB) *Server {
	t.Helper()
	store := OpenStore(t, s.DBURL)
	outbox := runOutbox(t, store, s.sender)
	app, err := web.New(s.Config, store, outbox, Logger(t))
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts := httptest.NewServer(app.Echo)
	t.Cleanup(ts.Close)
	watchChanges(t, app)
	return &Server{Server: ts, App: app, Store: store, Config: s.Config, Mail: s.Mail, DBURL: s.DBURL, sender: s.sender,
		Notifier: NewNotifier(t, store, outbox, s.Config.BaseURL, s.Config.Secret)}
}

// watchChanges runs the app's change listener, as `ideario serve` does,
// until the end of the test, and waits for it to stop.
func watchChanges(t testing.TB, app *web.App) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.WatchChanges(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("change listener: %v", err)
		}
	})
}
