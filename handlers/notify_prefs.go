package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// PrefsPage is the data of the page where a person chooses how to hear
// of each kind of notification: signed in, or from a mail's signed link.
type PrefsPage struct {
	Page
	Rows   []PrefRow
	Errors FormErrors
	Action string // where the form posts
	Token  string // the mail's signed link's token; "" when signed in
	Reader string // whose preferences they are, from a mail's link
	Scope  string // what the one-click button stops, from a mail's link
	Done   bool   // the one-click unsubscribe just happened
	Saved  bool
}

// PrefRow is one kind of notification and the choice made for it.
type PrefRow struct {
	notifications.Kind
	Choice string
}

// prefsView is how the preferences page is shown: for whom, reached how,
// and with what a refused form posted.
type prefsView struct {
	reader *accounts.User
	token  string // set when reached from a mail
	scope  string
	done   bool
	status int
	posted map[string]string
	errors FormErrors
}

// NotificationPrefs shows the signed-in person's choices.
func (h *Handler) NotificationPrefs(c echo.Context) error {
	return h.prefsPage(c, prefsView{reader: CurrentUser(c), status: http.StatusOK})
}

// SaveNotificationPrefs saves the signed-in person's choices.
func (h *Handler) SaveNotificationPrefs(c echo.Context) error {
	v := prefsView{reader: CurrentUser(c), status: http.StatusUnprocessableEntity}
	if err := h.savePrefs(c, &v); err != nil || v.errors != nil {
		if err != nil {
			return err
		}
		return h.prefsPage(c, v)
	}
	h.Sessions.Flash(c, T(c, "Your choices are saved."))
	return Redirect(c, "/account/notifications")
}

// Unsubscribe shows, from a mail's signed link and without logging in,
// the preferences of the mail's reader, with a button that stops the mail
// the link came from.
func (h *Handler) Unsubscribe(c echo.Context) error {
	v, err := h.tokenView(c)
	if err != nil {
		return err
	}
	return h.prefsPage(c, v)
}

// UnsubscribePost is the RFC 8058 one-click unsubscribe (a body of
// List-Unsubscribe=One-Click, sent by mail programs without cookies or a
// CSRF token: the signed link is the credential), and the form of the
// preferences reached from a mail.
func (h *Handler) UnsubscribePost(c echo.Context) error {
	v, err := h.tokenView(c)
	if err != nil {
		return err
	}
	if c.FormValue("List-Unsubscribe") == "One-Click" {
		if err := h.Store.Notifications.Unsubscribe(c.Request().Context(), v.reader.ID, v.scope); err != nil {
			return err
		}
		v.done = true
		return h.prefsPage(c, v)
	}
	if err := h.savePrefs(c, &v); err != nil {
		return err
	}
	if v.errors != nil {
		v.status = http.StatusUnprocessableEntity
		return h.prefsPage(c, v)
	}
	return Redirect(c, "/unsubscribe?saved=1&token="+url.QueryEscape(v.token))
}

// tokenView is the page of the request's signed token's person; a
// missing, altered or foreign token, or one of a person who is gone, is a
// 404 that says so.
func (h *Handler) tokenView(c echo.Context) (prefsView, error) {
	token := c.QueryParam("token")
	id, scope, ok := notifications.ParseToken(h.Config.Secret, token)
	var u *accounts.User
	var err error
	if ok {
		u, err = h.Store.Accounts.UserByID(c.Request().Context(), id)
	}
	switch {
	case !ok || errors.Is(err, store.ErrNotFound):
		return prefsView{}, echo.NewHTTPError(http.StatusNotFound,
			T(c, "This link is not valid. Open the latest mail you received, or log in to choose what you hear about."))
	case err != nil:
		return prefsView{}, err
	}
	return prefsView{reader: u, token: token, scope: scope, status: http.StatusOK}, nil
}

// savePrefs reads a choice per kind from the form and saves them all, or
// none when one is not a choice the kind offers: v then holds the posted
// choices and an error next to each wrong one.
func (h *Handler) savePrefs(c echo.Context, v *prefsView) error {
	prefs := map[string]string{}
	check := NewValidator(c)
	for _, row := range prefRows(v.reader, nil) {
		choice := c.FormValue("pref_" + row.Name)
		if choice == "" {
			continue // left out: unchanged
		}
		prefs[row.Name] = choice
		if !slices.Contains(row.Deliveries(), choice) {
			check.Add("pref_"+row.Name, "Please choose how you hear of this.")
		}
	}
	if !check.OK() {
		v.posted, v.errors = prefs, check.Errors()
		return nil
	}
	return h.Store.Notifications.SetPrefs(c.Request().Context(), v.reader.ID, prefs)
}

func (h *Handler) prefsPage(c echo.Context, v prefsView) error {
	prefs, err := h.Store.Notifications.Prefs(c.Request().Context(), v.reader.ID)
	if err != nil {
		return err
	}
	for k, choice := range v.posted {
		prefs[k] = choice
	}
	p := PrefsPage{Page: h.Page(c, T(c, "What you hear about")), Rows: prefRows(v.reader, prefs), Errors: v.errors,
		Action: "/account/notifications", Scope: v.scope, Done: v.done}
	if v.token != "" {
		p.Token, p.Reader, p.Action = v.token, v.reader.Name, "/unsubscribe?token="+url.QueryEscape(v.token)
		p.Saved = c.QueryParam("saved") == "1"
	}
	if p.Errors == nil {
		p.Errors = FormErrors{}
	}
	return c.Render(v.status, "notification_prefs", p)
}

// prefRows lists the kinds a person may tune (moderators' notices for
// staff only) with their choices.
func prefRows(u *accounts.User, prefs map[string]string) []PrefRow {
	var rows []PrefRow
	for _, k := range notifications.Kinds {
		if k.StaffOnly && !u.IsModerator() {
			continue
		}
		rows = append(rows, PrefRow{Kind: k, Choice: prefs[k.Name]})
	}
	return rows
}
