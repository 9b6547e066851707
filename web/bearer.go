package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// bearer lets scripts read the reports with a personal API token in the
// Authorization header ("Bearer idr_..."), in place of a session. It is
// used on the /reports group only, before requireUser. A request without a
// Bearer header goes on as a browser's would; a token is never read from
// the query string, where it would end up in logs and browser history.
func (a *App) bearer(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		// The answer depends on the header: caches must keep them apart.
		c.Response().Header().Add(echo.HeaderVary, echo.HeaderAuthorization)
		secret, ok := bearerToken(c.Request())
		if !ok {
			return next(c)
		}
		// Reports are read-only: a token opens nothing that changes state.
		if m := c.Request().Method; m != http.MethodGet && m != http.MethodHead {
			c.Response().Header().Set(echo.HeaderAllow, "GET, HEAD")
			return echo.NewHTTPError(http.StatusMethodNotAllowed)
		}
		u, err := a.store.Accounts.UserByAPIToken(c.Request().Context(), secret)
		switch {
		case errors.Is(err, store.ErrNotFound):
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="ideario", error="invalid_token"`)
			return echo.NewHTTPError(http.StatusUnauthorized, handlers.Translate(c, "This API token is unknown or revoked."))
		case err != nil:
			return err
		}
		// The token outlives a change of role; the role is what counts.
		if !u.CanReadReports() {
			return echo.NewHTTPError(http.StatusForbidden)
		}
		// The token's owner replaces whoever the session cookie names.
		handlers.SetCurrentUser(c, u)
		return next(c)
	}
}

// bearerToken reads the token of an "Authorization: Bearer TOKEN" header
// (the scheme is case-insensitive, RFC 9110 11.1); ok is false when the
// request carries no such header.
func bearerToken(r *http.Request) (token string, ok bool) {
	scheme, token, _ := strings.Cut(strings.TrimSpace(r.Header.Get(echo.HeaderAuthorization)), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}
