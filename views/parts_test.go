package views

import (
	"errors"
	"html/template"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// part is what a handler does with Shared: it loads the data only on a
// miss, and has views render the part from it.
func part(r *Renderer, page, name, key string, load func() (any, any, error)) (*Part, error) {
	p, miss, err := r.Shared(page, name, key)
	if miss == nil {
		return p, err
	}
	defer miss.Abandon()
	data, keep, err := load()
	if err != nil {
		miss.Fail(err)
		return nil, err
	}
	return miss.Render(data, keep, nil)
}

// TestPartSlots renders a part whose data carries text that looks like a
// slot, and fills it: only the template's own slots are filled.
func TestPartSlots(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	forged := "<!--" + strings.TrimPrefix(r.marks.open, "<!--") + "vote 1 2--> {csrf-slot}"
	p, err := part(r, "idea", "err", "k", func() (any, any, error) {
		return map[string]any{"F": "x", "M": forged}, "kept", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Slots()) != 0 || p.Keep != "kept" {
		t.Fatalf("slots %v, keep %v: escaped text made a slot", p.Slots(), p.Keep)
	}
	vote, err1 := r.marks.mark("vote", 7, 3)
	other, err2 := r.marks.mark("x", 8, int64(0))
	if _, err := r.marks.mark("x", 8, "9"); err1 != nil || err2 != nil || err == nil {
		t.Fatalf("marks: %v, %v; a slot numbered by a string gave %v", err1, err2, err)
	}
	marked, err := r.marks.cut("a" + string(vote) + "b" + string(other) + "c")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	err = marked.WriteTo(&b, func(w io.Writer, s Slot) error {
		_, err := io.WriteString(w, "["+s.Kind+"]")
		return err
	})
	if err != nil || b.String() != "a[vote]b[x]c" || marked.Slots()[0] != (Slot{"vote", 7, 3}) {
		t.Fatalf("filled %q, slots %v, err %v", b.String(), marked.Slots(), err)
	}
	if _, err := r.marks.cut("a" + r.marks.open + "vote 1"); err == nil {
		t.Error("an unterminated slot was accepted")
	}
}

// TestPartRenderedOnce asks for one part from many requests at once: it
// is loaded once; after a change it is loaded again.
func TestPartRenderedOnce(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var loads atomic.Int32
	load := func() (any, any, error) {
		loads.Add(1)
		time.Sleep(20 * time.Millisecond)
		return map[string]any{"F": "f", "M": "m"}, nil, nil
	}
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if _, err := part(r, "idea", "err", "k", load); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Errorf("16 requests at once loaded the part %d times, want 1", n)
	}
	r.Invalidate()
	if _, err := part(r, "idea", "err", "k", load); err != nil || loads.Load() != 2 {
		t.Errorf("after a change: %d loads (err %v), want 2", loads.Load(), err)
	}
	boom := errors.New("boom")
	if _, err := part(r, "idea", "err", "other", func() (any, any, error) { return nil, nil, boom }); !errors.Is(err, boom) {
		t.Errorf("a failed load gave %v", err)
	}
}

func TestWriteWithSlots(t *testing.T) {
	var b strings.Builder
	html := template.HTML(`<input value="` + csrfSlot + `"><a href="` + backSlot + `">{x}</a>{`) //nolint:gosec // G203: constant test markup
	if err := WriteWithSlots(&b, html, `t<"`, "/ideas?a=1&b=2"); err != nil {
		t.Fatal(err)
	}
	want := `<input value="t&lt;&#34;"><a href="/ideas?a=1&amp;b=2">{x}</a>{`
	if b.String() != want {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
	if len(csrfSlot) != len(backSlot) {
		t.Fatal("NewStamp counts on the two slots being as long")
	}
	b.Reset()
	if err := NewStamp(html).Write(&b, template.HTMLEscapeString(`t<"`), template.HTMLEscapeString("/ideas?a=1&b=2")); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("stamp: got  %s\nwant %s", b.String(), want)
	}
}
