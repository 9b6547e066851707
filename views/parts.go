package views

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ideario/ideario/cache"
)

// Parts are the larger pieces of signed-in pages (a list of idea cards
// with its filters, a discussion of a hundred comments) rendered once for
// everyone who reads them in one language and kept until the data
// changes. What belongs to the reader (whether they support an idea,
// their CSRF token, what they may do with a comment) is left as a slot,
// filled for each request from a few values: so a signed-in page costs
// one pass over the kept HTML instead of a template run over every card
// and comment.
const (
	partTTL      = 30 * time.Second // relative times ("3 hours ago") age
	partMaxBytes = 16 << 20
)

// A Slot is a place in a Part for something personal: Kind says what
// ("vote", "comment-actions"), ID of what (an idea, a comment), and N any
// number the filler needs (an idea's vote count, a comment's author).
type Slot struct {
	Kind string
	ID   int64
	N    int64
}

// A Part is rendered HTML cut at its slots, with what it was rendered
// from (Keep), for the code that fills the slots.
type Part struct {
	segs   []string // len(slots)+1 pieces of HTML around the slots
	slots  []Slot
	size   int
	filled atomic.Int64 // the length of the part as last written, slots filled
	// stamps are the fragments its slots were filled with for signed-in
	// readers, cut and ready to write again (see fillSlot).
	stamps sync.Map // of stampKey -> *Stamp
	// packed is the part compressed for splicing into signed-in readers'
	// pages, made by the first (see RenderGzipped).
	packed  atomic.Pointer[deflatedPart]
	packing atomic.Bool // a request is compressing it
	Keep    any
	scope   *cache.Scope
}

// Scope is what the part shows, for the changes that concern it (see
// cache.Scope); nil when it may show anything.
func (p *Part) Scope() *cache.Scope {
	if p == nil {
		return nil
	}
	return p.scope
}

// Slots are the part's slots, in order.
func (p *Part) Slots() []Slot { return p.slots }

// WriteTo writes the part to w, with what fill writes for each slot.
func (p *Part) WriteTo(w io.Writer, fill func(io.Writer, Slot) error) error {
	cw := &countingWriter{w: w}
	for i, s := range p.slots {
		if _, err := io.WriteString(cw, p.segs[i]); err != nil {
			return err
		}
		if err := fill(cw, s); err != nil {
			return err
		}
	}
	_, err := io.WriteString(cw, p.segs[len(p.slots)])
	p.filled.Store(cw.n)
	return err
}

// Size is about how long the part is once filled: as long as it was the
// last time, or the length of its HTML without the slots.
func (p *Part) Size() int { return max(p.size, int(p.filled.Load())) }

// countingWriter counts what goes through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

func (c *countingWriter) WriteString(s string) (int, error) {
	n, err := io.WriteString(c.w, s)
	c.n += int64(n)
	return n, err
}

// partKey names a part: the page whose templates render it, and a key
// that the caller makes from everything the part shows (locale, query).
type partKey struct {
	page, key string
}

// slotMarks write and find slots in rendered HTML. A mark is an HTML
// comment with a random word drawn at start-up: escaped text can never
// hold "<!--", sanitised Markdown holds no comments, and nobody outside
// the process knows the word, so nothing a person writes can pass for a
// slot.
type slotMarks struct {
	open string // "<!--" + word + " "
}

func newSlotMarks() slotMarks {
	word := make([]byte, 12)
	if _, err := rand.Read(word); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	return slotMarks{open: "<!--" + hex.EncodeToString(word) + " "}
}

// mark is the template function "slot".
func (m slotMarks) mark(kind string, id int64, n any) (template.HTML, error) {
	var num int64
	switch n := n.(type) {
	case int:
		num = int64(n)
	case int64:
		num = n
	default:
		return "", fmt.Errorf("views: slot %s: a number of type %T", kind, n)
	}
	return template.HTML(m.open + kind + " " + strconv.FormatInt(id, 10) + " " + strconv.FormatInt(num, 10) + "-->"), nil //nolint:gosec // G203: a comment of hex, a template's own kind and numbers
}

// cut splits rendered HTML at its slot marks.
func (m slotMarks) cut(html string) (*Part, error) {
	p := &Part{size: len(html)}
	for {
		i := strings.Index(html, m.open)
		if i < 0 {
			break
		}
		end := strings.Index(html[i:], "-->")
		if end < 0 {
			return nil, fmt.Errorf("views: unterminated slot in %q", html[i:min(len(html), i+80)])
		}
		fields := strings.Fields(html[i+len(m.open) : i+end])
		if len(fields) != 3 {
			return nil, fmt.Errorf("views: bad slot %q", html[i:i+end])
		}
		id, err1 := strconv.ParseInt(fields[1], 10, 64)
		n, err2 := strconv.ParseInt(fields[2], 10, 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("views: bad slot %q", html[i:i+end])
		}
		p.segs = append(p.segs, html[:i])
		p.slots = append(p.slots, Slot{Kind: fields[0], ID: id, N: n})
		html = html[i+end+len("-->"):]
	}
	p.segs = append(p.segs, html)
	return p, nil
}

