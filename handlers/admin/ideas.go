package admin

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/ideas"
	"github.com/labstack/echo/v4"
)

// ModReasonMax is how long a moderator's reason for an action may be.
const ModReasonMax = 500

// Moderation actions, as the bulk form names them.
const (
	actHide    = "hide"
	actUnhide  = "unhide"
	actDismiss = "dismiss"
	actApprove = "approve"
)

var modActions = []string{actHide, actUnhide, actDismiss, actApprove}

// errNotApplicable means an action does not apply to an item (approving
// a comment, say); bulk actions skip such items.
var errNotApplicable = errors.New("the action does not apply to this item")

// HideIdea hides an idea from the public, with an optional reason.
func (h *Handler) HideIdea(c echo.Context) error { return h.moderate(c, audit.TargetIdea, actHide) }

// UnhideIdea shows a hidden idea again.
func (h *Handler) UnhideIdea(c echo.Context) error {
	return h.moderate(c, audit.TargetIdea, actUnhide)
}

// ApproveIdea publishes an idea held by pre-moderation.
func (h *Handler) ApproveIdea(c echo.Context) error {
	return h.moderate(c, audit.TargetIdea, actApprove)
}

// DismissIdeaFlags closes an idea's open reports.
func (h *Handler) DismissIdeaFlags(c echo.Context) error {
	return h.moderate(c, audit.TargetIdea, actDismiss)
}

// HideComment hides a comment from the public.
func (h *Handler) HideComment(c echo.Context) error {
	return h.moderate(c, audit.TargetComment, actHide)
}

// UnhideComment shows a hidden comment again.
func (h *Handler) UnhideComment(c echo.Context) error {
	return h.moderate(c, audit.TargetComment, actUnhide)
}

// DismissCommentFlags closes a comment's open reports.
func (h *Handler) DismissCommentFlags(c echo.Context) error {
	return h.moderate(c, audit.TargetComment, actDismiss)
}

// moderate runs one moderator action on one item and returns the
// moderator to the form's "back" page (the queue, say) or to the item.
func (h *Handler) moderate(c echo.Context, targetType, action string) error {
	id, err := handlers.PathID(c, "id")
	if err != nil {
		return err
	}
	reason := handlers.Form(c, "reason")
	if n := handlers.TextLength(reason); n > ModReasonMax {
		msg := handlers.TN(c, "Please keep this to %d characters or fewer (it has %d).", ModReasonMax, ModReasonMax, n)
		if handlers.WantsJSON(c) {
			return c.JSON(http.StatusUnprocessableEntity, map[string]any{"errors": handlers.FormErrors{"reason": msg}})
		}
		return echo.NewHTTPError(http.StatusUnprocessableEntity, msg)
	}
	place, err := h.moderatedPlace(c, targetType, id)
	if err != nil {
		return err
	}
	err = h.applyModeration(c.Request().Context(), handlers.CurrentUser(c), targetType, id, action, reason)
	if errors.Is(err, errNotApplicable) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return handlers.HTTPError(err)
	}
	if handlers.WantsJSON(c) {
		return c.JSON(http.StatusOK, map[string]any{"ok": true, "action": action, "target": targetType, "id": id})
	}
	h.Sessions.Flash(c, handlers.T(c, moderationDone[targetType+"."+action]))
	return handlers.Redirect(c, handlers.BackTo(c, place))
}

// moderationDone is the message after each action on one item.
var moderationDone = map[string]string{
	"idea.hide":       "The idea is hidden from the public.",
	"idea.unhide":     "The idea is visible again.",
	"idea.approve":    "The idea is approved and published.",
	"idea.dismiss":    "Reports dismissed: the idea stays visible.",
	"comment.hide":    "The comment is hidden from the public.",
	"comment.unhide":  "The comment is visible again.",
	"comment.dismiss": "Reports dismissed: the comment stays visible.",
}

