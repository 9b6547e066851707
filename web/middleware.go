package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// loadUser puts the signed-in person, if any, on the request.
func (a *App) loadUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if v, ok := a.sessions.session(c.Request()); ok {
			u, err := a.store.Accounts.UserByID(c.Request().Context(), v.uid)
			switch {
			case err == nil && u.SessionVersion == v.version:
				handlers.SetCurrentUser(c, u)
				if err := a.sessions.renewIfUsed(c, v); err != nil {
					return err
				}
			case err == nil:
				// signed out everywhere since this cookie was made
			case errors.Is(err, store.ErrNotFound):
				// the account is gone: treat the visitor as signed out
			default:
				return err
			}
		}
		return next(c)
	}
}

// requireUser sends visitors to log in first, and back afterwards.
func requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if handlers.CurrentUser(c) == nil {
			if handlers.WantsJSON(c) {
				return echo.NewHTTPError(http.StatusUnauthorized, handlers.Translate(c, "Please log in first."))
			}
			back := c.Request().URL.RequestURI()
			if m := c.Request().Method; m != http.MethodGet && m != http.MethodHead {
				back = c.Request().Referer()
				if u, err := url.Parse(back); err == nil {
					back = u.RequestURI()
				}
			}
			return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(back))
		}
		return next(c)
	}
}

// requireRole lets through only people for whom allowed says yes; it is
// used after requireUser.
func requireRole(allowed func(*accounts.User) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !allowed(handlers.CurrentUser(c)) {
				return echo.NewHTTPError(http.StatusForbidden)
			}
			return next(c)
		}
	}
}

// ctxHead marks a HEAD request that headAsGet routes as a GET.
const ctxHead = "ideario.head"

// headAsGet lets HEAD reach the GET routes, as HTTP asks of every server
// (RFC 9110, 9.3.2) and monitors and link checkers expect: Echo's router
// only knows the methods that routes were added with. It runs before
// routing; restoreHead puts the method back after it, so that handlers see
// HEAD and net/http sends the headers without the body.
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Method == http.MethodHead {
			c.Request().Method = http.MethodGet
			c.Set(ctxHead, true)
		}
		return next(c)
	}
}

// restoreHead undoes headAsGet once the route is found.
func restoreHead(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if head, _ := c.Get(ctxHead).(bool); head {
			c.Request().Method = http.MethodHead
		}
		return next(c)
	}
}

// securityHeaders sets the headers every answer carries.
func securityHeaders(secure bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
			h.Set("X-Frame-Options", "DENY")
			if secure {
				h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
			}
			return next(c)
		}
	}
}

// requestLog logs each request once it is answered.
func requestLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			log.Info("request", "method", c.Request().Method, "path", c.Request().URL.Path,
				"status", c.Response().Status, "ms", time.Since(start).Milliseconds())
			return nil
		}
	}
}
