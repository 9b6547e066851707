// Package assets holds the stylesheet, the small script and the images,
// embedded in the binary.
package assets

import (
	"embed"
	"net/http"
)

//go:embed css js img
var files embed.FS

// Handler serves the assets. Their names do not change between releases,
// so browsers may keep them for a day and then check again.
func Handler() http.Handler {
	fs := http.FileServer(http.FS(files))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		fs.ServeHTTP(w, r)
	})
}
