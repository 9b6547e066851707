package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/labstack/echo/v4"
)

// APITokenNameMax is the longest name a personal API token may have.
const APITokenNameMax = 80

// loadAPITokens fills in the account page's token section, for the people
// who may read reports (the only thing a token opens).
func (h *Handler) loadAPITokens(c echo.Context, p *AccountPage) error {
	u := CurrentUser(c)
	if !u.CanReadReports() {
		return nil
	}
	toks, err := h.Store.Accounts.APITokens(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	p.Tokens, p.TokenLimit = toks, accounts.APITokenLimit
	if p.TokenErrors == nil {
		p.TokenErrors = FormErrors{}
	}
	return nil
}

// CreateAPIToken makes a personal API token and shows its secret, once:
// the page is rendered rather than redirected to, so that the secret never
// travels in a cookie or a URL.
func (h *Handler) CreateAPIToken(c echo.Context) error {
	u := CurrentUser(c)
	if !u.CanReadReports() {
		return echo.NewHTTPError(http.StatusForbidden)
	}
	name := Form(c, "name")
	v := NewValidator(c)
	v.Length("name", name, 1, APITokenNameMax)
	var (
		tok    *accounts.APIToken
		secret string
	)
	if v.OK() {
		var err error
		tok, secret, err = h.Store.Accounts.CreateAPIToken(c.Request().Context(), u.ID, name)
		switch {
		case errors.Is(err, accounts.ErrTokenLimit):
			v.Add("name", "You already have %d tokens: revoke one you no longer use before making another.", accounts.APITokenLimit)
		case err != nil:
			return err
		}
	}
	if !v.OK() {
		if WantsJSON(c) {
			return c.JSON(http.StatusUnprocessableEntity, map[string]any{"errors": v.errors})
		}
		p := h.accountPage(c)
		p.TokenName, p.TokenErrors = name, v.errors
		if err := h.loadAPITokens(c, &p); err != nil {
			return err
		}
		return c.Render(http.StatusUnprocessableEntity, "account", p)
	}
	// The secret is in this answer only: no cache may keep it.
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	if WantsJSON(c) {
		return c.JSON(http.StatusCreated, map[string]any{"id": tok.ID, "name": tok.Name, "token": secret,
			"created_at": tok.CreatedAt.UTC().Format(time.RFC3339)})
	}
	p := h.accountPage(c)
	p.NewToken, p.NewTokenName = secret, tok.Name
	if err := h.loadAPITokens(c, &p); err != nil {
		return err
	}
	return c.Render(http.StatusOK, "account", p)
}

// RevokeAPIToken ends one of the person's own tokens at once. Anyone
// signed in may revoke their own, so that a former sponsor can still clean
// up; someone else's token is a 404.
func (h *Handler) RevokeAPIToken(c echo.Context) error {
	id, err := PathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.Store.Accounts.RevokeAPIToken(c.Request().Context(), CurrentUser(c).ID, id); err != nil {
		return HTTPError(err)
	}
	if WantsJSON(c) {
		return c.JSON(http.StatusOK, map[string]any{"revoked": true, "id": id})
	}
	h.Sessions.Flash(c, T(c, "The token is revoked: scripts that use it are refused from now on."))
	return Redirect(c, "/account")
}
