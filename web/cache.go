package web

import (
	"bytes"
	"container/list"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

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
// recently used first out once maxBytes is reached. Every change to the
// data drops them all (invalidate): the generation tells a page rendered
// before the change, which must not be stored after it.
type pageCache struct {
	maxBytes, maxEntry int
	ttl                time.Duration

	mu      sync.Mutex
	gen     uint64
	items   map[string]*list.Element // of *cachedPage
	order   *list.List               // most recently used in front
	bytes   int
	flights map[string]*flight // pages being rendered
}

// flight is one page being rendered for the cache: the requests for the
// same page that come meanwhile wait for it instead of rendering it too,
// as they all would right after a change.
type flight struct {
	key  string
	once sync.Once
	done chan struct{}
	page *cachedPage // what was stored, or nil: render your own
}

// cachedPage is one stored answer.
type cachedPage struct {
	key     string
	status  int // 200, or 301 to an idea's canonical address
	header  http.Header
	body    []byte
	etag    string
	expires time.Time
	size    int
}

func newPageCache(maxBytes, maxEntry int, ttl time.Duration) *pageCache {
	return &pageCache{maxBytes: maxBytes, maxEntry: min(maxEntry, maxBytes), ttl: ttl,
		items: map[string]*list.Element{}, order: list.New(), flights: map[string]*flight{}}
}

// invalidate drops every stored page; pages being rendered will not be
// stored either.
func (pc *pageCache) invalidate() {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.gen++
	clear(pc.items)
	pc.order.Init()
	pc.bytes = 0
}

// generation is the count of invalidations so far.
func (pc *pageCache) generation() uint64 {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.gen
}

// get returns the stored page of key, if fresh.
func (pc *pageCache) get(key string) *cachedPage {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	el, ok := pc.items[key]
	if !ok {
		return nil
	}
	p := el.Value.(*cachedPage)
	if time.Now().After(p.expires) {
		pc.remove(el)
		return nil
	}
	pc.order.MoveToFront(el)
	return p
}

// put stores a page rendered during generation gen, unless the data has
// changed since, and evicts the least recently used pages past maxBytes.
// It tells whether the page was stored.
func (pc *pageCache) put(p *cachedPage, gen uint64) bool {
	p.size = len(p.key) + len(p.body) + len(p.etag) + 256
	for k, vs := range p.header {
		p.size += len(k)
		for _, v := range vs {
			p.size += len(v)
		}
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if gen != pc.gen || p.size > pc.maxEntry {
		return false
	}
	if el, ok := pc.items[p.key]; ok {
		pc.remove(el)
	}
	pc.items[p.key] = pc.order.PushFront(p)
	pc.bytes += p.size
	for pc.bytes > pc.maxBytes {
		pc.remove(pc.order.Back())
	}
	return true
}

// join returns the flight of key, and whether the caller leads it (and
// must land it).
func (pc *pageCache) join(key string) (*flight, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if f, ok := pc.flights[key]; ok {
		return f, false
	}
	f := &flight{key: key, done: make(chan struct{})}
	pc.flights[key] = f
	return f, true
}

// land ends a flight, handing its waiters the stored page, if any; only
// the first call counts.
func (pc *pageCache) land(f *flight, p *cachedPage) {
	f.once.Do(func() {
		pc.mu.Lock()
		delete(pc.flights, f.key)
		pc.mu.Unlock()
		f.page = p
		close(f.done)
	})
}

// remove drops one element; the caller holds mu.
func (pc *pageCache) remove(el *list.Element) {
	p := pc.order.Remove(el).(*cachedPage)
	delete(pc.items, p.key)
	pc.bytes -= p.size
}

// stats tells how many pages and bytes are stored, for tests.
func (pc *pageCache) stats() (pages, size int) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return len(pc.items), pc.bytes
}

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
// already rendering it.
func (pc *pageCache) render(c echo.Context, key string, next echo.HandlerFunc) error {
	f, leader := pc.join(key)
	if leader {
		defer pc.land(f, nil) // when the handler failed before
		return pc.fill(c, key, next, f)
	}
	select {
	case <-f.done:
	case <-c.Request().Context().Done():
		return c.Request().Context().Err()
	}
	if f.page != nil {
		return servePage(c, f.page, "hit")
	}
	return pc.fill(c, key, next, nil)
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

// fill runs the handler with its answer held back, stores the answer when
// it is fit for every visitor, lands the flight f (if any) so that its
// waiters need not wait for a slow client, and then sends the answer.
func (pc *pageCache) fill(c echo.Context, key string, next echo.HandlerFunc, f *flight) error {
	gen := pc.generation()
	res := c.Response()
	rec := &recorder{ResponseWriter: res.Writer, limit: pc.maxEntry, status: http.StatusOK}
	res.Writer = rec
	err := next(c)
	res.Writer = rec.ResponseWriter
	if rec.passing || !rec.wrote {
		if f != nil {
			pc.land(f, nil)
		}
		return err
	}
	h := res.Header()
	if err == nil && storable(c, rec) {
		p := &cachedPage{key: key, status: rec.status, header: h.Clone(), body: rec.buf.Bytes(),
			etag: etagOf(rec.buf.Bytes()), expires: time.Now().Add(pc.ttl)}
		if pc.put(p, gen) && f != nil {
			pc.land(f, p)
		}
		if p.status == http.StatusOK {
			h.Set("ETag", p.etag)
			if etagMatches(c.Request().Header.Get("If-None-Match"), p.etag) {
				return notModified(res.Writer, h)
			}
		}
	}
	if f != nil {
		pc.land(f, nil)
	}
	h.Set(headerCacheState, "miss")
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
