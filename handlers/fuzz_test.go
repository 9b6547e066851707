package handlers

import (
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/slug"
	"github.com/labstack/echo/v4"
)

// FuzzSafeNext: wherever "next" points, log-in leads to a path of this
// site, never to another host.
//
//	go test ./handlers -run '^$' -fuzz FuzzSafeNext -fuzztime 30s
func FuzzSafeNext(f *testing.F) {
	for _, seed := range []string{"/ideas?sort=top", "//evil.example", "/\\evil.example", "https://evil.example",
		"/\t/evil.example", "/%2F%2Fevil.example", "javascript:alert(1)", "", "/ok#frag", "\\\\evil"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != "/" && got != next {
			t.Fatalf("safeNext(%q) = %q: neither the path nor /", next, got)
		}
		u, err := url.Parse(got)
		if err != nil {
			// A browser would not follow it off the site either, but
			// nothing unparseable should pass.
			t.Fatalf("safeNext(%q) = %q, which does not parse: %v", next, got, err)
		}
		if u.Host != "" || u.Scheme != "" || !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") ||
			strings.HasPrefix(got, "/\\") || strings.ContainsFunc(got, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			t.Fatalf("safeNext(%q) = %q leads off the site", next, got)
		}
	})
}

// FuzzListQuery: any query string gives a list query within bounds, and
// the list's own address for it reads back as the same query.
//
//	go test ./handlers -run '^$' -fuzz FuzzListQuery -fuzztime 30s
func FuzzListQuery(f *testing.F) {
	for _, seed := range []string{"sort=top&page=50", "q=carro+elétrico&sort=relevance", "page=-1", "page=99999999999999999999",
		"status=accepted&tag=design&challenge=open-car&category=x", "q=%00%ff&status=<script>", "sort=hot&sort=new&q=a&q=b",
		"from=2026-01-01&to=2026-13-45", "q=" + strings.Repeat("é", 300)} {
		f.Add(seed)
	}
	e := echo.New()
	bind := func(raw string) ideas.ListQuery {
		c := e.NewContext(httptest.NewRequest("GET", "/ideas", nil), httptest.NewRecorder())
		c.Request().URL.RawQuery = raw
		return bindListQuery(c)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q := bind(raw)
		if q.Page < 1 || q.Page > MaxPage {
			t.Fatalf("page %d from %q", q.Page, raw)
		}
		if q.Status != "" && !slices.Contains(ideas.Statuses, q.Status) {
			t.Fatalf("status %q from %q", q.Status, raw)
		}
		if utf8.RuneCountInString(q.Q) > 200 {
			t.Fatalf("a search of %d characters from %q", utf8.RuneCountInString(q.Q), raw)
		}
		if !slices.Contains(ideas.SortsFor(q.Q), q.Sort) {
			t.Fatalf("sort %q (offered: %v) from %q", q.Sort, ideas.SortsFor(q.Q), raw)
		}
		u, err := url.Parse(q.URL())
		if err != nil || u.Path != "/ideas" {
			t.Fatalf("address %q of %q: %v", q.URL(), raw, err)
		}
		again := bind(u.RawQuery)
		q.From, q.To = "", "" // the list's address leaves dates to the report
		if again != q {
			t.Fatalf("%q reads as %+v, its address %q as %+v", raw, q, q.URL(), again)
		}
	})
}

// FuzzParseTags: a tags field gives at most MaxTags distinct, short,
// printable tags, each with a slug.
//
//	go test ./handlers -run '^$' -fuzz FuzzParseTags -fuzztime 30s
func FuzzParseTags(f *testing.F) {
	for _, seed := range []string{"design, safety,design", "a,b,c,d,e,f,g", "\x00,\u202e,  ,", "Ünïcödé, ÜNÏCÖDÉ", strings.Repeat("x", 100)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, field string) {
		tags := ideas.ParseTags(field)
		if len(tags) > ideas.MaxTags {
			t.Fatalf("%d tags from %q", len(tags), field)
		}
		seen := map[string]bool{}
		for _, tag := range tags {
			slug := slug.Slugify(tag, ideas.TagMax)
			if tag == "" || slug == "" || seen[slug] || utf8.RuneCountInString(tag) > ideas.TagMax ||
				strings.ContainsFunc(tag, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
				t.Fatalf("tag %q (slug %q) from %q", tag, slug, field)
			}
			seen[slug] = true
		}
	})
}
