package handlers

import (
	"errors"
	"net/http"

	"github.com/ideario/ideario/models/comments"
	"github.com/labstack/echo/v4"
)

// MarkHelpful marks a comment as helpful for the person, or takes their
// mark back, and leads back to the comment.
func (h *Handler) MarkHelpful(c echo.Context) error {
	u := CurrentUser(c)
	id, err := PathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.mayPost(c, u); err != nil {
		return err
	}
	res, err := h.Store.Comments.ToggleHelpful(c.Request().Context(), u, id)
	if errors.Is(err, comments.ErrOwnComment) {
		return echo.NewHTTPError(http.StatusForbidden, T(c, "You cannot mark your own comment as helpful."))
	}
	if err != nil {
		return HTTPError(err)
	}
	if WantsJSON(c) {
		return c.JSON(http.StatusOK, map[string]any{"helpful": res.Marked, "count": res.Count})
	}
	return Redirect(c, comments.Path(id))
}
