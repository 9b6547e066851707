package store

import (
	"time"

	"github.com/ideario/ideario/cache"
)

// siteCacheTTL bounds how long a cached list may miss a write made by
// another process that cannot tell this one (the command line on SQLite).
const siteCacheTTL = 30 * time.Second

// SiteCache keeps the small site-wide lists that nearly every page reads
// (the settings, the challenges, the categories, the popular tags, the
// challenges' texts), so that a page does not query them each time. A
// change to the site's lists or to ideas empties it (it is in the store's
// cache group), and so does time.
type SiteCache struct {
	lists *cache.Map[string, any]
}

func newSiteCache() *SiteCache {
	return &SiteCache{lists: cache.New[string, any](cache.Options{TTL: siteCacheTTL})}
}

// SiteCached returns the list kept under key, or loads it and keeps it
// unless the data changed while it was being read. Callers must not modify
// what it returns.
func SiteCached[T any](c *SiteCache, key string, load func() (T, error)) (T, error) {
	v, err := c.lists.Get(key, func() (any, int, error) {
		v, err := load()
		return v, 0, err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}
