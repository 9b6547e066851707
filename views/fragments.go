package views

import (
	"bytes"
	"fmt"
	"html/template"
	"time"

	"github.com/ideario/ideario/cache"
)

// Fragment cache limits. Fragments are the parts of a page that are the
// same for everyone who reads it in one language (an idea card's text, a
// comment's header and body): rendering them once and reusing the HTML
// saves most of the template work of signed-in pages, which the page cache
// cannot serve. Relative times ("3 hours ago") in them are why they expire.
const (
	fragmentTTL      = 30 * time.Second
	fragmentMaxBytes = 12 << 20
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

// Fragments caches rendered fragments in memory, up to a byte budget (see
// package cache). Invalidate drops them all; a fragment rendered from data
// read before an invalidation is never kept after it.
type Fragments struct {
	kept *cache.Map[fragmentKey, template.HTML]
}

// NewFragments makes an empty cache holding at most maxBytes of HTML, each
// fragment for at most ttl; clock tells the time (nil: time.Now).
func NewFragments(maxBytes int, ttl time.Duration, clock func() time.Time) *Fragments {
	return &Fragments{kept: cache.New[fragmentKey, template.HTML](cache.Options{MaxBytes: maxBytes, TTL: ttl, Clock: clock})}
}

// Invalidate forgets every fragment.
func (f *Fragments) Invalidate() { f.kept.Invalidate() }

// render returns the fragment from the cache, or renders the template name
// of set with data and keeps the result.
func (f *Fragments) render(set *template.Template, name, locale, version string, data func() any) (template.HTML, error) {
	k := fragmentKey{name: name, locale: locale, version: version}
	return f.kept.Get(k, func() (template.HTML, int, error) {
		var buf bytes.Buffer
		if err := set.ExecuteTemplate(&buf, name, data()); err != nil {
			return "", 0, fmt.Errorf("views: fragment %s: %w", name, err)
		}
		html := template.HTML(buf.String()) //nolint:gosec // G203: the output of html/template, already escaped
		return html, len(html), nil
	})
}
