package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// servePage answers from a stored page, with 304 Not Modified when the
// browser already has it.
func servePage(c echo.Context, p *cachedPage, state string) error {
	res := c.Response()
	h := res.Header()
	for k, v := range p.header {
		h[k] = v
	}
	h.Set(headerCacheState, state)
	if p.status == http.StatusOK {
		h.Set("ETag", p.etag)
		if etagMatches(c.Request().Header.Get("If-None-Match"), p.etag) {
			return notModified(res, h)
		}
	}
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(p.body)))
	res.WriteHeader(p.status)
	if c.Request().Method == http.MethodHead {
		return nil
	}
	_, err := res.Write(p.body)
	return err
}

// notModified answers 304 with the validators but without the body's
// description (RFC 9110, 15.4.5).
func notModified(w http.ResponseWriter, h http.Header) error {
	h.Del(echo.HeaderContentType)
	h.Del(echo.HeaderContentLength)
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
