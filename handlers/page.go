package handlers

import (
	"bytes"
	"slices"
	"strings"

	"github.com/ideario/ideario/assets"
	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/site"
	"github.com/ideario/ideario/views"
	"github.com/labstack/echo/v4"
)

// Page is the data every page's layout needs; each page's data embeds it.
type Page struct {
	Title       string
	Description string
	User        *accounts.User
	csrf        func() string
	Flashes     []string
	Locale      string
	Site        site.Settings
	Path        string
	Unread      int64
	BaseURL     string
	// Shared is set while rendering a views.Part, the same for every
	// reader: templates then put slots where the reader's own things go.
	Shared bool
	// Framed is set while rendering the layout that signed-in readers of
	// one page share (views.Frame): it puts a slot where the reader's
	// menu goes, and its token is a slot too.
	Framed bool
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

// sharedPage is the page data of a part that every reader shares, made
// without reading the request's flash messages (which the reader's own
// page shows).
func (h *Handler) sharedPage(c echo.Context, title string) Page {
	site, err := h.Store.Site.Settings(c.Request().Context())
	if err != nil {
		h.Log.Error("settings", "err", err)
	}
	return Page{Title: title, Locale: Locale(c), Site: site, BaseURL: h.Config.BaseURL, Shared: true}
}

// shared is the page data of a part that every reader shares: nobody
// signed in, no token, no address, no messages.
func (p Page) shared() Page {
	return Page{Title: p.Title, Description: p.Description, Locale: p.Locale, Site: p.Site, BaseURL: p.BaseURL, Shared: true}
}

// frame tells views how the layout around a part may be shared with
// other readers: by everything it shows but the reader's token and menu.
// A page with messages for its reader, or a suspended person's, is
// rendered for them alone.
func (p Page) frame() views.Frame {
	if p.User == nil || len(p.Flashes) > 0 || p.User.SuspendedUntil != nil {
		return views.Frame{}
	}
	u := p.User
	framed := p
	framed.Framed, framed.Flashes, framed.Unread = true, nil, 0
	framed.csrf = func() string { return views.CSRFSlot }
	// The layout reads the role alone: nothing else of the person is given.
	framed.User = &accounts.User{Role: u.Role}
	key := strings.Join([]string{p.Locale, p.Title, p.Description, p.Path, p.Site.SiteName, p.BaseURL, u.Role}, "\x00")
	return views.Frame{Key: key, Data: framedPage{framed}, Menu: views.Version(u.ID, u.Name, u.Email, p.Unread), MenuData: p}
}

// framedPage is the model a frame is rendered from: the layout's data,
// around a part (whose page template then puts the slot "part").
type framedPage struct{ Page }

func (framedPage) Parted() bool { return true }

// Base is the layout's data. The layout reads it rather than the page's
// own data, since html/template finds a field of an embedded struct by a
// slow search on every use.
func (p Page) Base() Page { return p }

// T translates a message into the page's language.
func (p Page) T(msg string, args ...any) string { return i18n.T(p.Locale, msg, args...) }

// N translates a message that depends on a count into the page's language.
func (p Page) N(msg string, n any, args ...any) string { return i18n.N(p.Locale, msg, n, args...) }

// Welcome is the site's welcome text in the page's language, and the
// language it is written in: an admin's text for this language, else the
// default language's text (translated while it is Ideario's own).
func (p Page) Welcome() LocalText {
	if w := p.Site.Welcomes[p.Locale]; w != "" {
		return LocalText{w, p.Locale}
	}
	if p.Site.WelcomeText == site.DefaultSettings.WelcomeText {
		return LocalText{p.T(p.Site.WelcomeText), p.Locale}
	}
	return LocalText{p.Site.WelcomeText, p.Site.DefaultLocale}
}

// TextLang is the lang attribute a text needs on the page, given the
// language it is in ("" for the site's default): empty when it is the
// page's own.
func (p Page) TextLang(lang string) string {
	if lang == "" {
		lang = p.Site.DefaultLocale
	}
	if lang == p.Locale {
		return ""
	}
	return lang
}

// LocalText is a text and the language it is written in, for its lang
// attribute.
type LocalText struct {
	Text, Lang string
}

// Num writes a number the way the page's language does (1.234 in pt-BR).
func (p Page) Num(n int64) string { return i18n.Number(p.Locale, n) }

// Page builds the common page data for a request.
func (h *Handler) Page(c echo.Context, title string) Page {
	ctx := c.Request().Context()
	p := Page{
		Title:   title,
		User:    CurrentUser(c),
		csrf:    func() string { return csrfToken(c) },
		Flashes: h.Sessions.Flashes(c),
		Locale:  Locale(c),
		Path:    c.Request().URL.RequestURI(),
		BaseURL: h.Config.BaseURL,
	}
	c.Response().Header().Set("Content-Language", p.Locale)
	site, err := h.Store.Site.Settings(ctx)
	if err != nil {
		h.Log.Error("settings", "err", err)
	}
	p.Site = site
	if p.User != nil {
		if n, err := h.Store.Notifications.UnreadNotifications(ctx, p.User.ID); err == nil {
			p.Unread = n
		} else {
			h.Log.Error("unread notifications", "err", err)
		}
	}
	return p
}

// renderPooled renders a page as c.Render does, into a reused buffer:
// the busiest pages are tens of kilobytes, and a new buffer for each would
// be garbage for the collector at once.
func (h *Handler) renderPooled(c echo.Context, code int, name string, data any) error {
	buf, ok := h.buffers.Get().(*bytes.Buffer)
	if !ok {
		buf = new(bytes.Buffer)
	}
	defer func() {
		if buf.Cap() <= 1<<20 { // a rare huge page is not kept
			buf.Reset()
			h.buffers.Put(buf)
		}
	}()
	if assets.Accepts(c.Request().Header.Get(echo.HeaderAcceptEncoding), "gzip") {
		gzipped, err := h.Views.RenderGzipped(buf, name, data, c)
		if err != nil {
			return err
		}
		if gzipped { // compressed already: the compressor of answers passes it through
			hdr := c.Response().Header()
			hdr.Set(echo.HeaderContentEncoding, "gzip")
			if !slices.Contains(hdr.Values(echo.HeaderVary), echo.HeaderAcceptEncoding) { // the compressor of answers says it too
				hdr.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
			}
			return c.Blob(code, echo.MIMETextHTMLCharsetUTF8, buf.Bytes())
		}
	}
	if err := h.Views.Render(buf, name, data, c); err != nil {
		return err
	}
	return c.HTMLBlob(code, buf.Bytes())
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
	p := ErrorPage{Page: h.Page(c, message), Code: code, Message: message}
	return c.Render(code, "error", p)
}
