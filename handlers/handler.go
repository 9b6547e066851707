// Package handlers holds the HTTP handlers, one file per resource. Each is
// a method on Handler, binds the request into a form struct, validates it,
// calls models, and renders a page or redirects.
package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ideario/ideario/cache"
	"github.com/ideario/ideario/config"
	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/site"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/views"
	"github.com/labstack/echo/v4"
)

// Sessions is what handlers need of the session cookie.
type Sessions interface {
	// Login starts a fresh session for the user, replacing any other.
	Login(c echo.Context, u *accounts.User) error
	// Logout ends the session.
	Logout(c echo.Context) error
	// Flash keeps a message to show on the next page.
	Flash(c echo.Context, msg string)
	// Flashes takes the messages kept for this page.
	Flashes(c echo.Context) []string
}

// Handler holds what every handler needs.
type Handler struct {
	Store    *models.Store
	Mail     mail.Sender
	Log      *slog.Logger
	Config   config.Config
	Sessions Sessions
	// Views renders the parts of pages that every reader shares.
	Views *views.Renderer
	// Mails renders the mail about a person's account.
	Mails *views.Mails

	// figures keeps the home page's live figures for a short while: they
	// are counts over whole tables, and a few seconds' lag is fine, so
	// changes do not empty it.
	figures     *cache.Map[string, site.SiteFigures]
	figuresOnce sync.Once // makes figures, for a Handler made without AddCaches
	buffers     sync.Pool // of *bytes.Buffer, for renderPooled
}

// The home page's figures are counted again in the background every
// figuresTTL at most, while the last count is shown: counting a million
// votes and half a million comments takes up to a second on Mio x10, and
// no visitor waits for it once the first count is made. A count older than figuresStale (the
// site was idle) is made again before it is shown.
const (
	figuresTTL   = 15 * time.Second
	figuresStale = 10 * time.Minute
)

// AddCaches puts the handlers' own cache, the home page's figures, in g:
// they age, and no change empties them.
func (h *Handler) AddCaches(g *cache.Group) {
	h.figuresOnce.Do(h.newFigures)
	g.Add("home figures", 0, h.figures)
}

func (h *Handler) newFigures() {
	h.figures = cache.New[string, site.SiteFigures](cache.Options{TTL: figuresTTL, Stale: figuresStale})
}

func (h *Handler) siteFigures(c echo.Context) (site.SiteFigures, error) {
	h.figuresOnce.Do(h.newFigures)
	return h.figures.Get("figures", func() (site.SiteFigures, int, error) {
		// In the background the count outlives the request that started it.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request().Context()), time.Minute)
		defer cancel()
		figs, err := h.Store.Site.Figures(ctx)
		return figs, 0, err
	})
}

// Context keys set by the web middleware.
const (
	ctxUser = "ideario.user"
	ctxCSRF = "ideario.csrf"
)

// SetCurrentUser records the signed-in person for this request.
func SetCurrentUser(c echo.Context, u *accounts.User) { c.Set(ctxUser, u) }

// CurrentUser is the signed-in person, or nil for a visitor.
func CurrentUser(c echo.Context) *accounts.User {
	u, _ := c.Get(ctxUser).(*accounts.User)
	return u
}

// SetCSRF gives this request a way to get its CSRF token. The function is
// called only when a page needs the token, so pages without forms set no
// cookie.
func SetCSRF(c echo.Context, token func() string) { c.Set(ctxCSRF, token) }

func csrfToken(c echo.Context) string {
	if f, ok := c.Get(ctxCSRF).(func() string); ok {
		return f()
	}
	return ""
}

// WantsJSON tells whether the client asked for a JSON answer.
func WantsJSON(c echo.Context) bool {
	return strings.Contains(c.Request().Header.Get(echo.HeaderAccept), echo.MIMEApplicationJSON) ||
		strings.HasPrefix(c.Path(), "/api/")
}

// PathID reads a numeric id from the URL; anything else is a 404.
func PathID(c echo.Context, name string) (int64, error) {
	raw := c.Param(name)
	if i := strings.IndexByte(raw, '-'); i > 0 {
		raw = raw[:i] // "/ideas/12-seats-from-pet" carries a slug after the id
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, echo.NewHTTPError(http.StatusNotFound)
	}
	return id, nil
}

// HTTPError maps a models error to the HTTP answer a person should get.
func HTTPError(err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return echo.NewHTTPError(http.StatusNotFound)
	case errors.Is(err, store.ErrForbidden):
		return echo.NewHTTPError(http.StatusForbidden)
	}
	return err
}

// Redirect answers a form POST with 303 See Other.
func Redirect(c echo.Context, to string) error {
	return c.Redirect(http.StatusSeeOther, to)
}

// safeNext keeps a post-login destination on this site: a path, never
// another host ("//evil.example" or "/\evil.example" included). Control
// characters are refused too: browsers drop tabs and newlines from a
// Location, so "/\t/evil.example" would lead to //evil.example.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "/"
	}
	// What does not parse as a URL of this site (a stray "%") is refused
	// too, rather than left to each browser to read its own way.
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}
