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
	"sync/atomic"
	"time"
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
	partMaxBytes = 32 << 20
)

// A Slot is a place in a Part for something personal: Kind says what
// ("vote", "comment-actions"), ID of what (an idea, a comment), and N any
// number the filler needs (an idea's vote count).
type Slot struct {
	Kind string
	ID   int64
	N    int
}

// A Part is rendered HTML cut at its slots, with what it was rendered
// from (Keep), for the code that fills the slots.
type Part struct {
	segs   []string // len(slots)+1 pieces of HTML around the slots
	slots  []Slot
	size   int
	filled atomic.Int64 // the length of the part as last written, slots filled
	Keep   any
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

// PartWriter is page data that holds parts: its templates put a slot
// where a part goes ({{slot "part" 0 0}}), and Render asks the data to
// write it there. A part is often most of the page; written straight to
// the response, it is not copied through the template engine.
type PartWriter interface {
	WritePart(w io.Writer, s Slot) error
	// Size is about how long the parts are, to make room for them.
	Size() int
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
func (m slotMarks) mark(kind string, id int64, n int) template.HTML {
	return template.HTML(m.open + kind + " " + strconv.FormatInt(id, 10) + " " + strconv.Itoa(n) + "-->") //nolint:gosec // G203: a comment of hex, a template's own kind and numbers
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
		n, err2 := strconv.Atoi(fields[2])
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

// Part returns the kept part named key of a page, or renders the page's
// template name from what load gives (data for the template, and what to
// keep with the part) and keeps it. load runs only on a miss, after the
// cache's generation is taken, so a part is never kept from data read
// before a change; requests that miss the same part at once wait for one
// of them to render it, rather than each rendering it.
func (r *Renderer) Part(page, name, key string, load func() (data, keep any, err error)) (*Part, error) {
	k := partKey{page: page, key: name + "\x00" + key}
	return r.parts.Get(k, func() (*Part, int, error) {
		data, keep, err := load()
		if err != nil {
			return nil, 0, err
		}
		html, err := r.execute(page, name, data)
		if err != nil {
			return nil, 0, err
		}
		p, err := r.marks.cut(string(html))
		if err != nil {
			return nil, 0, err
		}
		p.Keep = keep
		return p, p.size, nil
	})
}

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

// Fragment renders a partial through the fragment cache, for the code
// that fills a part's slots; version must change whenever what the
// fragment shows does (see the "version" template function).
// data is called only when the fragment must be rendered.
func (r *Renderer) Fragment(name, locale, version string, data func() any) (template.HTML, error) {
	return r.frags.render(r.partials, name, locale, version, data)
}

// Version joins the parts of a fragment's version, as the template
// function "version" does.
func Version(parts ...any) string { return version(parts...) }

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
