package handlers

import (
	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/labstack/echo/v4"
)

// bindChallengeTexts reads a challenge's title and description in each
// language ("title.pt-BR", "description.pt-BR"), or nil when the form has
// none of those fields: a form from before languages came keeps them.
func bindChallengeTexts(c echo.Context) map[string]challenges.ChallengeText {
	params, err := c.FormParams()
	if err != nil {
		return nil
	}
	var texts map[string]challenges.ChallengeText
	for _, l := range i18n.Locales {
		title, hasTitle := params["title."+l]
		desc, hasDesc := params["description."+l]
		if !hasTitle && !hasDesc {
			continue
		}
		if texts == nil {
			texts = map[string]challenges.ChallengeText{}
		}
		t := challenges.ChallengeText{Lang: l}
		if len(title) > 0 {
			t.Title = clean(title[0])
		}
		if len(desc) > 0 {
			t.Description = clean(desc[0])
		}
		texts[l] = t
	}
	return texts
}

// challengeTexts checks the lengths of a challenge's other languages.
func (v *validator) challengeTexts(texts map[string]challenges.ChallengeText) {
	for l, t := range texts {
		v.length("title."+l, t.Title, 0, challenges.ChallengeTitleMax)
		v.length("description."+l, t.Description, 0, challenges.ChallengeDescriptionMax)
	}
}

// OtherLanguages are the languages whose title and description the
// challenge form asks for: all but the site's default.
func (p ChallengeFormPage) OtherLanguages() []Language { return languagesBut(p.Site.DefaultLocale) }

// Text is the form's title and description in a language.
func (f ChallengeForm) Text(lang string) challenges.ChallengeText { return f.Texts[lang] }

// localizeChallenges gives the challenges as the reader reads them, in
// their language where the challenge was given one.
func (h *Handler) localizeChallenges(c echo.Context, chs []challenges.Challenge) ([]challenges.Challenge, error) {
	return h.Store.Challenges.LocalizeChallenges(c.Request().Context(), locale(c), chs)
}

// localizeChallenge gives one challenge as the reader reads it.
func (h *Handler) localizeChallenge(c echo.Context, ch *challenges.Challenge) (*challenges.Challenge, error) {
	texts, err := h.Store.Challenges.ChallengeTexts(c.Request().Context())
	if err != nil {
		return nil, err
	}
	in := ch.In(locale(c), texts)
	return &in, nil
}

// listCards is a page of idea cards, each naming its challenge in the
// reader's language.
func (h *Handler) listCards(c echo.Context, f ideas.IdeaFilter) (*ideas.IdeaPage, error) {
	list, err := h.Store.Ideas.ListIdeas(c.Request().Context(), f)
	if err != nil {
		return nil, err
	}
	return list, h.Store.Ideas.LocalizeCards(c.Request().Context(), locale(c), list.Ideas)
}
