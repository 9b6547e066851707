package web

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ideario/ideario/cache"
	"github.com/labstack/echo/v4"
)

func page(key string, size int) *cachedPage {
	return &cachedPage{key: key, status: http.StatusOK, body: []byte(strings.Repeat("x", size)), header: http.Header{}}
}

// TestPageCacheBounds checks the memory bound (least recently used out
// first), the refusal of pages rendered before a change, and expiry.
func TestPageCacheBounds(t *testing.T) {
	t.Run("evicts the least recently used past the bound", func(t *testing.T) {
		pc := newPageCache(4500, 2000, time.Minute)
		pc.put(page("/a", 1000), 0)
		pc.put(page("/b", 1000), 0)
		pc.put(page("/c", 1000), 0)
		if pc.get("/a") == nil { // /a is now the most recently used
			t.Fatal("/a evicted before the bound was reached")
		}
		pc.put(page("/d", 1000), 0)
		for key, want := range map[string]bool{"/a": true, "/b": false, "/c": true, "/d": true} {
			if got := pc.get(key) != nil; got != want {
				t.Errorf("%s stored: %v, want %v", key, got, want)
			}
		}
		if pages, size := pc.stats(); pages != 3 || size > 4500 {
			t.Errorf("%d pages, %d bytes; want 3 pages within 4500 bytes", pages, size)
		}
	})
	t.Run("a page larger than an entry may be is not stored", func(t *testing.T) {
		pc := newPageCache(3500, 2000, time.Minute)
		pc.put(page("/big", 2500), 0)
		if pc.get("/big") != nil {
			t.Error("stored a page above the entry limit")
		}
	})
	t.Run("a page rendered before a change is not stored", func(t *testing.T) {
		pc := newPageCache(1<<20, 1<<20, time.Minute)
		gen := pc.generation()
		pc.invalidate()
		pc.put(page("/a", 10), gen)
		if pc.get("/a") != nil {
			t.Error("stored a page of an older generation")
		}
	})
	t.Run("invalidate drops everything", func(t *testing.T) {
		pc := newPageCache(1<<20, 1<<20, time.Minute)
		pc.put(page("/a", 10), 0)
		pc.invalidate()
		if pages, size := pc.stats(); pages != 0 || size != 0 {
			t.Errorf("%d pages, %d bytes after invalidate", pages, size)
		}
	})
	t.Run("expired pages are not served", func(t *testing.T) {
		pc := newPageCache(1<<20, 1<<20, -time.Second) // every page has expired already
		pc.put(page("/a", 10), 0)
		if pc.get("/a") != nil {
			t.Error("served an expired page")
		}
	})
}

// TestPageCacheRefuses runs the middleware in front of a handler that
// answers what each case asks for, and counts how often the handler runs:
// a stored answer is served without it.
func TestPageCacheRefuses(t *testing.T) {
	pc := newPageCache(1<<20, 4096, time.Minute)
	calls := map[string]int{}
	e := echo.New()
	e.Use(pc.middleware)
	e.GET("/ideas", func(c echo.Context) error {
		kind := c.QueryParam("kind")
		calls[kind]++
		switch kind {
		case "cookie":
			c.SetCookie(&http.Cookie{Name: "x", Value: "y"})
		case "form":
			return c.HTML(http.StatusOK, `<form><input type="hidden" name="_csrf" value="tok"></form>`)
		case "token":
			cookie, _ := c.Cookie(csrfCookie)
			return c.HTML(http.StatusOK, `<p data-token="`+cookie.Value+`">`)
		case "moved":
			return c.Redirect(http.StatusMovedPermanently, "/ideas/1-slug")
		case "found":
			return c.Redirect(http.StatusFound, "/elsewhere")
		case "missing":
			return echo.NewHTTPError(http.StatusNotFound)
		case "big":
			return c.HTML(http.StatusOK, strings.Repeat("b", 5000))
		}
		return c.HTML(http.StatusOK, "<p>"+kind+"</p>")
	})
	get := func(query string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/ideas?"+query, nil)
		for _, c := range cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec
	}
	csrf := &http.Cookie{Name: csrfCookie, Value: strings.Repeat("t", 43)}
	tests := []struct {
		name      string
		kind      string
		query     string // of the second request; the others ask kind=KIND&z=1
		cookies   []*http.Cookie
		wantCalls int // of the handler, for three requests
		wantCode  int
		wantBytes int
	}{
		{"a plain page is stored", "plain", "kind=plain&z=1", nil, 1, 200, len("<p>plain</p>")},
		{"the query's order does not matter", "sorted", "z=1&kind=sorted", nil, 1, 200, len("<p>sorted</p>")},
		{"an answer that sets a cookie", "cookie", "kind=cookie&z=1", nil, 3, 200, len("<p>cookie</p>")},
		{"a page with a CSRF form", "form", "kind=form&z=1", nil, 3, 200, -1},
		{"a page with the browser's CSRF token", "token", "kind=token&z=1", []*http.Cookie{csrf}, 3, 200, -1},
		{"a permanent redirect is stored", "moved", "kind=moved&z=1", nil, 1, 301, 0},
		{"a temporary redirect", "found", "kind=found&z=1", nil, 3, 302, 0},
		{"an error", "missing", "kind=missing&z=1", nil, 3, 404, -1},
		{"a page above the entry limit", "big", "kind=big&z=1", nil, 3, 200, 5000},
		{"a signed-in browser", "session", "kind=session&z=1", []*http.Cookie{{Name: sessionCookie, Value: "s"}}, 3, 200, len("<p>session</p>")},
		{"a browser with a flash message", "flash", "kind=flash&z=1", []*http.Cookie{{Name: flashCookie, Value: "f"}}, 3, 200, len("<p>flash</p>")},
		{"a query that does not parse", "odd", "kind=odd&z=1&%zz", []*http.Cookie{}, 2, 200, len("<p>odd</p>")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range 3 {
				query := "kind=" + tt.kind + "&z=1"
				if i == 1 {
					query = tt.query
				}
				rec := get(query, tt.cookies...)
				if rec.Code != tt.wantCode {
					t.Fatalf("request %d: status %d, want %d", i, rec.Code, tt.wantCode)
				}
				if tt.wantBytes >= 0 && rec.Body.Len() != tt.wantBytes {
					t.Errorf("request %d: %d bytes, want %d", i, rec.Body.Len(), tt.wantBytes)
				}
			}
			if calls[tt.kind] != tt.wantCalls {
				t.Errorf("handler ran %d times, want %d", calls[tt.kind], tt.wantCalls)
			}
		})
	}
}

