package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/moderation"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// FlagNoteMax is how long a report's note may be.
const FlagNoteMax = 500

// flagReasonText names each report reason for people, in English; pages
// translate it.
var flagReasonText = map[string]string{
	"spam":      "Spam or advertising",
	"offensive": "Offensive or abusive",
	"off_topic": "Off topic",
	"duplicate": "A duplicate of another idea",
	"other":     "Something else",
}

// Choice is one option of a radio group or select.
type Choice struct{ Value, Label string }

// flagReasonChoices lists the report reasons, translated, in their order.
func flagReasonChoices(c echo.Context) []Choice {
	out := make([]Choice, len(moderation.FlagReasons))
	for i, r := range moderation.FlagReasons {
		out[i] = Choice{Value: r, Label: T(c, flagReasonText[r])}
	}
	return out
}

// FlagForm is what a person sends when reporting an idea or a comment.
type FlagForm struct {
	Reason, Note string
}

func (f FlagForm) validate(c echo.Context) FormErrors {
	v := NewValidator(c)
	if !slices.Contains(moderation.FlagReasons, f.Reason) {
		v.Add("reason", "Please choose why you report this.")
	}
	if TextLength(f.Note) > FlagNoteMax {
		v.Add("note", "Please keep this to %d characters or fewer (it has %d).", FlagNoteMax, TextLength(f.Note))
	}
	return v.errors
}

// FlagIdea reports an idea to the moderators.
func (h *Handler) FlagIdea(c echo.Context) error { return h.flag(c, audit.TargetIdea) }

// FlagComment reports a comment to the moderators.
func (h *Handler) FlagComment(c echo.Context) error { return h.flag(c, audit.TargetComment) }

// flag records a report once per person and item. Enough reports from
// different people hide the item at once; the store decides.
func (h *Handler) flag(c echo.Context, targetType string) error {
	u := CurrentUser(c)
	id, err := PathID(c, "id")
	if err != nil {
		return err
	}
	ideaID, back, err := h.flagTarget(c, targetType, id)
	if err != nil {
		return err
	}
	if err := h.mayPost(c, u); err != nil {
		return err
	}
	f := FlagForm{Reason: Form(c, "reason"), Note: Form(c, "note")}
	if errs := f.validate(c); len(errs) > 0 {
		return h.flagError(c, http.StatusUnprocessableEntity, ideaID, targetType, id, f, errs)
	}
	if err := h.countPost(c, h.flagLimits(), u); err != nil {
		msg, ok := limited(c, err, T(c, "You have sent many reports in a short time, so this one was not sent yet."))
		if !ok {
			return err
		}
		return h.flagError(c, http.StatusTooManyRequests, ideaID, targetType, id, f, FormErrors{"reason": msg})
	}
	hidden, err := h.Store.Moderation.Flag(c.Request().Context(), u, targetType, id, f.Reason, f.Note)
	switch {
	case errors.Is(err, store.ErrDuplicate):
		return h.flagAnswer(c, back, http.StatusOK, T(c, "You already reported this."), map[string]any{"ok": true, "already": true})
	case errors.Is(err, moderation.ErrOwnContent):
		return h.flagAnswer(c, back, http.StatusForbidden, T(c, "You cannot report what you wrote."), nil)
	case err != nil:
		return HTTPError(err)
	}
	return h.flagAnswer(c, back, http.StatusOK, T(c, "Thank you, a moderator will look at it."),
		map[string]any{"ok": true, "hidden": hidden})
}

// flagTarget finds the idea a reported item belongs to, and where the
// person returns to; items the person may not see are not found.
func (h *Handler) flagTarget(c echo.Context, targetType string, id int64) (ideaID int64, back string, err error) {
	ctx, u := c.Request().Context(), CurrentUser(c)
	ideaID = id
	if targetType == audit.TargetComment {
		cm, err := h.Store.Comments.CommentByID(ctx, id)
		if err != nil {
			return 0, "", HTTPError(err)
		}
		if cm.Deleted || cm.Hidden {
			return 0, "", echo.NewHTTPError(http.StatusNotFound)
		}
		ideaID = cm.IdeaID
	}
	idea, err := h.Store.Ideas.IdeaByID(ctx, ideaID)
	if err != nil {
		return 0, "", HTTPError(err)
	}
	if !idea.VisibleTo(u) {
		return 0, "", echo.NewHTTPError(http.StatusNotFound)
	}
	back = idea.URL()
	if targetType == audit.TargetComment {
		back = h.CommentAt(c, back, ideaID, id)
	}
	return ideaID, BackTo(c, back), nil
}

// flagAnswer answers a report: JSON for scripts, else a message on the
// page the person came from.
func (h *Handler) flagAnswer(c echo.Context, back string, code int, msg string, answer map[string]any) error {
	if WantsJSON(c) {
		if code >= 400 {
			return c.JSON(code, map[string]string{"error": msg})
		}
		answer["message"] = msg
		return c.JSON(code, answer)
	}
	h.Sessions.Flash(c, msg)
	return Redirect(c, back)
}

// flagError shows the idea's page again with the report form open and its
// messages next to its fields.
func (h *Handler) flagError(c echo.Context, code int, ideaID int64, targetType string, id int64, f FlagForm, errs FormErrors) error {
	if WantsJSON(c) {
		return c.JSON(code, map[string]any{"errors": errs})
	}
	var at int64
	if targetType == audit.TargetComment {
		at = id
	}
	p, err := h.LoadIdeaPage(c, ideaID, at)
	if err != nil {
		return err
	}
	p.Path = IdeaURL(p.Idea.ID, p.Idea.Slug)
	p.Errors = errs
	p.FlagOpen = fmt.Sprintf("%s:%d", targetType, id)
	p.Form["reason"], p.Form["note"] = f.Reason, f.Note
	return c.Render(code, "idea", p)
}

// FlagKey names an item's report form on the idea page, as FlagOpen does.
func (p IdeaPage) FlagKey(targetType string, id int64) string {
	return fmt.Sprintf("%s:%d", targetType, id)
}

// ReasonLabel is a report reason's name in the page's language.
func (p Page) ReasonLabel(reason string) string {
	if text, ok := flagReasonText[reason]; ok {
		return p.T(text)
	}
	return reason
}
