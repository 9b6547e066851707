package store

import (
	"sync"
	"time"
)

// siteCacheTTL bounds how long a cached list may miss a write made by
// another process that cannot tell this one (the command line on SQLite).
const siteCacheTTL = 30 * time.Second

// SiteCache keeps the small site-wide lists that nearly every page reads
// (the settings, the challenges, the categories, the popular tags), so
// that a page does not query them each time. Any committed change
// empties it (Store.OnChange), and so does time.
type SiteCache struct {
	mu      sync.Mutex
	gen     uint64 // counts the changes, so that a list read before one is not kept after it
	entries map[string]siteEntry
}

type siteEntry struct {
	value   any
	expires time.Time
}

func newSiteCache() *SiteCache { return &SiteCache{entries: map[string]siteEntry{}} }

// clear forgets every list; the store calls it after every change.
func (c *SiteCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}

// siteCached returns the list kept under key, or loads it and keeps it
// unless the data changed while it was being read. Callers must not modify
// what it returns.
func SiteCached[T any](c *SiteCache, key string, load func() (T, error)) (T, error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	gen := c.gen
	c.mu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.value.(T), nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if c.gen == gen {
		c.entries[key] = siteEntry{value: v, expires: time.Now().Add(siteCacheTTL)}
	}
	c.mu.Unlock()
	return v, nil
}
