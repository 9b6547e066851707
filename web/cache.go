package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ideario/ideario/cache"
	"github.com/ideario/ideario/handlers"
	"github.com/labstack/echo/v4"
)

// Defaults of the page cache: a few hundred pages' worth of memory, and a
// short life as a safety net for what changes without a write (relative
// times, hot scores that decay, another process's writes on SQLite).
const (
	pageCacheBytes   = 32 << 20
	pageCacheEntry   = 1 << 20
	pageCacheTTL     = 30 * time.Second
	headerCacheState = "X-Cache"
)

// cachedRoutes are the pages and API answers that are the same for every
// anonymous visitor. Anything else (forms, admin, reports, account,
// notifications, images) is never stored.
var cachedRoutes = map[string]bool{
	"/": true, "/ideas": true, "/ideas/:id": true, "/challenges": true, "/challenges/:slug": true,
	"/users/:id": true, "/feed.atom": true,
	"/api/v1/ideas": true, "/api/v1/ideas/:id": true, "/api/v1/challenges": true,
}

// pageCache keeps whole rendered answers for anonymous visitors, least
// recently used first out once maxBytes is reached (see package cache).
// Every change to the data drops them all (invalidate): the generation
// tells a page rendered before the change, which must not be stored after
// it.
type pageCache struct {
	maxEntry int
	pages    *cache.Map[string, *cachedPage]
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
}

func newPageCache(maxBytes, maxEntry int, ttl time.Duration) *pageCache {
	maxEntry = min(maxEntry, maxBytes)
	return &pageCache{maxEntry: maxEntry,
		pages: cache.New[string, *cachedPage](cache.Options{MaxBytes: maxBytes, MaxEntry: maxEntry, TTL: ttl})}
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
// from the cache, stores what they render when it is fit for everyone,
// and drops the cache after every successful state-changing request. It
// runs inside countVisitors, so that a page served from the cache still
// counts its visitor.
func (pc *pageCache) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if unsafeMethod(r.Method) {
			err := next(c)
			if err == nil && c.Response().Status < http.StatusBadRequest {
				pc.invalidate()
			}
			return err
		}
		key, ok := cacheKey(c)
		if !ok {
			return next(c)
		}
		if p := pc.get(key); p != nil {
			return servePage(c, p, "hit")
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
	var (
		mine bool
		rec  *recorder
		err  error
	)
	p, _ := pc.pages.Get(key, func() (*cachedPage, int, error) {
		mine = true
		rec, err = pc.record(c, next)
		p := pc.pageOf(c, key, rec, err)
		if p == nil {
			return nil, -1, nil // the waiting requests render their own
		}
		return p, sizeOf(p), nil
	})
	if mine {
		return pc.send(c, rec, p, err)
	}
	if p != nil {
		return servePage(c, p, "hit")
	}
	gen := pc.generation()
	rec, err = pc.record(c, next)
	p = pc.pageOf(c, key, rec, err)
	if p != nil {
		pc.put(p, gen)
	}
	return pc.send(c, rec, p, err)
}

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
		etag: etagOf(rec.buf.Bytes())}
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
