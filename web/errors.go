package web

import (
	"errors"
	"net/http"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// errorHandler is the one place where errors become answers: an HTML page
// in the site's look, or JSON for scripts, in the reader's language (an
// error's own message was translated where it was made). Unexpected errors are logged
// and shown as a plain 500 without details.
func (a *App) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	code, msg := http.StatusInternalServerError, ""
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code = he.Code
		if s, ok := he.Message.(string); ok && s != http.StatusText(code) {
			msg = s
		}
	}
	switch {
	case store.Unavailable(err):
		a.log.Error("the database takes no writes", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
		code, msg = http.StatusServiceUnavailable, handlers.Translate(c, unavailableMessage)
		c.Response().Header().Set("Retry-After", "60")
	case code >= 500:
		a.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
		msg = ""
	}
	if code == http.StatusBadRequest && msg != "" && he != nil && he.Internal != nil {
		msg = "" // Echo's binder messages name Go types; don't show them
	}
	if msg == "" {
		msg = handlers.Translate(c, defaultMessage(code))
	}
	if c.Request().Method == http.MethodHead {
		err = c.NoContent(code)
	} else if handlers.WantsJSON(c) {
		err = c.JSON(code, map[string]string{"error": msg})
	} else {
		err = a.handlers.RenderError(c, code, msg)
	}
	if err != nil {
		a.log.Error("rendering the error page", "err", err)
		if err := c.String(code, msg); err != nil {
			a.log.Error("writing the plain error", "err", err)
		}
	}
}

// unavailableMessage is the 503 page's text when the database takes no
// writes (a full disk, a read-only file).
const unavailableMessage = "The site cannot save anything at the moment. Nothing you sent was saved; please try again in a few minutes."

func defaultMessage(code int) string {
	switch code {
	case http.StatusBadRequest:
		return "The site could not understand this request."
	case http.StatusUnauthorized:
		return "Please log in first."
	case http.StatusNotFound:
		return "This page does not exist, or is no longer here."
	case http.StatusForbidden:
		return "You are not allowed to do this."
	case http.StatusMethodNotAllowed:
		return "This address does not accept this kind of request."
	case http.StatusRequestEntityTooLarge:
		return "What you sent is too large."
	case http.StatusTooManyRequests:
		return "Too many requests; please wait a moment and try again."
	case http.StatusServiceUnavailable:
		return "The site is briefly unavailable; please try again in a minute."
	}
	if code >= 500 {
		return "Something went wrong on our side. It has been logged; please try again."
	}
	return "The site cannot answer this request."
}
