package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/ideario/ideario/cache"
	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/views"
	"github.com/labstack/echo/v4"
)

// Defaults of the page cache: a few hundred pages' worth of memory, and a
// short life as a safety net for what changes without a write (relative
// times, hot scores that decay, another process's writes on SQLite).
const (
	pageCacheBytes   = 16 << 20
	pageCacheEntry   = 1 << 20
	pageCacheTTL     = 30 * time.Second
	headerCacheState = "X-Cache"
	// pageCacheStale is how long an aged page is still served while one
	// request in the background renders it again: the visitors who come
	// meanwhile do not wait. A change drops it at once, stale or not.
	pageCacheStale = 2 * time.Minute
	// pageVoteLag is how often votes and comments age the stored pages
	// and the order of the kept lists (see cache.Rule): what a stored
	// page shows of them is about that late, twice that at most.
	pageVoteLag = time.Second
)

// cachedRoutes are the pages and API answers that are the same for every
// anonymous visitor. Anything else (forms, admin, reports, account,
// notifications, images) is never stored.
var cachedRoutes = map[string]bool{
	"/": true, "/ideas": true, "/ideas/:id": true, "/challenges": true, "/challenges/:slug": true,
	"/users/:id": true, "/leaderboard": true, "/feed.atom": true,
	"/api/v1/ideas": true, "/api/v1/ideas/:id": true, "/api/v1/challenges": true,
}

// pageCache keeps whole rendered answers for anonymous visitors, least
// recently used first out once maxBytes is reached (see package cache).
// The store's cache group drops or ages them after each change, as the
// pages' rule says (web/app.go): a page rendered before a change that
// concerns it is not stored after it.
type pageCache struct {
	maxEntry int
	pages    *cache.Map[string, *cachedPage]
	// serve renders a page again in the background (the application
	// itself); nil serves no aged page.
	serve      http.Handler
	refreshing sync.Map // of key -> true: pages being rendered again
}

// cachedPage is one stored answer.
type cachedPage struct {
	key    string
	status int // 200, or 301 to an idea's canonical address
	header http.Header
	body   []byte
	etag   string
	// encoded are the body in brotli and gzip, made once, by the first
	// request that accepts each (see encodedBody).
	encoded [2]encoding
	scope   *cache.Scope // what it shows, when its part knows (see views.PageScope)
}

// Scope is what the page shows, for the changes that concern it; nil
// when it may show anything.
func (p *cachedPage) Scope() *cache.Scope {
	if p == nil {
		return nil
	}
	return p.scope
}

func newPageCache(maxBytes, maxEntry int, ttl time.Duration) *pageCache {
	return newPageCacheWith(cache.Options{MaxBytes: maxBytes, MaxEntry: min(maxEntry, maxBytes), TTL: ttl})
}

// newPageCacheWith makes a page cache with every option of its Map (an
// aged page's Stale time, a clock for tests). The Map is only ever read
// with Peek, PeekStale and Lookup: a page is rendered by the request
// that misses it, never by the Map in the background.
func newPageCacheWith(opt cache.Options) *pageCache {
	return &pageCache{maxEntry: opt.MaxEntry, pages: cache.New[string, *cachedPage](opt)}
}

// invalidate drops every stored page; pages being rendered will not be
// stored either.
func (pc *pageCache) invalidate() { pc.pages.Invalidate() }

// generation is the count of invalidations so far.
func (pc *pageCache) generation() uint64 { return pc.pages.Generation() }

// get returns the stored page of key, if fresh.
func (pc *pageCache) get(key string) *cachedPage {
	p, _ := pc.pages.Peek(key)
	return p
}

// put stores a page rendered during generation gen, unless the data has
// changed since; it tells whether the page was stored.
func (pc *pageCache) put(p *cachedPage, gen uint64) bool {
	return pc.pages.Put(p.key, p, sizeOf(p), gen)
}

// sizeOf is about how much memory a stored page takes, with room for its
// compressed bodies (a fifth of it, as HTML compresses).
func sizeOf(p *cachedPage) int {
	size := len(p.key) + len(p.body) + len(p.body)/5 + len(p.etag) + 256
	for k, vs := range p.header {
		size += len(k)
		for _, v := range vs {
			size += len(v)
		}
	}
	return size
}

// stats tells how many pages and bytes are stored, for tests.
func (pc *pageCache) stats() (pages, size int) { return pc.pages.Len() }

// middleware serves anonymous GET and HEAD requests of the cached routes
// from the cache, and stores what they render when it is fit for
// everyone. The cache is emptied by the changes that writes announce
// (it is in the store's cache group), not by the requests that make
// them. It runs inside countVisitors, so that a page served from the
// cache still counts its visitor.
func (pc *pageCache) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if unsafeMethod(r.Method) {
			return next(c) // what it writes, the store announces (see store.Change)
		}
		key, ok := cacheKey(c)
		if !ok {
			return next(c)
		}
		if p, fresh, ok := pc.pages.PeekStale(key); ok && !renderingAgain(r) {
			if fresh {
				return servePage(c, p, "hit")
			}
			pc.renderAgain(c, key)
			return servePage(c, p, "stale")
		}
		if r.Method != http.MethodGet {
			c.Response().Header().Set(headerCacheState, "miss")
			return next(c)
		}
		return pc.render(c, key, next)
	}
}