// TestPageCacheConditional checks HEAD and If-None-Match on a stored page.
func TestPageCacheConditional(t *testing.T) {
	pc := newPageCache(1<<20, 1<<20, time.Minute)
	e := echo.New()
	e.Use(pc.middleware)
	e.GET("/ideas", func(c echo.Context) error { return c.HTML(http.StatusOK, "<p>ideas</p>") })
	do := func(method string, header http.Header) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "/ideas", nil)
		for k, v := range header {
			req.Header[k] = v
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec
	}
	first := do(http.MethodGet, nil)
	etag := first.Header().Get("ETag")
	if first.Header().Get("X-Cache") != "miss" || etag == "" {
		t.Fatalf("first answer: X-Cache %q, ETag %q", first.Header().Get("X-Cache"), etag)
	}
	tests := []struct {
		name      string
		method    string
		header    http.Header
		wantCode  int
		wantBody  string
		wantCache string
	}{
		{"GET", http.MethodGet, nil, 200, "<p>ideas</p>", "hit"},
		{"matching ETag", http.MethodGet, http.Header{"If-None-Match": {etag}}, 304, "", "hit"},
		{"one of several, weak", http.MethodGet, http.Header{"If-None-Match": {`"old", W/` + etag}}, 304, "", "hit"},
		{"another ETag", http.MethodGet, http.Header{"If-None-Match": {`"old"`}}, 200, "<p>ideas</p>", "hit"},
		{"HEAD", http.MethodHead, nil, 200, "", "hit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(tt.method, tt.header)
			if rec.Code != tt.wantCode || rec.Body.String() != tt.wantBody || rec.Header().Get("X-Cache") != tt.wantCache {
				t.Errorf("got %d %q (X-Cache %q), want %d %q (%q)", rec.Code, rec.Body.String(),
					rec.Header().Get("X-Cache"), tt.wantCode, tt.wantBody, tt.wantCache)
			}
			if rec.Code == 200 && rec.Header().Get("ETag") != etag {
				t.Errorf("ETag %q, want %q", rec.Header().Get("ETag"), etag)
			}
		})
	}
	t.Run("a change invalidates", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, "/ideas", nil)
		e.ServeHTTP(httptest.NewRecorder(), req) // 405: a failure changes nothing
		if got := do(http.MethodGet, nil).Header().Get("X-Cache"); got != "hit" {
			t.Errorf("after a failed POST: X-Cache %q, want hit", got)
		}
		pc.invalidate()
		if got := do(http.MethodGet, nil).Header().Get("X-Cache"); got != "miss" {
			t.Errorf("after a change: X-Cache %q, want miss", got)
		}
	})
}

