package web_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"testing"

	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
	"github.com/ideario/ideario/web"
)

// BenchmarkSignedInPages serves the pages a signed-in contributor reads
// most, with 32 requests in flight, on a copy of a large database named by
// IDEARIO_BENCH_DB (a Mio x10 SQLite file; the idea with 100 comments is
// /ideas/1):
//
//	IDEARIO_BENCH_DB=/tmp/h6.db go test ./web/ -run '^$' -bench SignedInPages -benchtime 2000x
func BenchmarkSignedInPages(b *testing.B) {
	_, ts := benchServer(b)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 64},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	token := benchCSRF(b, client, ts.URL+"/login")
	resp, err := client.PostForm(ts.URL+"/login", url.Values{"_csrf": {token},
		"email": {"user4@synthetic.example"}, "password": {"synthetic-password"}})
	if err != nil {
		b.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		b.Fatalf("log-in: %d", resp.StatusCode)
	}
	idea := ts.URL + "/ideas/1"
	if resp, err := client.Get(idea); err == nil {
		_ = resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "" {
			idea = ts.URL + loc // the canonical address, so that no request is a redirect
		}
	}
	for _, page := range []struct{ name, url string }{
		{"healthz", ts.URL + "/healthz"}, {"ideas", ts.URL + "/ideas"}, {"idea-100-comments", idea},
	} {
		b.Run(page.name, func(b *testing.B) {
			b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
			benchGet(b, client, page.url)
		})
	}
}

// benchServer serves the app on the database named by IDEARIO_BENCH_DB (a
// copy of a Mio x10 SQLite database, which benchmarks may change), or
// skips the benchmark without it.
func benchServer(b *testing.B) (*models.Store, *httptest.Server) {
	path := os.Getenv("IDEARIO_BENCH_DB")
	if path == "" {
		b.Skip("IDEARIO_BENCH_DB is unset: set it to a copy of a Mio x10 SQLite database")
	}
	store := testutil.OpenStore(b, "sqlite:"+path)
	cfg := config.Defaults
	cfg.Secret = "bench-secret-0123456789abcdef0123456789abcdef"
	ts := httptest.NewUnstartedServer(nil)
	cfg.BaseURL = "http://" + ts.Listener.Addr().String()
	app, err := web.New(cfg, store, nil, testutil.Logger(b))
	if err != nil {
		b.Fatal(err)
	}
	ts.Config.Handler = app.Echo
	ts.Start()
	b.Cleanup(ts.Close)
	return store, ts
}
