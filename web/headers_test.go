package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestSecurityHeaders reads pages, an asset, an error and the health
// check: every answer forbids framing and sniffing, keeps the referrer to
// this site, and has a Content-Security-Policy that runs no inline script.
func TestSecurityHeaders(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		c := newClient(t, w.Server)
		for _, path := range []string{"/", "/ideas", "/ideas?q=<script>", "/login", "/healthz", "/assets/css/app.css", "/no-such-page"} {
			r := c.get(path)
			h := r.Header
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("%s: Content-Security-Policy %q lacks %q", path, csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
				t.Errorf("%s: Content-Security-Policy %q allows inline or evaluated script", path, csp)
			}
			for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
				"Referrer-Policy": "strict-origin-when-cross-origin"} {
				if got := h.Get(name); got != want {
					t.Errorf("%s: %s = %q, want %q", path, name, got, want)
				}
			}
			if h.Get("Strict-Transport-Security") != "" {
				t.Errorf("%s: HSTS sent over plain http", path)
			}
			if r.Code >= http.StatusInternalServerError {
				t.Errorf("%s: %d", path, r.Code)
			}
		}
	})
}
