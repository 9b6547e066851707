package handlers

import (
	"errors"
	"net/http"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/passwords"
	"github.com/labstack/echo/v4"
)

// AccountPage is the data of the account settings page.
type AccountPage struct {
	Page
	Form map[string]string
	// HideFromLeaderboard is the leaderboard checkbox.
	HideFromLeaderboard bool
	Errors              FormErrors
	Countries           []i18n.Country
	Locales             []Language

	// Personal API tokens, for people who may read reports.
	Tokens       []accounts.APIToken
	TokenLimit   int
	TokenName    string
	TokenErrors  FormErrors
	NewToken     string // the secret of a token just made, shown this once
	NewTokenName string
}

func (h *Handler) accountPage(c echo.Context) AccountPage {
	u := CurrentUser(c)
	p := AccountPage{Page: h.Page(c, T(c, "Your account")), Errors: FormErrors{}, Locales: Languages(),
		Form:                map[string]string{"name": u.Name, "handle": u.Handle, "country": u.Country, "locale": u.Locale},
		HideFromLeaderboard: u.HideFromLeaderboard}
	p.Countries = i18n.Countries(p.Locale)
	return p
}

// AccountForm shows the person's settings.
func (h *Handler) AccountForm(c echo.Context) error {
	p := h.accountPage(c)
	if err := h.loadAPITokens(c, &p); err != nil {
		return err
	}
	return c.Render(http.StatusOK, "account", p)
}

// UpdateAccount saves name, handle, country, language and, with the
// current password, a new password.
func (h *Handler) UpdateAccount(c echo.Context) error {
	u := CurrentUser(c)
	p := h.accountPage(c)
	in := accounts.AccountUpdate{Name: Form(c, "name"), Handle: accounts.NormalizeHandle(Form(c, "handle")),
		Country: Form(c, "country"), Locale: Form(c, "locale"), HideFromLeaderboard: c.FormValue("hide_from_leaderboard") != ""}
	p.Form = map[string]string{"name": in.Name, "handle": Form(c, "handle"), "country": in.Country, "locale": in.Locale}
	p.HideFromLeaderboard = in.HideFromLeaderboard
	v := NewValidator(c)
	v.Length("name", in.Name, 1, NameMax)
	if err := h.checkHandle(c, v, u, in.Handle); err != nil {
		return err
	}
	v.country("country", in.Country)
	if !i18n.Supported(in.Locale) {
		v.Add("locale", "Please choose one of the languages.")
	}
	if newPass := c.FormValue("new_password"); newPass != "" {
		if !passwords.Check(u.PasswordHash, c.FormValue("password")) {
			v.Add("password", "Your current password is needed to choose a new one, and this is not it.")
		}
		v.password("new_password", newPass)
		in.NewPassword = newPass
	}
	if !v.OK() {
		p.Errors = v.errors
		if err := h.loadAPITokens(c, &p); err != nil {
			return err
		}
		return c.Render(http.StatusUnprocessableEntity, "account", p)
	}
	err := h.Store.Accounts.UpdateAccount(c.Request().Context(), u.ID, in)
	if errors.Is(err, accounts.ErrHandleTaken) {
		// Taken since checkHandle looked: the same answer, nothing saved.
		v := NewValidator(c)
		handleTaken(v)
		p.Errors = v.Errors()
		if err := h.loadAPITokens(c, &p); err != nil {
			return err
		}
		return c.Render(http.StatusUnprocessableEntity, "account", p)
	}
	if err != nil {
		return err
	}
	if in.NewPassword != "" {
		// The new password ended every session; keep this one going.
		fresh, err := h.Store.Accounts.UserByID(c.Request().Context(), u.ID)
		if err != nil {
			return err
		}
		if err := h.Sessions.Login(c, fresh); err != nil {
			return err
		}
	}
	h.Sessions.Flash(c, T(c, "Your settings are saved."))
	return Redirect(c, "/account")
}

// checkHandle notes what is wrong with the handle a person chose: its
// form, or that another person holds it. Their own handle is fine, and
// so is none (a form without the field keeps the handle).
func (h *Handler) checkHandle(c echo.Context, v *Validator, u *accounts.User, handle string) error {
	switch {
	case handle == u.Handle || handle == "":
		return nil
	case !markdown.ValidHandle(handle):
		v.Add("handle", "A handle is %d to %d lower-case letters without accents (a to z), digits and underscores.",
			markdown.HandleMin, markdown.HandleMax)
		return nil
	}
	free, err := h.Store.Accounts.HandleFree(c.Request().Context(), u.ID, handle)
	if err == nil && !free {
		handleTaken(v)
	}
	return err
}

// handleTaken notes that another person holds the handle chosen.
func handleTaken(v *Validator) {
	v.Add("handle", "Someone else has this handle already: please choose another.")
}

// NotificationsPage is the data of the notifications page.
type NotificationsPage struct {
	Page
	Notifications []notifications.Notification
}

// Notifications lists the person's latest notifications.
func (h *Handler) Notifications(c echo.Context) error {
	ns, err := h.Store.Notifications.List(c.Request().Context(), CurrentUser(c).ID, 50)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "notifications", NotificationsPage{Page: h.Page(c, T(c, "Notifications")), Notifications: ns})
}

// MarkNotificationsRead marks every notification as seen.
func (h *Handler) MarkNotificationsRead(c echo.Context) error {
	if err := h.Store.Notifications.MarkNotificationsRead(c.Request().Context(), CurrentUser(c).ID); err != nil {
		return err
	}
	if WantsJSON(c) {
		return c.JSON(http.StatusOK, map[string]int{"unread": 0})
	}
	return Redirect(c, "/notifications")
}
