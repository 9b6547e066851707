// Package assets holds the stylesheet, the small script and the images,
// embedded in the binary, and serves them: each under an address with a
// fingerprint of its content (/assets/css/app.3f2a9c1d.css), which
// browsers may keep for a year, and compressed once, at start, with
// brotli and gzip for the browsers that accept them.
package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

//go:embed css js img
var files embed.FS

// Lifetimes of an asset in browsers and proxies: a fingerprinted address
// never changes its content, a plain one may with the next release.
const (
	immutable = "public, max-age=31536000, immutable"
	plain     = "public, max-age=3600"
)

// asset is one file, ready to serve in each encoding.
type asset struct {
	name, fingerprinted string // "css/app.css", "css/app.3f2a9c1d.css"
	contentType         string
	etag                string
	body, gzip, br      []byte // the compressed ones only for text, when smaller
}

// set is every asset, by its plain and its fingerprinted name.
type set struct {
	byName map[string]*asset
	byPath map[string]*asset // both names
}

// load reads, fingerprints and compresses every asset once.
var load = sync.OnceValue(func() *set {
	s := &set{byName: map[string]*asset{}, byPath: map[string]*asset{}}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		print := hex.EncodeToString(sum[:4])
		ext := path.Ext(name)
		a := &asset{name: name, fingerprinted: strings.TrimSuffix(name, ext) + "." + print + ext,
			contentType: mime.TypeByExtension(ext), etag: `"` + print + `"`, body: body}
		if compressible(a.contentType) {
			a.gzip, a.br = gzipped(body), brotlied(body)
		}
		s.byName[name], s.byPath[name], s.byPath[a.fingerprinted] = a, a, a
		return nil
	})
	if err != nil {
		panic("assets: the embedded files do not read: " + err.Error()) // they are in the binary
	}
	return s
})

// compressible tells whether a type is text that compression shrinks.
func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || strings.Contains(contentType, "javascript") ||
		strings.Contains(contentType, "svg") || strings.Contains(contentType, "json")
}

func gzipped(body []byte) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression) // the level is valid
	_, _ = w.Write(body)                                  // a bytes.Buffer never fails
	_ = w.Close()
	return smaller(b.Bytes(), body)
}

func brotlied(body []byte) []byte {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, brotli.BestCompression)
	_, _ = w.Write(body) // a bytes.Buffer never fails
	_ = w.Close()
	return smaller(b.Bytes(), body)
}

// smaller keeps a compressed body only when it saves something.
func smaller(compressed, body []byte) []byte {
	if len(compressed) >= len(body) {
		return nil
	}
	return compressed
}

// Path is the fingerprinted address of an asset ("css/app.css" gives
// "/assets/css/app.3f2a9c1d.css"); an unknown name gives its plain
// address, so that a page never breaks on it.
func Path(name string) string {
	if a, ok := load().byName[name]; ok {
		return "/assets/" + a.fingerprinted
	}
	return "/assets/" + name
}

// Handler serves the assets under /assets/ (stripped before it): a
// fingerprinted address for a year, a plain one (or one with another
// release's fingerprint) for an hour, each in the best encoding the
// browser accepts.
func Handler() http.Handler {
	s := load()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := s.byPath[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			a, ok = s.byPath[unprinted(strings.TrimPrefix(r.URL.Path, "/"))]
		}
		if !ok || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Cache-Control", plain)
		if strings.TrimPrefix(r.URL.Path, "/") == a.fingerprinted {
			h.Set("Cache-Control", immutable)
		}
		h.Set("Content-Type", a.contentType)
		h.Set("X-Content-Type-Options", "nosniff")
		body, coding := a.body, ""
		if a.gzip != nil || a.br != nil {
			h.Add("Vary", "Accept-Encoding")
			switch Accepted(r.Header.Get("Accept-Encoding")) {
			case "br":
				if a.br != nil {
					body, coding = a.br, "br"
				}
			case "gzip":
				if a.gzip != nil {
					body, coding = a.gzip, "gzip"
				}
			}
		}
		etag := a.etag
		if coding != "" {
			h.Set("Content-Encoding", coding)
			etag = strings.TrimSuffix(etag, `"`) + "-" + coding + `"`
		}
		h.Set("ETag", etag)
		if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body) // a failed write is the browser gone
	})
}

// fingerprint finds the fingerprint in an asset's address.
var fingerprint = regexp.MustCompile(`\.[0-9a-f]{8}(\.[a-z0-9]+)$`)

// unprinted is an address without its fingerprint: a page made by
// another release (another instance during a deploy, say) asks for the
// asset by an older one, and gets today's, kept for an hour only.
func unprinted(name string) string { return fingerprint.ReplaceAllString(name, "$1") }

// Accepted is the best of brotli and gzip that an Accept-Encoding header
// accepts ("br", "gzip"), or "" for neither: brotli first, as it makes
// the smaller files.
func Accepted(acceptEncoding string) string {
	switch {
	case Accepts(acceptEncoding, "br"):
		return "br"
	case Accepts(acceptEncoding, "gzip"):
		return "gzip"
	}
	return ""
}

// Accepts tells whether an Accept-Encoding header accepts coding, by
// name or as "*", with a weight above 0.
func Accepts(acceptEncoding, coding string) bool {
	for _, part := range strings.Split(acceptEncoding, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				continue
			}
		}
		if name = strings.ToLower(strings.TrimSpace(name)); name == coding || name == "*" {
			return true
		}
	}
	return false
}
