package handlers

import (
	"net/http"
	"time"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/accounts"
	"github.com/labstack/echo/v4"
)

// LanguageCookie keeps the language a visitor chose with the switcher.
const LanguageCookie = "lang"

const ctxLocale = "ideario.locale"

// SetRequestLocale records the language chosen for a request before anyone
// is signed in: the switcher's cookie, else Accept-Language, else the
// site's default (see web's chooseLocale).
func SetRequestLocale(c echo.Context, locale string) { c.Set(ctxLocale, locale) }

// RequestLocale is the language chosen for the request without its
// signed-in person's setting: what the anonymous page cache keys by.
func RequestLocale(c echo.Context) string {
	if l, ok := c.Get(ctxLocale).(string); ok && l != "" {
		return l
	}
	return i18n.Default
}

// Locale is the language to answer in: the signed-in person's setting
// first, then what was chosen for the request.
func Locale(c echo.Context) string {
	if u := CurrentUser(c); u != nil && i18n.Supported(u.Locale) {
		return u.Locale
	}
	return RequestLocale(c)
}

// Translate translates a message for the person making the request.
func Translate(c echo.Context, msg string, args ...any) string { return T(c, msg, args...) }

// T translates a message for the person making the request.
func T(c echo.Context, msg string, args ...any) string {
	return i18n.T(Locale(c), msg, args...)
}

// TN translates a message that depends on a count, for the person making
// the request (see i18n.N).
func TN(c echo.Context, msg string, n any, args ...any) string {
	return i18n.N(Locale(c), msg, n, args...)
}

// localeOf is the language to write to a person in, whoever is making the
// request: their own setting, else the site's default.
func (h *Handler) localeOf(c echo.Context, u *accounts.User) string {
	if u != nil && i18n.Supported(u.Locale) {
		return u.Locale
	}
	site, err := h.Store.Site.Settings(c.Request().Context())
	if err != nil {
		h.Log.Error("settings", "err", err)
	}
	if l := i18n.Canonical(site.DefaultLocale); l != "" {
		return l
	}
	return i18n.Default
}

// Language is one of the languages Ideario offers.
type Language = i18n.Language

// Languages lists the languages Ideario offers, each in its own name.
func Languages() []Language { return i18n.Languages() }

// LanguagesBut lists the languages Ideario offers but one (the site's
// default), for forms that ask for a text in each of the others.
func LanguagesBut(except string) []Language {
	var out []Language
	for _, l := range Languages() {
		if l.Code != except {
			out = append(out, l)
		}
	}
	return out
}

// ChooseLanguage is the switcher: a plain link for visitors (GET, kept in
// a cookie, so every page stays cacheable and works without JavaScript),
// a form for signed-in people (POST with the CSRF token), whose choice is
// saved on their account, since the account's setting comes first.
func (h *Handler) ChooseLanguage(c echo.Context) error {
	code := c.QueryParam("lang")
	if c.Request().Method == http.MethodPost {
		code = Form(c, "lang")
	}
	loc := i18n.Canonical(code)
	if loc == "" {
		return echo.NewHTTPError(http.StatusBadRequest, T(c, "This site does not offer this language."))
	}
	next := safeNext(c.QueryParam("next"))
	if c.Request().Method == http.MethodPost {
		next = safeNext(Form(c, "next"))
		if u := CurrentUser(c); u != nil {
			if err := h.Store.Accounts.SetLocale(c.Request().Context(), u.ID, loc); err != nil {
				return HTTPError(err)
			}
		}
	}
	// Secure whenever the site is served over https (IDEARIO_BASE_URL); a
	// site on plain http, as in development, could not set it otherwise.
	c.SetCookie(&http.Cookie{Name: LanguageCookie, Value: loc, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()), //nolint:gosec // G124: see above
		HttpOnly: true, Secure: h.Config.Secure(), SameSite: http.SameSiteLaxMode})
	return Redirect(c, next)
}

// language checks the language a text is said to be written in: one that
// Ideario offers, returned in its canonical form, or empty when the form
// did not say (the caller then keeps the language it had, or the
// writer's).
func (v *Validator) language(field, value string) string {
	if value == "" {
		return ""
	}
	loc := i18n.Canonical(value)
	if loc == "" {
		v.Add(field, "Please choose one of the languages.")
	}
	return loc
}
