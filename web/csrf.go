package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"

	"github.com/ideario/ideario/handlers"
	"github.com/labstack/echo/v4"
)

const csrfCookie = "ideario_csrf"

// csrf guards every state-changing request with a double-submit token: the
// token lives in a cookie that other sites can neither read nor set
// (SameSite=Lax, HttpOnly), and every POST must repeat it in the _csrf form
// field or the X-CSRF-Token header. A missing or wrong token is a 403.
func csrf(secure bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			cookie, err := c.Request().Cookie(csrfCookie)
			token := ""
			if err == nil && len(cookie.Value) == 43 {
				token = cookie.Value
			}
			if unsafeMethod(c.Request().Method) {
				sent := c.Request().Header.Get("X-CSRF-Token")
				if sent == "" {
					sent = c.FormValue("_csrf")
				}
				if token == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
					return echo.NewHTTPError(http.StatusForbidden, "This form has expired or did not come from this site. Please go back, reload the page and try again.")
				}
			}
			handlers.SetCSRF(c, func() string {
				if token == "" {
					token = newCSRFToken()
					c.SetCookie(&http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true,
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
