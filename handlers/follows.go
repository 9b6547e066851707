package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Follow subscribes the person to an idea's news.
func (h *Handler) Follow(c echo.Context) error { return h.changeFollow(c, true) }

// Unfollow ends the subscription.
func (h *Handler) Unfollow(c echo.Context) error { return h.changeFollow(c, false) }

func (h *Handler) changeFollow(c echo.Context, on bool) error {
	u := CurrentUser(c)
	id, err := PathID(c, "id")
	if err != nil {
		return err
	}
	if on {
		err = h.Store.Ideas.Follow(c.Request().Context(), u.ID, id)
	} else {
		err = h.Store.Ideas.Unfollow(c.Request().Context(), u.ID, id)
	}
	if err != nil {
		return HTTPError(err)
	}
	if WantsJSON(c) {
		return c.JSON(http.StatusOK, map[string]bool{"following": on})
	}
	return Redirect(c, IdeaURL(id, ""))
}
