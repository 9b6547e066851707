package web_test

import (
	"compress/gzip"
	"context"
	"html"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ideario/ideario/models/accounts"
)

// TestSignedInPagesAreSplicedForEachReader reads the idea list and an
// idea's page as several people, gzip-compressed and not: the compressed
// page is spliced from pieces that all readers share, and must be a valid
// gzip stream that says, padding aside, what the uncompressed page says,
// with the reader's own name, menu and token and nobody else's, however
// many others read the same page before.
func TestSignedInPagesAreSplicedForEachReader(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author, bea, cai := w.user(t, "Ana Author"), w.user(t, "Bea Reader"), w.user(t, "Cai Reader")
		mod := w.userWithRole(t, "Mo Moderator", accounts.RoleModerator)
		idea := w.idea(t, author, "A roof of solar cells", w.open, w.design)
		for _, c := range []struct {
			by   *accounts.User
			body string
		}{{bea, "Bea's first thought"}, {cai, "Cai answers"}} {
			if _, err := w.Store.Comments.CreateComment(context.Background(), c.by, idea.ID, nil, c.body); err != nil {
				t.Fatal(err)
			}
		}
		readers := map[*accounts.User]*client{}
		for _, u := range []*accounts.User{bea, cai, author, mod} {
			readers[u] = w.login(t, u)
		}
		read := func(c *client, path, coding string) *response {
			t.Helper()
			req, err := http.NewRequest(http.MethodGet, w.URL+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Accept-Encoding", coding) // said, so that the client does not decode it itself
			r := c.do(req)
			wantCode(t, r, http.StatusOK)
			return r
		}
		for _, path := range []string{"/ideas", "/ideas?sort=new", ideaPath(idea.ID) + "-a-roof-of-solar-cells"} {
			for round := range 2 { // the second round reads frames and parts that others filled
				for _, u := range []*accounts.User{bea, cai, author, mod} {
					c := readers[u]
					zipped := read(c, path, "gzip")
					if got := zipped.Header.Get("Content-Encoding"); got != "gzip" {
						t.Fatalf("%s as %s: Content-Encoding %q", path, u.Name, got)
					}
					zr, err := gzip.NewReader(strings.NewReader(zipped.Body))
					if err != nil {
						t.Fatalf("%s as %s: %v", path, u.Name, err)
					}
					body, err := io.ReadAll(zr) // checks the length and CRC-32 of the stream too
					if err != nil {
						t.Fatalf("%s as %s, round %d: the gzip stream is broken: %v", path, u.Name, round, err)
					}
					plain := read(c, path, "identity")
					if plain.Header.Get("Content-Encoding") != "" {
						t.Fatalf("%s as %s: compressed although not accepted", path, u.Name)
					}
					page := string(body)
					if normalized(page) != normalized(plain.Body) {
						t.Errorf("%s as %s, round %d: the spliced page differs:\n%s", path, u.Name, round,
							firstDifference(normalized(page), normalized(plain.Body)))
					}
					if !strings.Contains(page, html.EscapeString(u.Name)) || !strings.Contains(page, u.Email) {
						t.Errorf("%s as %s: their own menu is missing", path, u.Name)
					}
					token := csrfIn(plain.Body)
					if n := strings.Count(page, token); token == "" || n < 2 {
						t.Errorf("%s as %s: their token is on the page %d times", path, u.Name, n)
					}
					for _, other := range []*accounts.User{bea, cai, author, mod} {
						if other != u && strings.Contains(page, other.Email) {
							t.Errorf("%s as %s: shows %s's address", path, u.Name, other.Name)
						}
					}
					if hasModeration := strings.Contains(page, `href="/admin"`); hasModeration != u.IsModerator() {
						t.Errorf("%s as %s: a link to moderation: %v", path, u.Name, hasModeration)
					}
				}
			}
		}
	})
}

// TestALongAddressPadsNobodysPage asks for the idea list with an address
// of junk as long as a URL may be: that page is compressed whole, without
// padding, and the pages spliced for readers afterwards are padded no
// more than before.
func TestALongAddressPadsNobodysPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Ana Author")
		w.idea(t, author, "A roof of solar cells", w.open, w.design)
		reader := w.login(t, w.user(t, "Bea Reader"))
		read := func(path string) string {
			t.Helper()
			req, err := http.NewRequest(http.MethodGet, w.URL+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Accept-Encoding", "gzip")
			r := reader.do(req)
			wantCode(t, r, http.StatusOK)
			zr, err := gzip.NewReader(strings.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			return string(body)
		}
		before := read("/ideas")
		if !emptyComments.MatchString(before) {
			t.Fatal("the list was not spliced: no padding after its slots")
		}
		if long := read("/ideas?junk=" + strings.Repeat("x", 4000)); emptyComments.MatchString(long) {
			t.Error("the page with a long address was spliced")
		}
		if after := read("/ideas"); len(after) > len(before)+64 {
			t.Errorf("after a long address, the list grew from %d to %d bytes", len(before), len(after))
		}
	})
}
