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

// FollowChallenge makes the person follow a challenge: its top ideas come
// in their digest.
func (h *Handler) FollowChallenge(c echo.Context) error { return h.changeChallengeFollow(c, true) }

// UnfollowChallenge stops that.
func (h *Handler) UnfollowChallenge(c echo.Context) error { return h.changeChallengeFollow(c, false) }

func (h *Handler) changeChallengeFollow(c echo.Context, on bool) error {
	ctx := c.Request().Context()
	ch, err := h.challengeOfPath(c)
	if err != nil {
		return err
	}
	if on {
		err = h.Store.Challenges.Follow(ctx, CurrentUser(c).ID, ch.ID)
	} else {
		err = h.Store.Challenges.Unfollow(ctx, CurrentUser(c).ID, ch.ID)
	}
	if err != nil {
		return err
	}
	if WantsJSON(c) {
		return c.JSON(http.StatusOK, map[string]bool{"following": on})
	}
	return Redirect(c, "/challenges/"+ch.Slug)
}
