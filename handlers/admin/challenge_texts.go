package admin

import (
	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/challenges"
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
			t.Title = handlers.Clean(title[0])
		}
		if len(desc) > 0 {
			t.Description = handlers.Clean(desc[0])
		}
		texts[l] = t
	}
	return texts
}

// challengeTexts checks the lengths of a challenge's other languages.
func checkChallengeTexts(v *handlers.Validator, texts map[string]challenges.ChallengeText) {
	for l, t := range texts {
		v.Length("title."+l, t.Title, 0, challenges.ChallengeTitleMax)
		v.Length("description."+l, t.Description, 0, challenges.ChallengeDescriptionMax)
	}
}

// OtherLanguages are the languages whose title and description the
// challenge form asks for: all but the site's default.
func (p ChallengeFormPage) OtherLanguages() []handlers.Language {
	return handlers.LanguagesBut(p.Site.DefaultLocale)
}

// Text is the form's title and description in a language.
func (f ChallengeForm) Text(lang string) challenges.ChallengeText { return f.Texts[lang] }
