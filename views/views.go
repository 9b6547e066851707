// Package views holds the HTML templates, embedded in the binary, and the
// renderer that Echo uses. Each page is parsed once at start-up with the
// layout and the partials; a template that does not parse stops the start.
package views

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ideario/ideario/cache"
	"github.com/labstack/echo/v4"
)

//go:embed layouts partials pages mail
var files embed.FS

// Renderer renders pages by name ("idea" is pages/idea.html).
type Renderer struct {
	pages    map[string]*template.Template
	partials *template.Template // the layout and partials alone, for Fragment
	frags    *Fragments
	parts    *cache.Map[partKey, *Part]
	frames   *cache.Map[partKey, *Part] // see Frame
	whole    atomic.Bool                // share no parts: see ShareParts
	// skeletons is how long each page was, around its parts, last time.
	skeletons map[string]*atomic.Int64
	marks     slotMarks
	// slotLengths is the longest content seen in a slot of each kind, for
	// the room parts give their slots when they are compressed (see
	// RenderGzipped).
	slotLengths sync.Map // of string -> *atomic.Int64
}

// New parses every page with the layout and partials.
func New() (*Renderer, error) {
	names, err := fs.Glob(files, "pages/*.html")
	if err != nil {
		return nil, err
	}
	r := &Renderer{pages: map[string]*template.Template{}, frags: NewFragments(fragmentMaxBytes, fragmentTTL, nil),
		parts:  cache.New[partKey, *Part](cache.Options{MaxBytes: partMaxBytes, TTL: partTTL}),
		frames: cache.New[partKey, *Part](cache.Options{MaxBytes: frameMaxBytes, TTL: frameTTL}), marks: newSlotMarks(), skeletons: map[string]*atomic.Int64{}}
	if r.partials, err = r.parse("partials"); err != nil {
		return nil, fmt.Errorf("views: partials: %w", err)
	}
	for _, file := range names {
		name := strings.TrimSuffix(path.Base(file), ".html")
		t, err := r.parse(name, file)
		if err != nil {
			return nil, fmt.Errorf("views: %s: %w", name, err)
		}
		r.pages[name] = t
		r.skeletons[name] = new(atomic.Int64)
	}
	return r, nil
}

// parse parses one page (or none) with the layout and partials, and gives
// it a "fragment" function that renders a template of the same set through
// the fragment cache, and a "slot" function that marks a place for a
// Part's filler.
func (r *Renderer) parse(name string, page ...string) (*template.Template, error) {
	var set *template.Template
	fragment := func(tmpl, locale, version string, data any) (template.HTML, error) {
		return r.frags.render(set, tmpl, locale, version, func() any { return data })
	}
	patterns := append([]string{"layouts/*.html", "partials/*.html"}, page...)
	set, err := template.New(name).Funcs(Funcs).
		Funcs(template.FuncMap{"fragment": fragment, "slot": r.marks.mark}).
		ParseFS(files, patterns...)
	return set, err
}

// Invalidate forgets every cached part, frame and fragment.
func (r *Renderer) Invalidate() {
	r.frags.Invalidate()
	r.parts.Invalidate()
	r.frames.Invalidate()
}

// AddCaches puts the renderer's caches in g: the parts, reached by
// changes as the rule parts says (each part knows the ideas it shows, see
// Miss.Render), and the fragments, emptied by the changes fragments.
func (r *Renderer) AddCaches(g *cache.Group, parts cache.Rule, fragments uint64) {
	g.AddRule("parts", parts, r.parts)
	g.Add("fragments", fragments, r.frags.kept)
	r.addFrames(g)
}

// Render writes the named page; Echo buffers it, so a failing template
// never sends half a page.
func (r *Renderer) Render(w io.Writer, name string, data any, c echo.Context) error {
	t, ok := r.pages[name]
	if !ok {
		return fmt.Errorf("views: no page %q", name)
	}
	holder, ok := data.(partHolder)
	if !ok || !holder.sharedPart().Parted() {
		return t.ExecuteTemplate(w, "base", data)
	}
	shared := holder.sharedPart()
	p, _, err := r.skeleton(name, data, c)
	if err != nil {
		return err
	}
	if b, ok := w.(*bytes.Buffer); ok {
		b.Grow(p.size + shared.Part.Size() + 1024) // a reader's buttons may be longer than the last one's
	}
	return p.WriteTo(w, func(w io.Writer, s Slot) error { return r.writeFrameSlot(w, s, shared) })
}

// skeleton is the page around its part, cut where the part goes: the
// kept frame that its reader shares with others (framed, see Frame), or
// else the page rendered for them alone.
func (r *Renderer) skeleton(name string, data any, c echo.Context) (p *Part, framed bool, err error) {
	shared := data.(partHolder).sharedPart()
	if c != nil {
		c.Set(scopeKey, shared.Part.Scope())
	}
	if fr, err := r.frame(name, shared.Frame); fr != nil || err != nil {
		return fr, fr != nil, err
	}
	p, err = r.renderCut(name, data)
	return p, false, err
}

// renderCut renders a page's layout around its part and cuts it at its
// slots, in a builder as long as the page was last time, so that it
// grows once and becomes a string without a copy.
func (r *Renderer) renderCut(name string, data any) (*Part, error) {
	t, ok := r.pages[name]
	if !ok {
		return nil, fmt.Errorf("views: no page %q", name)
	}
	var page strings.Builder
	last := r.skeletons[name]
	page.Grow(int(last.Load()) + 512)
	if err := t.ExecuteTemplate(&page, "base", data); err != nil {
		return nil, err
	}
	last.Store(int64(page.Len()))
	return r.marks.cut(page.String())
}

// scopeKey holds, in the context of a request whose page was rendered
// around a part, what the part shows (see PageScope).
const scopeKey = "views.scope"

// PageScope is what the page that c rendered shows, when it was rendered
// around a part that knows it: the rest of a page (its layout, the
// site's lists) changes only with changes that concern every page. nil
// when the page may show anything.
func PageScope(c echo.Context) *cache.Scope {
	s, _ := c.Get(scopeKey).(*cache.Scope)
	return s
}

// Has tells whether a page exists (for tests).
func (r *Renderer) Has(name string) bool { _, ok := r.pages[name]; return ok }
