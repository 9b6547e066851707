package views

import (
	"bytes"
	"fmt"
	"html/template"
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

// Fragments caches rendered fragments in memory, up to a byte budget.
// Invalidate drops them all; a fragment rendered from data read before an
// invalidation is never stored after it.
type Fragments struct {
	memo[fragmentKey, template.HTML]
}

// NewFragments makes an empty cache holding at most maxBytes of HTML, each
// fragment for at most ttl.
func NewFragments(maxBytes int, ttl time.Duration) *Fragments {
	return &Fragments{memo: newMemo[fragmentKey, template.HTML](maxBytes, ttl)}
}

func (f *Fragments) put(k fragmentKey, html template.HTML, gen uint64) {
	f.memo.put(k, html, len(html), gen)
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
	html = template.HTML(buf.String()) //nolint:gosec // G203: the output of html/template, already escaped
	f.put(k, html, gen)
	return html, nil
}
