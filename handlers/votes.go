package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/votes"
	"github.com/labstack/echo/v4"
)

// Vote supports an idea. Both vote and unvote are idempotent; a form gets
// a redirect back to the idea, a script gets {"voted": bool, "votes": n}.
func (h *Handler) Vote(c echo.Context) error { return h.changeVote(c, true) }

// Unvote withdraws support from an idea.
func (h *Handler) Unvote(c echo.Context) error { return h.changeVote(c, false) }

func (h *Handler) changeVote(c echo.Context, support bool) error {
	u := CurrentUser(c)
	id, err := PathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.mayPost(c, u); err != nil {
		return err
	}
	var res votes.VoteResult
	limit := h.voteLimits().forUser(u, time.Now())
	switch {
	case limit != nil && h.limitsOn():
		res, err = h.Store.Votes.VoteWithin(c.Request().Context(), *limit, u.ID, id, support)
	case support:
		res, err = h.Store.Votes.Vote(c.Request().Context(), u.ID, id)
	default:
		res, err = h.Store.Votes.Unvote(c.Request().Context(), u.ID, id)
	}
	if msg, ok := limited(c, err, T(c, "You are voting faster than the site allows, so this vote was not counted.")); ok {
		return h.refuse(c, id, http.StatusTooManyRequests, msg)
	}
	switch {
	case errors.Is(err, challenges.ErrPhaseClosed):
		return h.refuse(c, id, http.StatusConflict, T(c, "Voting is closed for this challenge."))
	case errors.Is(err, votes.ErrBudgetReached):
		return h.refuse(c, id, http.StatusConflict, T(c, "You have used all your votes in this challenge. Withdraw one to support another idea."))
	case err != nil:
		return HTTPError(err)
	}
	if WantsJSON(c) {
		// The count and its word as the reader's language writes them
		// ("1.234 votos"; "0 vote" in French), for the page's script.
		answer := map[string]any{"voted": res.Voted, "votes": res.Votes,
			"votes_text": i18n.Number(Locale(c), res.Votes), "votes_label": TN(c, "votes", res.Votes)}
		if res.Budget > 0 {
			answer["votes_left"] = res.Left
			answer["votes_left_text"] = TN(c, "%d of %d votes left in this challenge", res.Left, res.Left, res.Budget)
		}
		return c.JSON(http.StatusOK, answer)
	}
	return Redirect(c, BackTo(c, IdeaURL(id, "")))
}

// refuse answers an action that the rules forbid: a JSON error for
// scripts, a message on the idea's page for forms.
func (h *Handler) refuse(c echo.Context, ideaID int64, code int, msg string) error {
	if WantsJSON(c) {
		return c.JSON(code, map[string]string{"error": msg})
	}
	h.Sessions.Flash(c, msg)
	return Redirect(c, BackTo(c, IdeaURL(ideaID, "")))
}

// BackTo is where a form on a list or an idea page should return to: the
// form's "back" field when it is a path on this site, else fallback.
func BackTo(c echo.Context, fallback string) string {
	if b := c.FormValue("back"); b != "" && safeNext(b) == b {
		return b
	}
	return fallback
}
