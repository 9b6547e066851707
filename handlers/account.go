package handlers

import (
	"net/http"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/passwords"
	"github.com/labstack/echo/v4"
)

// AccountPage is the data of the account settings page.
type AccountPage struct {
	Page
	Form   map[string]string
	Notify bool
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
		Form: map[string]string{"name": u.Name, "country": u.Country, "locale": u.Locale}, Notify: u.NotifyEmail,
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

// UpdateAccount saves name, country, language, email preference and,
// with the current password, a new password.
func (h *Handler) UpdateAccount(c echo.Context) error {
	u := CurrentUser(c)
	p := h.accountPage(c)
	in := accounts.AccountUpdate{Name: Form(c, "name"), Country: Form(c, "country"), Locale: Form(c, "locale"),
		NotifyEmail: c.FormValue("notify_email") != "", HideFromLeaderboard: c.FormValue("hide_from_leaderboard") != ""}
	p.Form = map[string]string{"name": in.Name, "country": in.Country, "locale": in.Locale}
	p.Notify = in.NotifyEmail
	p.HideFromLeaderboard = in.HideFromLeaderboard
	v := NewValidator(c)
	v.Length("name", in.Name, 1, NameMax)
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
	if err := h.Store.Accounts.UpdateAccount(c.Request().Context(), u.ID, in); err != nil {
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