// render fills the cache with a page, or waits for the request that is
// already rendering it and serves what it stored. When that page is not
// fit for everyone, each waiting request renders its own.
func (pc *pageCache) render(c echo.Context, key string, next echo.HandlerFunc) error {
	p, pending, _ := pc.pages.Lookup(key)
	if pending != nil {
		defer pending.Abandon() // if the handler panics, the waiting requests render their own
		rec, err := pc.record(c, next)
		p := pc.pageOf(c, key, rec, err)
		if p == nil {
			pending.Finish(nil, -1, nil) // not for everyone: the waiting requests render their own
		} else {
			pending.Finish(p, sizeOf(p), nil)
		}
		return pc.send(c, rec, p, err)
	}
	if p != nil {
		return servePage(c, p, "hit")
	}
	gen := pc.generation()
	rec, err := pc.record(c, next)
	p = pc.pageOf(c, key, rec, err)
	if p != nil {
		pc.put(p, gen)
	}
	return pc.send(c, rec, p, err)
}

// refreshKey marks the request that renders an aged page again.
type refreshKey struct{}

// renderingAgain tells whether a request renders an aged page again.
func renderingAgain(r *http.Request) bool { return r.Context().Value(refreshKey{}) != nil }

// renderAgain has an aged page rendered again in the background, once
// however many visitors ask for it meanwhile: the same request, detached
// from the visitor, goes through the whole application into the cache.
func (pc *pageCache) renderAgain(c echo.Context, key string) {
	r := c.Request()
	if pc.serve == nil || r.Method != http.MethodGet {
		return
	}
	if _, busy := pc.refreshing.LoadOrStore(key, true); busy {
		return
	}
	again := r.Clone(context.WithValue(context.WithoutCancel(r.Context()), refreshKey{}, true))
	again.Header.Del("If-None-Match")
	go func() {
		defer pc.refreshing.Delete(key)
		pc.serve.ServeHTTP(discard{header: http.Header{}}, again)
	}()
}

// discard is the answer of a page rendered again: nobody reads it, the
// cache keeps it.
type discard struct{ header http.Header }

func (d discard) Header() http.Header         { return d.header }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}

// cacheKey names what an anonymous request's answer depends on: its
// language, the path,
// the query (its parameters sorted) and whether JSON was asked for. ok is
// false for requests that must not share answers: a session, a flash
// message or credentials, a route that is not cached, or a query that does
// not parse (the page would embed it as it came).
func cacheKey(c echo.Context) (string, bool) {
	r := c.Request()
	if !cachedRoutes[c.Path()] || r.Header.Get(echo.HeaderAuthorization) != "" {
		return "", false
	}
	for _, name := range []string{sessionCookie, flashCookie} {
		if _, err := r.Cookie(name); err == nil {
			return "", false
		}
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "", false
	}
	key := handlers.RequestLocale(c) + "\x00" + r.URL.EscapedPath() + "?" + query.Encode()
	if strings.Contains(r.Header.Get(echo.HeaderAccept), echo.MIMEApplicationJSON) {
		key += "\x00json"
	}
	return key, true
}

// record runs the handler with its answer held back (see recorder).
func (pc *pageCache) record(c echo.Context, next echo.HandlerFunc) (*recorder, error) {
	res := c.Response()
	rec := &recorder{ResponseWriter: res.Writer, limit: pc.maxEntry, status: http.StatusOK}
	res.Writer = rec
	err := next(c)
	res.Writer = rec.ResponseWriter
	return rec, err
}

// pageOf is the answer recorded, as a page to store, or nil when it is not
// fit for every visitor.
func (pc *pageCache) pageOf(c echo.Context, key string, rec *recorder, err error) *cachedPage {
	if rec.passing || !rec.wrote || err != nil || !storable(c, rec) {
		return nil
	}
	return &cachedPage{key: key, status: rec.status, header: c.Response().Header().Clone(), body: rec.buf.Bytes(),
		etag: etagOf(rec.buf.Bytes()), scope: views.PageScope(c)}
}

// send sends the answer recorded: as a stored page is sent when it was
// fit to store (p), compressed and with its ETag; else as it was.
func (pc *pageCache) send(c echo.Context, rec *recorder, p *cachedPage, err error) error {
	if rec.passing || !rec.wrote {
		return err
	}
	if p != nil {
		return servePage(c, p, "miss")
	}
	c.Response().Header().Set(headerCacheState, "miss")
	// A failed write here is the client gone: there is no one left to tell,
	// and the handler's own error, if any, is the one to report.
	_ = rec.release()
	return err
}

// storable tells whether an answer may be served to every anonymous
// visitor: a full 200 (or a permanent redirect, as from an idea's number
// to its address with the slug) to nobody signed in, that sets no cookie
// and holds no CSRF token (which belongs to one browser).
func storable(c echo.Context, rec *recorder) bool {
	if (rec.status != http.StatusOK && rec.status != http.StatusMovedPermanently) || handlers.CurrentUser(c) != nil || len(rec.Header().Values("Set-Cookie")) > 0 {
		return false
	}
	body := rec.buf.Bytes()
	if bytes.Contains(body, []byte(`name="_csrf"`)) || bytes.Contains(body, []byte(`name="csrf-token"`)) {
		return false
	}
	if cookie, err := c.Request().Cookie(csrfCookie); err == nil && cookie.Value != "" &&
		bytes.Contains(body, []byte(cookie.Value)) {
		return false
	}
	return true
}
