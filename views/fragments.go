package views

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"
	"time"
)

// Fragment cache limits. Fragments are the parts of a page that are the
// same for everyone who reads it in one language (an idea card's text, a
// comment's header and body): rendering them once and reusing the HTML
// saves most of the template work of signed-in pages, which the page cache
// cannot serve. Relative times ("3 hours ago") in them are why they expire.
const (
	fragmentTTL      = 30 * time.Second
	fragmentMaxBytes = 32 << 20
)

// fragmentKey names one rendered fragment. version says which state of
// the data it shows (an id with the counters and the time of the last
// edit): a request that read the data just before a change renders under
// the old version, so its fragment can never be served to a request that
// read the new state.
type fragmentKey struct {
	name    string
	locale  string
	version string
}

type fragment struct {
	html    template.HTML
	expires time.Time
}

// Fragments caches rendered fragments in memory, up to a byte budget.
// Invalidate drops them all; a fragment rendered from data read before an
// invalidation is never stored after it.
type Fragments struct {
	mu       sync.Mutex
	entries  map[fragmentKey]fragment
	bytes    int
	maxBytes int
	ttl      time.Duration
	gen      uint64
	now      func() time.Time
}

// NewFragments makes an empty cache holding at most maxBytes of HTML, each
// fragment for at most ttl.
func NewFragments(maxBytes int, ttl time.Duration) *Fragments {
	return &Fragments{entries: map[fragmentKey]fragment{}, maxBytes: maxBytes, ttl: ttl, now: time.Now}
}

// Invalidate drops every fragment; the store calls it after every write.
func (f *Fragments) Invalidate() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gen++
	f.entries, f.bytes = map[fragmentKey]fragment{}, 0
}

// get returns a fresh fragment, or the generation to store a new one under.
func (f *Fragments) get(k fragmentKey) (template.HTML, bool, uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.entries[k]
	if ok && f.now().Before(e.expires) {
		return e.html, true, f.gen
	}
	return "", false, f.gen
}

// put stores a fragment unless the cache was invalidated since gen; when
// the budget is spent it starts again empty rather than track recency,
// since one page's fragments are few and quick to render again.
func (f *Fragments) put(k fragmentKey, html template.HTML, gen uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if gen != f.gen {
		return
	}
	if old, ok := f.entries[k]; ok {
		f.bytes -= len(old.html)
	}
	if f.bytes+len(html) > f.maxBytes {
		f.entries, f.bytes = map[fragmentKey]fragment{}, 0
	}
	f.entries[k] = fragment{html: html, expires: f.now().Add(f.ttl)}
	f.bytes += len(html)
}

// render returns the fragment from the cache, or renders the template name
// of set with data and keeps the result.
func (f *Fragments) render(set *template.Template, name, locale, version string, data any) (template.HTML, error) {
	k := fragmentKey{name: name, locale: locale, version: version}
	html, ok, gen := f.get(k)
	if ok {
		return html, nil
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("views: fragment %s: %w", name, err)
	}
	html = template.HTML(buf.String()) // the output of html/template, already escaped
	f.put(k, html, gen)
	return html, nil
}