// moderatedPlace is the address of an idea or comment that exists.
func (h *Handler) moderatedPlace(c echo.Context, targetType string, id int64) (string, error) {
	ctx := c.Request().Context()
	ideaID := id
	if targetType == audit.TargetComment {
		cm, err := h.Store.Comments.CommentByID(ctx, id)
		if err != nil {
			return "", handlers.HTTPError(err)
		}
		if cm.Deleted {
			return "", echo.NewHTTPError(http.StatusNotFound)
		}
		ideaID = cm.IdeaID
	}
	idea, err := h.Store.Ideas.IdeaByID(ctx, ideaID)
	if err != nil {
		return "", handlers.HTTPError(err)
	}
	if targetType == audit.TargetComment {
		return h.CommentAt(c, idea.URL(), ideaID, id), nil // the page of the discussion that holds it
	}
	return idea.URL(), nil
}

// applyModeration is the one place where an action meets the store, for
// single and bulk actions alike; the store writes the audit entries.
func (h *Handler) applyModeration(ctx context.Context, u *accounts.User, targetType string, id int64, action, reason string) error {
	idea := targetType == audit.TargetIdea
	switch {
	case action == actHide && idea:
		return h.Store.Moderation.HideIdea(ctx, u, id, reason)
	case action == actHide:
		return h.Store.Moderation.HideComment(ctx, u, id, reason)
	case action == actUnhide && idea:
		return h.Store.Moderation.UnhideIdea(ctx, u, id, reason)
	case action == actUnhide:
		return h.Store.Moderation.UnhideComment(ctx, u, id, reason)
	case action == actDismiss:
		return h.Store.Moderation.DismissFlags(ctx, u, targetType, id)
	case action == actApprove && idea:
		return h.Store.Moderation.ApproveIdea(ctx, u, id)
	}
	return errNotApplicable
}

// StatusForm is the moderator's status form on an idea's page.
type StatusForm struct {
	Status, Response string
}

func (f StatusForm) validate(c echo.Context) handlers.FormErrors {
	v := handlers.NewValidator(c)
	if !slices.Contains(ideas.Statuses, f.Status) {
		v.Add("status", "Please choose one of the statuses.")
	}
	if n := handlers.TextLength(f.Response); n > ideas.BodyMax {
		v.Add("response", "Please keep this to %d characters or fewer (it has %d).", ideas.BodyMax, n)
	}
	return v.Errors()
}

// SetIdeaStatus moves an idea through its life cycle with an official
// response; the store records the history and tells the idea's people.
func (h *Handler) SetIdeaStatus(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := handlers.PathID(c, "id")
	if err != nil {
		return err
	}
	idea, err := h.Store.Ideas.IdeaByID(ctx, id)
	if err != nil {
		return handlers.HTTPError(err)
	}
	f := StatusForm{Status: handlers.Form(c, "status"), Response: handlers.Form(c, "response")}
	if errs := f.validate(c); len(errs) > 0 {
		if handlers.WantsJSON(c) {
			return c.JSON(http.StatusUnprocessableEntity, map[string]any{"errors": errs})
		}
		p, err := h.LoadIdeaPage(c, id, 0)
		if err != nil {
			return err
		}
		p.Path, p.Errors = idea.URL(), errs
		p.Form["status"], p.Form["response"] = f.Status, f.Response
		return c.Render(http.StatusUnprocessableEntity, "idea", p)
	}
	if err := h.Store.Ideas.SetStatus(ctx, id, handlers.CurrentUser(c), f.Status, f.Response); err != nil {
		return handlers.HTTPError(err)
	}
	if handlers.WantsJSON(c) {
		return c.JSON(http.StatusOK, map[string]any{"ok": true, "status": f.Status, "response": f.Response})
	}
	msg := "The official response is saved."
	if idea.Status != f.Status {
		msg = "The new status is saved; the author, the voters and the followers are notified."
	}
	h.Sessions.Flash(c, handlers.T(c, msg))
	return handlers.Redirect(c, handlers.BackTo(c, idea.URL()))
}
