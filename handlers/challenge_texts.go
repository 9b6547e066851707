package handlers

import (
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/labstack/echo/v4"
)

// localizeChallenges gives the challenges as the reader reads them, in
// their language where the challenge was given one.
func (h *Handler) localizeChallenges(c echo.Context, chs []challenges.Challenge) ([]challenges.Challenge, error) {
	return h.Store.Challenges.LocalizeChallenges(c.Request().Context(), Locale(c), chs)
}

// localizeChallenge gives one challenge as the reader reads it.
func (h *Handler) localizeChallenge(c echo.Context, ch *challenges.Challenge) (*challenges.Challenge, error) {
	texts, err := h.Store.Challenges.ChallengeTexts(c.Request().Context())
	if err != nil {
		return nil, err
	}
	in := ch.In(Locale(c), texts)
	return &in, nil
}

// listCards is a page of idea cards, each naming its challenge in the
// reader's language.
func (h *Handler) listCards(c echo.Context, f ideas.IdeaFilter) (*ideas.IdeaPage, error) {
	list, err := h.Store.Ideas.ListIdeas(c.Request().Context(), f)
	if err != nil {
		return nil, err
	}
	return list, h.Store.Ideas.LocalizeCards(c.Request().Context(), Locale(c), list.Ideas)
}
