package web

import (
	"net/http"

	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
)

// compressedTypes are the answers worth compressing: pages, data for
// scripts, feeds.
var compressedTypes = []string{"text/html", "application/json", "application/atom+xml", "text/csv"}

// compressAnswers compresses the answers made for one request (a signed-in
// page, a form with its messages) when the browser accepts it, at gzip's
// fastest level: the work is done again for each request, so it must be
// cheap. Answers from the page cache come compressed already (made once
// per stored page, see cachedPage.encodedBody) and pass through, as do
// the assets, compressed at start.
func compressAnswers() echo.MiddlewareFunc {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(1024), gzhttp.CompressionLevel(gzip.BestSpeed),
		gzhttp.ContentTypes(compressedTypes))
	if err != nil {
		panic("web: the compression options are wrong: " + err.Error()) // fixed above
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			res := c.Response()
			raw := res.Writer
			wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				res.Writer = w
				defer func() { res.Writer = raw }()
				c.SetRequest(r)
				if err := next(c); err != nil {
					c.Error(err) // the error page goes through the compressor too
				}
			})).ServeHTTP(raw, c.Request())
			return nil
		}
	}
}
