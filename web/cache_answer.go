package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/ideario/ideario/assets"
	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
)

// servePage answers from a stored page, compressed as the browser
// accepts, with 304 Not Modified when the browser already has it.
func servePage(c echo.Context, p *cachedPage, state string) error {
	res := c.Response()
	h := res.Header()
	for k, v := range p.header {
		h[k] = v
	}
	h.Set(headerCacheState, state)
	body, etag := p.body, p.etag
	if p.status == http.StatusOK {
		h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
		if coding := assets.Accepted(c.Request().Header.Get(echo.HeaderAcceptEncoding)); coding != "" {
			if b, tag := p.encodedBody(coding); b != nil {
				body, etag = b, tag
				h.Set(echo.HeaderContentEncoding, coding)
			}
		}
		h.Set("ETag", etag)
	}
	// A page just rendered went through Echo's response already (into
	// the recorder): its status is written to the connection directly.
	var w http.ResponseWriter = res
	if res.Committed {
		w = res.Writer
	}
	if p.status == http.StatusOK && etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
		return notModified(w, h)
	}
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	w.WriteHeader(p.status)
	if c.Request().Method == http.MethodHead {
		return nil
	}
	_, err := w.Write(body)
	return err
}

// encoding is a stored page's body in one compression, made once.
type encoding struct {
	once sync.Once
	body []byte // nil when compressing saved nothing
	etag string
}

// encodedBody is the page's body compressed with coding ("br" or
// "gzip"), and its ETag, made by the first request that asks: the
// requests after it send the same bytes without compressing again.
func (p *cachedPage) encodedBody(coding string) ([]byte, string) {
	e := &p.encoded[0]
	if coding == "gzip" {
		e = &p.encoded[1]
	}
	e.once.Do(func() {
		var b bytes.Buffer
		b.Grow(len(p.body) / 4)
		compress(&b, coding, p.body)
		if b.Len() < len(p.body) {
			e.body, e.etag = b.Bytes(), strings.TrimSuffix(p.etag, `"`)+"-"+coding+`"`
		}
	})
	return e.body, e.etag
}

// Compressors of stored pages, reused: a brotli writer holds megabytes of
// tables, and pages aged by votes are compressed again every second.
var compressors = map[string]*sync.Pool{
	"br": {New: func() any {
		// A window as large as the largest stored page: the default
		// (4 MB) would allocate megabytes for every page compressed.
		return brotli.NewWriterOptions(nil, brotli.WriterOptions{Quality: pageBrotliLevel, LGWin: pageBrotliWindow})
	}},
	"gzip": {New: func() any {
		w, _ := gzip.NewWriterLevel(nil, pageGzipLevel) // the level is valid
		return w
	}},
}

// compressor is what brotli's and gzip's writers have in common.
type compressor interface {
	io.WriteCloser
	Reset(io.Writer)
}

// compress writes body to b compressed with coding, "br" or "gzip".
func compress(b *bytes.Buffer, coding string, body []byte) {
	pool := compressors[coding]
	w := pool.Get().(compressor)
	w.Reset(b)
	_, _ = w.Write(body) // writing to a bytes.Buffer never fails
	_ = w.Close()
	w.Reset(nil)
	pool.Put(w)
}

// Compression levels of stored pages: made once for every visitor who
// reads the page, so worth more effort than a page made for one reader
// (see compressAnswers).
const (
	pageBrotliLevel  = 6
	pageBrotliWindow = 20 // 1 MB, pageCacheEntry
	pageGzipLevel    = 7
)

// notModified answers 304 with the validators but without the body's
// description (RFC 9110, 15.4.5).
func notModified(w http.ResponseWriter, h http.Header) error {
	h.Del(echo.HeaderContentType)
	h.Del(echo.HeaderContentLength)
	h.Del(echo.HeaderContentEncoding)
	w.WriteHeader(http.StatusNotModified)
	return nil
}

// etagOf is a strong validator of a body.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// etagMatches applies If-None-Match's weak comparison (RFC 9110, 13.1.2).
func etagMatches(ifNoneMatch, etag string) bool {
	for _, candidate := range strings.Split(ifNoneMatch, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == "*" || candidate == etag {
			return true
		}
	}
	return false
}

// recorder holds an answer back until the handler is done, so that it can
// be stored, or sent with a validator. An answer that outgrows limit is
// sent as it comes from then on (passing).
type recorder struct {
	http.ResponseWriter
	limit   int
	status  int
	buf     bytes.Buffer
	wrote   bool // the handler began its answer
	passing bool
}

// WriteHeader keeps the status for later.
func (r *recorder) WriteHeader(code int) {
	r.status, r.wrote = code, true
}

// Write keeps the body, or sends it once it is too large to store.
func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	if r.passing {
		return r.ResponseWriter.Write(b)
	}
	if r.buf.Len()+len(b) > r.limit {
		r.passing = true
		if err := r.release(); err != nil {
			return 0, err
		}
		return r.ResponseWriter.Write(b)
	}
	return r.buf.Write(b)
}

// Flush is a no-op until the answer is passing: a held-back answer is sent
// whole.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok && r.passing {
		f.Flush()
	}
}

// release sends what was held back.
func (r *recorder) release() error {
	r.ResponseWriter.WriteHeader(r.status)
	if r.buf.Len() == 0 {
		return nil
	}
	_, err := r.ResponseWriter.Write(r.buf.Bytes())
	return err
}
