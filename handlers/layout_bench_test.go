package handlers

import (
	"bytes"
	"testing"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/site"
	"github.com/ideario/ideario/views"
)

// BenchmarkLayout renders the error page, which is the layout around a
// few lines, for a signed-in reader: the cost every page pays.
func BenchmarkLayout(b *testing.B) {
	r, err := views.New()
	if err != nil {
		b.Fatal(err)
	}
	p := ErrorPage{Page: Page{Title: "Not found", Locale: "en", Path: "/ideas", Unread: 3,
		User: &accounts.User{ID: 7, Name: "Ana Lima", Email: "ana@example.org", Role: accounts.RoleContributor},
		csrf: func() string { return "token" }, Site: site.Settings{SiteName: "Ideario"}}, Code: 404, Message: "Not found"}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := r.Render(&buf, "error", p, nil); err != nil {
			b.Fatal(err)
		}
	}
}
