package handlers

import (
	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models"
	"github.com/labstack/echo/v4"
)

// Page is the data every page's layout needs; each page's data embeds it.
type Page struct {
	Title       string
	Description string
	User        *models.User
	csrf        func() string
	Flashes     []string
	Locale      string
	Site        models.Settings
	Path        string
	Unread      int64
	BaseURL     string
}

// CSRF is the token that the page's forms repeat. Asking for it sets its
// cookie when the browser has none, so only pages with a form ask: a page
// without one is the same for every anonymous visitor, and can be cached.
func (p Page) CSRF() string {
	if p.csrf == nil {
		return ""
	}
	return p.csrf()
}

// T translates a message into the page's language.
func (p Page) T(msg string, args ...any) string { return i18n.T(p.Locale, msg, args...) }

// page builds the common page data for a request.
func (h *Handler) page(c echo.Context, title string) Page {
	ctx := c.Request().Context()
	p := Page{
		Title:   title,
		User:    CurrentUser(c),
		csrf:    func() string { return csrfToken(c) },
		Flashes: h.Sessions.Flashes(c),
		Locale:  locale(c),
		Path:    c.Request().URL.RequestURI(),
		BaseURL: h.Config.BaseURL,
	}
	site, err := h.Store.Settings(ctx)
	if err != nil {
		h.Log.Error("settings", "err", err)
	}
	p.Site = site
	if p.User != nil {
		if n, err := h.Store.UnreadNotifications(ctx, p.User.ID); err == nil {
			p.Unread = n
		} else {
			h.Log.Error("unread notifications", "err", err)
		}
	}
	return p
}

// FormErrors holds a form's messages by field name, already translated.
type FormErrors map[string]string

// ErrorPage is the data of the error page.
type ErrorPage struct {
	Page
	Code    int
	Message string
}

// RenderError renders the site's error page; the web error handler calls it.
func (h *Handler) RenderError(c echo.Context, code int, message string) error {
	p := ErrorPage{Page: h.page(c, message), Code: code, Message: message}
	return c.Render(code, "error", p)
}