// TestEtagMatches checks the weak comparison of If-None-Match.
func TestEtagMatches(t *testing.T) {
	for _, tt := range []struct {
		header string
		want   bool
	}{
		{`"a"`, true}, {`W/"a"`, true}, {`"b", "a"`, true}, {`*`, true}, {`"b"`, false}, {``, false}, {`a`, false},
	} {
		if got := etagMatches(tt.header, `"a"`); got != tt.want {
			t.Errorf("etagMatches(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

// TestPageCacheCoalesces checks that the requests for a page that is being
// rendered wait for it instead of rendering it too, as they would all do
// right after a change; and that they render their own when the page
// cannot be stored.
func TestPageCacheCoalesces(t *testing.T) {
	for _, tt := range []struct {
		name      string
		cookie    bool // the page sets a cookie: not stored
		wantCalls int64
	}{
		{"a stored page is shared", false, 1},
		{"a page that cannot be stored is rendered for each", true, 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pc := newPageCache(1<<20, 1<<20, time.Minute)
			var calls atomic.Int64
			started, release := make(chan struct{}, 10), make(chan struct{})
			e := echo.New()
			e.Use(pc.middleware)
			e.GET("/ideas", func(c echo.Context) error {
				if calls.Add(1) == 1 {
					started <- struct{}{}
					<-release
				}
				if tt.cookie {
					c.SetCookie(&http.Cookie{Name: "x", Value: "y"})
				}
				return c.HTML(http.StatusOK, "<p>ideas</p>")
			})
			var wg sync.WaitGroup
			codes := make(chan int, 5)
			get := func() {
				defer wg.Done()
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ideas", nil))
				codes <- rec.Code
			}
			wg.Add(1)
			go get()
			<-started
			for range 4 {
				wg.Add(1)
				go get()
			}
			// Let the four reach the cache while the first renders; were
			// they late, they would find the page stored, and the count
			// would be the same.
			time.Sleep(50 * time.Millisecond)
			close(release)
			wg.Wait()
			close(codes)
			for code := range codes {
				if code != http.StatusOK {
					t.Errorf("status %d", code)
				}
			}
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("handler ran %d times, want %d", got, tt.wantCalls)
			}
		})
	}
}

// TestAgedPageServedWhileRenderedAgain ages a stored page past its
// lifetime: visitors still get it at once, marked stale, while one
// request in the background renders it again into the cache; after a
// change nobody gets it.
func TestAgedPageServedWhileRenderedAgain(t *testing.T) {
	now := time.Unix(1000, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	pc := newPageCacheWith(cache.Options{MaxBytes: 1 << 20, MaxEntry: 1 << 20, TTL: time.Minute, Stale: time.Minute, Clock: clock})
	e := echo.New()
	e.Use(pc.middleware)
	pc.serve = e
	var renders atomic.Int32
	release := make(chan struct{}, 10)
	e.GET("/ideas", func(c echo.Context) error {
		n := renders.Add(1)
		if n > 1 {
			<-release // rendering again takes its time
		}
		return c.HTML(http.StatusOK, "<p>render "+strconv.Itoa(int(n))+"</p>")
	})
	get := func() *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ideas", nil))
		return rec
	}
	if r := get(); r.Body.String() != "<p>render 1</p>" || r.Header().Get(headerCacheState) != "miss" {
		t.Fatalf("first: %q, %s", r.Body.String(), r.Header().Get(headerCacheState))
	}
	mu.Lock()
	now = now.Add(90 * time.Second)
	mu.Unlock()
	for range 5 {
		if r := get(); r.Body.String() != "<p>render 1</p>" || r.Header().Get(headerCacheState) != "stale" {
			t.Fatalf("an aged page: %q, %s; want the old one at once, stale", r.Body.String(), r.Header().Get(headerCacheState))
		}
	}
	release <- struct{}{}
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := get()
		if r.Body.String() == "<p>render 2</p>" {
			if r.Header().Get(headerCacheState) != "hit" {
				t.Errorf("the page rendered again is served as %s", r.Header().Get(headerCacheState))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the aged page was never rendered again")
		}
		time.Sleep(time.Millisecond)
	}
	if n := renders.Load(); n != 2 {
		t.Errorf("%d renders, want 2: many visitors of an aged page start one", n)
	}
	mu.Lock()
	now = now.Add(90 * time.Second)
	mu.Unlock()
	pc.invalidate()
	release <- struct{}{}
	if r := get(); r.Body.String() != "<p>render 3</p>" || r.Header().Get(headerCacheState) != "miss" {
		t.Errorf("after a change: %q, %s; want a page rendered for the request", r.Body.String(), r.Header().Get(headerCacheState))
	}
}
