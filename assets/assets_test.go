package assets

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestAssetsServed asks for the stylesheet by its fingerprinted and its
// plain address, in each encoding: the bytes decode to the file, the
// fingerprinted address is kept for a year, a known ETag gets a 304.
func TestAssetsServed(t *testing.T) {
	css, err := files.ReadFile("css/app.css")
	if err != nil {
		t.Fatal(err)
	}
	path := Path("css/app.css")
	if !regexp.MustCompile(`^/assets/css/app\.[0-9a-f]{8}\.css$`).MatchString(path) {
		t.Fatalf("the stylesheet's address is %q", path)
	}
	if Path("no/such.css") != "/assets/no/such.css" {
		t.Errorf("an unknown asset's address is %q", Path("no/such.css"))
	}
	h := http.StripPrefix("/assets/", Handler())
	get := func(p, acceptEncoding, ifNoneMatch string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, p, nil)
		r.Header.Set("Accept-Encoding", acceptEncoding)
		if ifNoneMatch != "" {
			r.Header.Set("If-None-Match", ifNoneMatch)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	decode := map[string]func(io.Reader) (io.Reader, error){
		"":     func(r io.Reader) (io.Reader, error) { return r, nil },
		"gzip": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
		"br":   func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
	}
	for _, c := range []struct{ accept, coding string }{{"", ""}, {"gzip, deflate", "gzip"}, {"gzip, br;q=1.0", "br"},
		{"br;q=0, gzip", "gzip"}, {"identity", ""}} {
		w := get(path, c.accept, "")
		if w.Code != http.StatusOK || w.Header().Get("Content-Encoding") != c.coding {
			t.Fatalf("Accept-Encoding %q: %d, Content-Encoding %q, want %q", c.accept, w.Code, w.Header().Get("Content-Encoding"), c.coding)
		}
		r, err := decode[c.coding](w.Body)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, css) {
			t.Errorf("Accept-Encoding %q: the body does not decode to the stylesheet (%v)", c.accept, err)
		}
		if c.coding != "" && w.Body.Len() > len(css)/3 {
			t.Errorf("%s: %d bytes for a %d-byte stylesheet", c.coding, w.Body.Len(), len(css))
		}
		if cc := w.Header().Get("Cache-Control"); cc != immutable {
			t.Errorf("the fingerprinted address is kept %q", cc)
		}
		if !strings.Contains(w.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("no Vary: Accept-Encoding")
		}
		if again := get(path, c.accept, w.Header().Get("ETag")); again.Code != http.StatusNotModified {
			t.Errorf("Accept-Encoding %q, with its ETag: %d, want 304", c.accept, again.Code)
		}
	}
	if w := get("/assets/css/app.css", "br", ""); w.Code != http.StatusOK || w.Header().Get("Cache-Control") != plain {
		t.Errorf("the plain address: %d, kept %q", w.Code, w.Header().Get("Cache-Control"))
	}
	if w := get("/assets/img/icon.svg", "", ""); w.Code != http.StatusOK || w.Header().Get("Content-Type") != "image/svg+xml" {
		t.Errorf("the icon: %d, %q", w.Code, w.Header().Get("Content-Type"))
	}
	if w := get("/assets/css/app.00000000.css", "", ""); w.Code != http.StatusOK || w.Header().Get("Cache-Control") != plain {
		t.Errorf("another release's fingerprint: %d, kept %q", w.Code, w.Header().Get("Cache-Control"))
	}
	for _, p := range []string{"/assets/css/app.0000.css", "/assets/css/", "/assets/../assets.go", "/assets/no.00000000.css"} {
		if w := get(p, "", ""); w.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, w.Code)
		}
	}
}
