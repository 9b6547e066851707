package web

import (
	"strings"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/i18n"
	"github.com/labstack/echo/v4"
)

// chooseLocale picks the language of a request before the page cache
// looks at it: the switcher's cookie, else the browser's Accept-Language,
// else the site's default. A signed-in person's own setting, read later
// with their session, comes before all three (handlers.Locale). Answers
// say that they depend on both headers, so no shared cache mixes them up.
func (a *App) chooseLocale(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if strings.HasPrefix(r.URL.Path, "/assets/") {
			return next(c)
		}
		loc := ""
		if ck, err := r.Cookie(handlers.LanguageCookie); err == nil {
			loc = i18n.Canonical(ck.Value)
		}
		if loc == "" {
			loc = i18n.Negotiate(r.Header.Get("Accept-Language"))
		}
		if loc == "" {
			site, err := a.store.Site.Settings(r.Context())
			if err != nil {
				a.log.Error("settings", "err", err)
			}
			loc = i18n.Canonical(site.DefaultLocale)
		}
		handlers.SetRequestLocale(c, loc)
		c.Response().Header().Add(echo.HeaderVary, "Accept-Language, Cookie")
		return next(c)
	}
}
