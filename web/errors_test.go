package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ideario/ideario/assets"

	"github.com/ideario/ideario/testutil"
)

// TestServerErrorPage: when the database fails, a visitor gets the site's
// own 500 page, with no detail of what broke, and a script gets JSON.
func TestServerErrorPage(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	sqlDB, err := s.Store.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	_ = sqlDB.Close()

	tests := []struct {
		name, path, accept string
		wantCode           int
		wantIn, wantNotIn  []string
	}{
		{"page", "/ideas", "text/html", http.StatusInternalServerError,
			[]string{`class="error-page"`, "Something went wrong on our side", `href="` + assets.Path("css/app.css") + `"`},
			[]string{"sql", "database is closed", "goroutine"}},
		{"JSON", "/api/v1/ideas", "application/json", http.StatusInternalServerError,
			[]string{`"error":`}, []string{"sql", "closed"}},
		{"health check", "/healthz", "", http.StatusServiceUnavailable, nil, []string{"sql"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, s.URL+tt.path, nil)
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode != tt.wantCode {
				t.Errorf("%s = %d, want %d", tt.path, resp.StatusCode, tt.wantCode)
			}
			for _, w := range tt.wantIn {
				if !strings.Contains(string(body), w) {
					t.Errorf("the answer does not contain %q:\n%s", w, body)
				}
			}
			for _, w := range tt.wantNotIn {
				if strings.Contains(strings.ToLower(string(body)), w) {
					t.Errorf("the answer gives away %q:\n%s", w, body)
				}
			}
		})
	}
}
