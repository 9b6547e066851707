package admin

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/moderation"
	"github.com/labstack/echo/v4"
)

// personAction loads the person an action is about.
func (h *Handler) personAction(c echo.Context) (*accounts.User, error) {
	id, err := handlers.PathID(c, "id")
	if err != nil {
		return nil, err
	}
	u, err := h.Store.Accounts.UserByID(c.Request().Context(), id)
	return u, handlers.HTTPError(err)
}

// personDone answers a successful action: back to the person's page with
// a message, or JSON for scripts.
func (h *Handler) personDone(c echo.Context, person *accounts.User, msg string, answer map[string]any) error {
	if handlers.WantsJSON(c) {
		answer["message"] = msg
		return c.JSON(http.StatusOK, answer)
	}
	h.Sessions.Flash(c, msg)
	return handlers.Redirect(c, fmt.Sprintf("/admin/users/%d", person.ID))
}

// personInvalid shows the person's page again with the form's messages.
func (h *Handler) personInvalid(c echo.Context, person *accounts.User, f SuspendForm, errs handlers.FormErrors) error {
	if handlers.WantsJSON(c) {
		return c.JSON(http.StatusUnprocessableEntity, map[string]any{"errors": errs})
	}
	p, err := h.personPage(c, person.ID)
	if err != nil {
		return err
	}
	p.Form, p.Errors = f, errs
	return c.Render(http.StatusUnprocessableEntity, "admin_user", p)
}

// protectedMessage says why the models refused to act on a person.
func protectedMessage(c echo.Context, person *accounts.User) string {
	if handlers.CurrentUser(c).ID == person.ID {
		return handlers.T(c, "You cannot do this to your own account; ask another admin.")
	}
	return handlers.T(c, "Only an admin can do this to a moderator or an admin.")
}

// personRefused answers an action that the person's role protects them from.
func (h *Handler) personRefused(c echo.Context, person *accounts.User) error {
	msg := protectedMessage(c, person)
	if handlers.WantsJSON(c) {
		return c.JSON(http.StatusForbidden, map[string]any{"error": msg})
	}
	h.Sessions.Flash(c, msg)
	return handlers.Redirect(c, fmt.Sprintf("/admin/users/%d", person.ID))
}

// validateSuspension checks the form; the suspension ends at the start
// (00:00 UTC) of the day given, which must be after today.
func validateSuspension(c echo.Context, f SuspendForm) (time.Time, handlers.FormErrors) {
	v := handlers.NewValidator(c)
	until, err := time.Parse(time.DateOnly, f.Until)
	switch {
	case f.Until == "":
		v.Add("until", "Please choose the day the suspension ends.")
	case err != nil:
		v.Add("until", "Please give the day as YYYY-MM-DD, for example %s.", time.Now().UTC().AddDate(0, 0, 7).Format(time.DateOnly))
	case !until.After(time.Now()):
		v.Add("until", "Please choose a day after today.")
	}
	if f.Reason == "" {
		v.Add("reason", "Please give the reason: the person is shown it.")
	}
	v.Length("reason", f.Reason, 1, SuspendReasonMax)
	return until, v.Errors()
}

// SuspendUser stops a person from posting, voting and commenting until a
// day, with a reason they are shown.
func (h *Handler) SuspendUser(c echo.Context) error {
	person, err := h.personAction(c)
	if err != nil {
		return err
	}
	f := SuspendForm{Until: handlers.Form(c, "until"), Reason: handlers.Form(c, "reason")}
	until, errs := validateSuspension(c, f)
	if len(errs) > 0 {
		return h.personInvalid(c, person, f, errs)
	}
	err = h.Store.Moderation.Suspend(c.Request().Context(), handlers.CurrentUser(c), person.ID, until, f.Reason)
	if errors.Is(err, moderation.ErrProtected) {
		return h.personInvalid(c, person, f, handlers.FormErrors{"form": protectedMessage(c, person)})
	}
	if err != nil {
		return handlers.HTTPError(err)
	}
	day := until.Format(time.DateOnly)
	return h.personDone(c, person, handlers.T(c, "%s is suspended until %s.", person.Name, day),
		map[string]any{"suspended_until": day})
}

// UnsuspendUser lifts a suspension; the reason is optional.
func (h *Handler) UnsuspendUser(c echo.Context) error {
	person, err := h.personAction(c)
	if err != nil {
		return err
	}
	reason := handlers.Form(c, "reason")
	v := handlers.NewValidator(c)
	v.Length("unsuspend_reason", reason, 0, SuspendReasonMax)
	if !v.OK() {
		return h.personInvalid(c, person, SuspendForm{}, v.Errors())
	}
	if person.SuspendedUntil == nil {
		return h.personDone(c, person, handlers.T(c, "%s is not suspended.", person.Name), map[string]any{"suspended_until": nil})
	}
	err = h.Store.Moderation.Unsuspend(c.Request().Context(), handlers.CurrentUser(c), person.ID, reason)
	if errors.Is(err, moderation.ErrProtected) {
		return h.personRefused(c, person)
	}
	if err != nil {
		return handlers.HTTPError(err)
	}
	return h.personDone(c, person, handlers.T(c, "%s may post again.", person.Name), map[string]any{"suspended_until": nil})
}

// HideAllByUser hides every idea and comment a person posted: one action
// against a spammer.
func (h *Handler) HideAllByUser(c echo.Context) error {
	person, err := h.personAction(c)
	if err != nil {
		return err
	}
	reason := handlers.Form(c, "reason")
	v := handlers.NewValidator(c)
	v.Length("hide_reason", reason, 0, SuspendReasonMax)
	if !v.OK() {
		return h.personInvalid(c, person, SuspendForm{}, v.Errors())
	}
	ideas, comments, err := h.Store.Moderation.HideEverything(c.Request().Context(), handlers.CurrentUser(c), person.ID, reason)
	if errors.Is(err, moderation.ErrProtected) {
		return h.personRefused(c, person)
	}
	if err != nil {
		return handlers.HTTPError(err)
	}
	msg := handlers.T(c, "%s and %s hidden.", handlers.TN(c, "%d ideas", ideas), handlers.TN(c, "%d comments", comments))
	return h.personDone(c, person, msg, map[string]any{"ideas_hidden": ideas, "comments_hidden": comments})
}

// SetUserRole gives a person another role; the route lets only admins in.
// The person's sessions end, so the new rights start with a fresh log-in.
func (h *Handler) SetUserRole(c echo.Context) error {
	person, err := h.personAction(c)
	if err != nil {
		return err
	}
	role := handlers.Form(c, "role")
	if !slices.Contains(accounts.Roles, role) {
		return h.personInvalid(c, person, SuspendForm{}, handlers.FormErrors{"role": handlers.T(c, "Please choose one of the roles.")})
	}
	err = h.Store.Moderation.ChangeRole(c.Request().Context(), handlers.CurrentUser(c), person.ID, role)
	if errors.Is(err, moderation.ErrProtected) {
		return h.personRefused(c, person)
	}
	if err != nil {
		return handlers.HTTPError(err)
	}
	label := handlers.T(c, roleText[role])
	if role == person.Role {
		return h.personDone(c, person, handlers.T(c, "%s already has the role %s.", person.Name, label), map[string]any{"role": role})
	}
	return h.personDone(c, person, handlers.T(c, "%s now has the role %s; they will have to log in again.", person.Name, label),
		map[string]any{"role": role})
}
