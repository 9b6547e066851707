package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/ideario/ideario/assets"
)

// encoded asks for a page accepting an encoding, and returns the answer
// with its body decoded.
func encoded(t *testing.T, c *client, path, acceptEncoding, ifNoneMatch string) (*response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", acceptEncoding) // set, so the client does not decode it itself
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	r := c.do(req)
	var body io.Reader = strings.NewReader(r.Body)
	switch r.Header.Get("Content-Encoding") {
	case "gzip":
		if body, err = gzip.NewReader(body); err != nil {
			t.Fatalf("%s: %v", r.path, err)
		}
	case "br":
		body = brotli.NewReader(body)
	}
	plain, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("%s: decoding: %v", r.path, err)
	}
	return r, string(plain)
}

// TestCompressedAnswers reads pages accepting brotli, gzip or nothing:
// a stored page is sent compressed in the encoding asked for, with an
// ETag of its own, the same bytes to every visitor; a page made for one
// signed-in reader is gzipped; the layout links the assets by their
// fingerprinted addresses.
func TestCompressedAnswers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		w.idea(t, w.user(t, "Zip Author"), "Roof racks that fold away", w.open, w.design)
		anon := newClient(t, w.Server)
		_, raw := encoded(t, anon, "/ideas", "", "")
		tags := map[string]string{}
		for _, coding := range []string{"br", "gzip", ""} {
			var first []byte
			for i := range 2 { // rendered or stored, then from the store
				r, page := encoded(t, anon, "/ideas", coding, "")
				wantCode(t, r, http.StatusOK)
				check(t, "Content-Encoding for "+coding, r.Header.Get("Content-Encoding"), coding)
				check(t, "the page decoded", page, raw)
				if !strings.Contains(strings.Join(r.Header.Values("Vary"), ","), "Accept-Encoding") {
					t.Errorf("%s: no Vary: Accept-Encoding", coding)
				}
				if coding != "" && len(r.Body) > len(raw)/2 {
					t.Errorf("%s: %d bytes for a %d-byte page", coding, len(r.Body), len(raw))
				}
				if i == 1 && !bytes.Equal(first, []byte(r.Body)) {
					t.Errorf("%s: the stored page was compressed again, differently", coding)
				}
				first = []byte(r.Body)
				tags[coding] = r.Header.Get("ETag")
			}
			if r, _ := encoded(t, anon, "/ideas", coding, tags[coding]); r.Code != http.StatusNotModified {
				t.Errorf("%s, with its ETag: %d, want 304", coding, r.Code)
			}
		}
		if tags["br"] == tags["gzip"] || tags["gzip"] == tags[""] {
			t.Errorf("the encodings share an ETag: %v", tags)
		}

		member := w.login(t, w.user(t, "Zip Reader"))
		r, page := encoded(t, member, "/ideas", "gzip, deflate, br", "")
		wantCode(t, r, http.StatusOK)
		check(t, "a signed-in page's encoding", r.Header.Get("Content-Encoding"), "gzip")
		if !strings.Contains(page, "Roof racks that fold away") || !strings.Contains(page, `href="`+assets.Path("css/app.css")+`"`) {
			t.Errorf("the signed-in page decoded is not the list with its fingerprinted stylesheet")
		}
		css, _ := encoded(t, anon, assets.Path("css/app.css"), "br", "")
		check(t, "the stylesheet's encoding", css.Header.Get("Content-Encoding"), "br")
		check(t, "the stylesheet is kept", css.Header.Get("Cache-Control"), "public, max-age=31536000, immutable")
	})
}
