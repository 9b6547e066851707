package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// visitorDay is what one instance remembers of today's visitors: the
// day's salt and the hashes it has already stored, so that a visitor's
// second page costs no write.
type visitorDay struct {
	mu     sync.Mutex
	day    string
	salt   string
	stored *sync.Map
	fresh  atomic.Int64 // hashes added to stored
}

// maxRemembered bounds the memory of a busy day: past it, the instance
// starts over, and the visitors it forgot cost one more (idle) insert.
const maxRemembered = 100_000

// botMarks are parts of the User-Agent of robots, scripts and headless
// browsers, which are not people visiting.
var botMarks = []string{"bot", "crawl", "spider", "slurp", "curl", "wget", "python-requests", "go-http-client", "headless"}

// notPages are paths that are never a person opening a page.
var notPages = []string{"/assets/", "/images/", "/api/", "/healthz", "/metrics", "/feed.atom"}

// countVisitors counts unique visitors per day without keeping who they
// are: the visitor is sha256(day's salt + address + browser), and the salt
// is deleted once the day is over, so neither the address nor a link
// between two days can be recovered.
func (a *App) countVisitors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if renderingAgain(c.Request()) { // the page cache, not a visitor
			return next(c)
		}
		// Just before the headers go out, the status and the type of the
		// answer are known and the visitor is still waiting for it.
		c.Response().Before(func() {
			if isPageView(c) {
				a.recordVisit(c)
			}
		})
		return next(c)
	}
}

// isPageView tells whether the request was a person opening an HTML page.
func isPageView(c echo.Context) bool {
	r := c.Request()
	if r.Method != http.MethodGet || c.Response().Status != http.StatusOK ||
		!strings.HasPrefix(c.Response().Header().Get(echo.HeaderContentType), "text/html") {
		return false
	}
	path := r.URL.Path
	for _, p := range notPages {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	if strings.HasPrefix(path, "/reports/") && strings.Contains(path, ".") {
		return false // an export
	}
	ua := strings.ToLower(r.UserAgent())
	if ua == "" {
		return false
	}
	for _, m := range botMarks {
		if strings.Contains(ua, m) {
			return false
		}
	}
	return true
}

// recordVisit stores the visitor's hash once a day. A failure is logged
// and the page is served all the same: a visitor count is not worth an
// error page.
func (a *App) recordVisit(c echo.Context) {
	ctx := c.Request().Context()
	day := time.Now().UTC().Format(time.DateOnly)
	salt, stored, err := a.visitors.today(day, func() (string, error) { return a.store.Site.VisitorSalt(ctx, day) })
	if err != nil {
		a.log.Error("visitor salt", "err", err)
		return
	}
	sum := sha256.Sum256([]byte(salt + "\x00" + c.RealIP() + "\x00" + c.Request().UserAgent()))
	visitor := hex.EncodeToString(sum[:])
	if _, seen := stored.LoadOrStore(visitor, true); seen {
		return
	}
	a.visitors.fresh.Add(1)
	if err := a.store.Site.RecordVisitor(ctx, day, visitor); err != nil {
		stored.Delete(visitor)
		a.log.Error("record visitor", "err", err)
	}
}

// today returns the salt and the stored hashes of the day, starting a new
// day (and its salt, which deletes the old ones) when the date changes.
func (v *visitorDay) today(day string, newSalt func() (string, error)) (string, *sync.Map, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.day != day {
		salt, err := newSalt()
		if err != nil {
			return "", nil, err
		}
		v.day, v.salt, v.stored = day, salt, &sync.Map{}
		v.fresh.Store(0)
	}
	if v.fresh.Load() > maxRemembered {
		v.stored = &sync.Map{}
		v.fresh.Store(0)
	}
	return v.salt, v.stored, nil
}