// Shared returns the kept part named key of a page's template name, the
// piece of a page that every reader shares (see SharedPart). On a miss it
// returns a Miss instead: the caller reads the data and hands it to
// Miss.Render. Requests that miss the same part at once wait for the
// first one to render it, rather than each reading and rendering it; a
// part rendered from data read before a change is never kept. When the
// renderer shares no parts (ShareParts), it returns neither: the caller
// renders the page whole for its reader.
func (r *Renderer) Shared(page, name, key string) (*Part, *Miss, error) {
	if r.whole.Load() {
		return nil, nil, nil
	}
	p, pending, err := r.parts.Lookup(partKey{page: page, key: name + "\x00" + key})
	if pending == nil {
		return p, nil, err
	}
	return nil, &Miss{r: r, page: page, name: name, pending: pending}, nil
}

// ShareParts makes the renderer share parts between readers, or not:
// with sharing off, Shared always says to render the page whole. Tests
// compare the two.
func (r *Renderer) ShareParts(on bool) { r.whole.Store(!on) }

// A Miss is a part that is not kept: its caller reads what the part shows
// and gives it to Render, or gives up with Fail (or Abandon, which it may
// defer).
type Miss struct {
	r          *Renderer
	page, name string
	pending    *cache.Pending[partKey, *Part]
}

// Render renders the part from data, the page model of the part's
// template, keeps it with keep (what the caller will want back on a hit,
// Part.Keep), and returns it. scope is what the part shows: a change that
// concerns none of it (a vote on another idea) leaves it kept.
func (m *Miss) Render(data, keep any, scope *cache.Scope) (*Part, error) {
	html, err := m.r.execute(m.page, m.name, data)
	if err != nil {
		m.pending.Finish(nil, 0, err)
		return nil, err
	}
	p, err := m.r.marks.cut(string(html))
	if err != nil {
		m.pending.Finish(nil, 0, err)
		return nil, err
	}
	p.Keep, p.scope = keep, scope
	m.pending.Finish(p, p.size, nil)
	return p, nil
}

// Fail gives err to the requests that waited for the part (for example
// "this idea is not the same for everyone"); nothing is kept.
func (m *Miss) Fail(err error) { m.pending.Finish(nil, 0, err) }

// Abandon gives up the part after an unexpected error: the requests that
// waited for it render their own. After Render or Fail it does nothing.
func (m *Miss) Abandon() { m.pending.Abandon() }

// execute renders one template of a page's set, uncached.
func (r *Renderer) execute(page, name string, data any) (template.HTML, error) {
	set, ok := r.pages[page]
	if !ok {
		return "", fmt.Errorf("views: no page %q", page)
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("views: %s of %s: %w", name, page, err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // G203: the output of html/template, already escaped
}

// fragment renders a partial through the fragment cache, for the code
// that fills a part's slots; version must change whenever what the
// fragment shows does (see the "version" template function).
// data is called only when the fragment must be rendered.
func (r *Renderer) fragment(name, locale, version string, data func() any) (template.HTML, error) {
	return r.frags.render(r.partials, name, locale, version, data)
}

// A Stamp is a fragment cut at its csrfSlot and backSlot, so that it can
// be written again and again with each reader's token and address without
// being searched each time.
type Stamp struct {
	segs  []string // len(slots)+1 pieces around the slots
	slots []bool   // true for the token, false for the address
}

// NewStamp cuts a fragment rendered with the csrfSlot and backSlot
// functions' values.
func NewStamp(html template.HTML) *Stamp {
	st, rest := &Stamp{}, string(html)
	for {
		i, token := strings.Index(rest, csrfSlot), true
		if j := strings.Index(rest, backSlot); j >= 0 && (i < 0 || j < i) {
			i, token = j, false
		}
		if i < 0 {
			break
		}
		st.segs, st.slots = append(st.segs, rest[:i]), append(st.slots, token)
		rest = rest[i+len(csrfSlot):] // both slots are as long; see TestWriteWithSlots
	}
	st.segs = append(st.segs, rest)
	return st
}

// Write writes the stamp with an HTML-escaped token and address.
func (st *Stamp) Write(w io.Writer, escapedToken, escapedBack string) error {
	for i, token := range st.slots {
		value := escapedBack
		if token {
			value = escapedToken
		}
		if _, err := io.WriteString(w, st.segs[i]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, value); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, st.segs[len(st.slots)])
	return err
}

// WriteWithSlots writes a fragment rendered with the csrfSlot and
// backSlot functions' values, with the reader's token and the page's
// address (HTML-escaped here) in their place.
func WriteWithSlots(w io.Writer, html template.HTML, token, back string) error {
	return NewStamp(html).Write(w, template.HTMLEscapeString(token), template.HTMLEscapeString(back))
}

// CSRFSlot and BackSlot stand for the reader's token and the page's
// address in fragment data, for WriteWithSlots or a Stamp to replace.
const (
	CSRFSlot = csrfSlot
	BackSlot = backSlot
)
