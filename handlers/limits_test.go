package handlers

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

func TestWaitText(t *testing.T) {
	c := echo.New().NewContext(httptest.NewRequest("GET", "/", nil), httptest.NewRecorder())
	for _, tt := range []struct {
		wait time.Duration
		want string
	}{
		{0, "1 second"},
		{300 * time.Millisecond, "1 second"},
		{1001 * time.Millisecond, "2 seconds"},
		{59 * time.Second, "59 seconds"},
		{59*time.Second + time.Millisecond, "1 minute"},
		{time.Minute, "1 minute"},
		{time.Minute + time.Second, "2 minutes"},
		{59 * time.Minute, "59 minutes"},
		{time.Hour, "1 hour"},
		{time.Hour + time.Second, "2 hours"},
		{24 * time.Hour, "24 hours"},
	} {
		if got := waitText(c, tt.wait); got != tt.want {
			t.Errorf("waitText(%s) = %q, want %q", tt.wait, got, tt.want)
		}
	}
}
