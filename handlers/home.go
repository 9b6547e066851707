package handlers

import (
	"net/http"
	"time"

	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/site"
	"github.com/labstack/echo/v4"
)

// HomePage is the data of the home page.
type HomePage struct {
	Page
	Challenges []challenges.Challenge
	Trending   []ideas.IdeaCard
	Newest     []ideas.IdeaCard
	Voted      map[int64]bool
	Figures    site.SiteFigures
	Categories []challenges.Category
}

// Home shows the active challenges, trending ideas and the live figures.
func (h *Handler) Home(c echo.Context) error {
	ctx := c.Request().Context()
	p := HomePage{Page: h.Page(c, "")}
	all, err := h.Store.Challenges.List(ctx)
	if err == nil {
		all, err = h.localizeChallenges(c, all)
	}
	if err != nil {
		return err
	}
	for _, ch := range all {
		if ch.AcceptsVotes(time.Now()) {
			p.Challenges = append(p.Challenges, ch)
		}
	}
	trending, err := h.listCards(c, ideas.IdeaFilter{Sort: ideas.SortHot, PerPage: 6})
	if err != nil {
		return err
	}
	newest, err := h.listCards(c, ideas.IdeaFilter{Sort: ideas.SortNew, PerPage: 5})
	if err != nil {
		return err
	}
	p.Trending, p.Newest = trending.Ideas, newest.Ideas
	if p.Voted, err = h.votedOn(c, append(append([]ideas.IdeaCard{}, p.Trending...), p.Newest...)); err != nil {
		return err
	}
	if p.Figures, err = h.siteFigures(c); err != nil {
		return err
	}
	if p.Categories, err = h.Store.Challenges.Categories(ctx); err != nil {
		return err
	}
	return c.Render(http.StatusOK, "home", p)
}

// Health answers 200 "ok" while the database answers.
func (h *Handler) Health(c echo.Context) error {
	if err := h.Store.Ping(c.Request().Context()); err != nil {
		h.Log.Error("health", "err", err)
		return c.String(http.StatusServiceUnavailable, "database unavailable")
	}
	return c.String(http.StatusOK, "ok")
}
