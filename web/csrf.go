package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/ideario/ideario/handlers"
	"github.com/labstack/echo/v4"
)

const csrfCookie = "ideario_csrf"

// csrf guards every state-changing request with a double-submit token: the
// token lives in a cookie that other sites can neither read nor set
// (SameSite=Lax, HttpOnly), and every POST must repeat it in the _csrf form
// field or the X-CSRF-Token header. A missing or wrong token is a 403.
//
// A second layer, should the token ever leak, is Go's cross-origin
// protection: a browser says where a request comes from (Sec-Fetch-Site,
// or else Origin), and a state-changing request from another site is
// refused whatever token it carries. Clients that send neither header
// (scripts with an API token) are left to the token checks.
func csrf(secure bool, baseURL string) echo.MiddlewareFunc {
	origins := http.NewCrossOriginProtection()
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		// Behind a proxy that rewrites Host, the public address is ours too.
		_ = origins.AddTrustedOrigin(u.Scheme + "://" + u.Host) // validated with the settings
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			cookie, err := c.Request().Cookie(csrfCookie)
			token := ""
			if err == nil && len(cookie.Value) == 43 {
				token = cookie.Value
			}
			// A mail's one-click unsubscribe (RFC 8058) comes from the reader's
			// mail program, with neither cookie nor token: its signed link is
			// its credential, and all it can do is stop mail.
			signed := c.Path() == "/unsubscribe"
			if unsafeMethod(c.Request().Method) && !signed && origins.Check(c.Request()) != nil {
				return echo.NewHTTPError(http.StatusForbidden, handlers.Translate(c, "This form did not come from this site, so nothing was changed."))
			}
			if unsafeMethod(c.Request().Method) && !signed {
				sent := c.Request().Header.Get("X-CSRF-Token")
				if sent == "" {
					sent = c.FormValue("_csrf")
				}
				if token == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
					return echo.NewHTTPError(http.StatusForbidden, handlers.Translate(c, "This form has expired or did not come from this site. Please go back, reload the page and try again."))
				}
			}
			handlers.SetCSRF(c, func() string {
				if token == "" {
					token = newCSRFToken()
					// Secure follows the base URL: on a plain-http development site a
					// Secure cookie would never come back.
					c.SetCookie(&http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true, //nolint:gosec // G124: see above
						Secure: secure, SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
				}
				return token
			})
			return next(c)
		}
	}
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

func newCSRFToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the system is unusable
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
