package handlers

import (
	"net/http"
	"time"

	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/reputation"
	"github.com/labstack/echo/v4"
)

// LeaderboardPage is the data of the leaderboard.
type LeaderboardPage struct {
	Page
	Leaders    []reputation.Leader
	Challenges []challenges.Challenge // the public ones, for the picker
	Challenge  *challenges.Challenge  // nil: overall
}

// Leaderboard shows the people with the most points, overall or, with
// ?challenge=SLUG, for what they did on that challenge's ideas.
func (h *Handler) Leaderboard(c echo.Context) error {
	ctx := c.Request().Context()
	p := LeaderboardPage{Page: h.Page(c, T(c, "Leaderboard"))}
	var err error
	if slug := c.QueryParam("challenge"); slug != "" {
		if p.Challenge, err = h.Store.Challenges.ChallengeBySlug(ctx, slug); err != nil {
			return HTTPError(err)
		}
		if !p.Challenge.IsPublic(time.Now()) {
			return echo.NewHTTPError(http.StatusNotFound)
		}
		p.Title = T(c, "Leaderboard: %s", p.Challenge.Title)
	}
	var challengeID int64
	if p.Challenge != nil {
		challengeID = p.Challenge.ID
	}
	if p.Leaders, err = h.Store.Reputation.Leaderboard(ctx, challengeID); err != nil {
		return err
	}
	if p.Challenges, err = h.Store.Challenges.List(ctx); err != nil {
		return err
	}
	return c.Render(http.StatusOK, "leaderboard", p)
}
