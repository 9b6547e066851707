package views

import (
	"html/template"
	"strconv"
	"testing"
	"time"
)

func TestFragments(t *testing.T) {
	set := template.Must(template.New("t").Funcs(Funcs).Parse(`{{define "f"}}<b>{{.}}</b>{{end}}`))
	render := func(f *Fragments, locale string, id int64, data string) template.HTML {
		version := strconv.FormatInt(id, 10)
		t.Helper()
		html, err := f.render(set, "f", locale, version, func() any { return data })
		if err != nil {
			t.Fatal(err)
		}
		return html
	}
	tests := []struct {
		name string
		run  func(f *Fragments, clock *time.Time) template.HTML
		want template.HTML
	}{
		{"the first rendering is kept", func(f *Fragments, _ *time.Time) template.HTML {
			render(f, "en", 1, "old")
			return render(f, "en", 1, "new")
		}, "<b>old</b>"},
		{"output is escaped", func(f *Fragments, _ *time.Time) template.HTML {
			return render(f, "en", 1, "<i>")
		}, "<b>&lt;i&gt;</b>"},
		{"each locale and id has its own", func(f *Fragments, _ *time.Time) template.HTML {
			render(f, "en", 1, "en")
			render(f, "pt", 2, "pt 2")
			return render(f, "pt", 1, "pt")
		}, "<b>pt</b>"},
		{"invalidate drops them", func(f *Fragments, _ *time.Time) template.HTML {
			render(f, "en", 1, "old")
			f.Invalidate()
			return render(f, "en", 1, "new")
		}, "<b>new</b>"},
		{"they expire", func(f *Fragments, clock *time.Time) template.HTML {
			render(f, "en", 1, "old")
			*clock = clock.Add(time.Minute)
			return render(f, "en", 1, "new")
		}, "<b>new</b>"},
		{"a rendering older than an invalidation is not kept", func(f *Fragments, _ *time.Time) template.HTML {
			gen := f.kept.Generation()
			f.Invalidate()
			f.kept.Put(fragmentKey{"f", "en", "1"}, "<b>stale</b>", 12, gen)
			return render(f, "en", 1, "new")
		}, "<b>new</b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			f := NewFragments(1<<20, 30*time.Second, func() time.Time { return clock })
			if got := tt.run(f, &clock); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFragmentsStayWithinBudget(t *testing.T) {
	f := NewFragments(100, time.Minute, nil)
	for i := range 50 {
		html := template.HTML("<p>ten bytes, more or less</p>")
		f.kept.Put(fragmentKey{"f", "en", strconv.Itoa(i)}, html, len(html), f.kept.Generation())
		if _, bytes := f.kept.Len(); bytes > 100 {
			t.Fatalf("after %d fragments the cache holds %d bytes, want at most 100", i+1, bytes)
		}
	}
}

func TestWithToken(t *testing.T) {
	got := withToken(`<input value="`+csrfSlot+`"><input value="`+csrfSlot+`">`, `a"b`)
	if want := template.HTML(`<input value="a&#34;b"><input value="a&#34;b">`); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
