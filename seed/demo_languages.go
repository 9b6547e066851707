package seed

import (
	"context"
	"strings"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/search"
)

// demoWelcome greets visitors of the demo in each language it offers;
// English is the site's default.
var demoWelcome = map[string]string{
	"en":    "Help us design the concept car: share your ideas, support the best ones and talk them through with people from all over the world.",
	"pt-BR": "Ajude a criar o nosso carro-conceito: compartilhe suas ideias, apoie as melhores e converse sobre elas com gente do mundo inteiro.",
	"es":    "Ayúdanos a diseñar el coche conceptual: comparte tus ideas, apoya las mejores y coméntalas con gente de todo el mundo.",
	"fr":    "Aidez-nous à concevoir la voiture concept : proposez vos idées, soutenez les meilleures et discutez-en avec des gens du monde entier.",
	"it":    "Aiutaci a progettare la concept car: proponi le tue idee, sostieni le migliori e parlane con persone di tutto il mondo.",
}

// demoChallengeTitles are the demo challenges' titles in the other
// languages; their descriptions stay in English, as a sponsor short of
// translators would leave them.
var demoChallengeTitles = map[string]map[string]string{
	"car-of-the-future": {
		"pt-BR": "Como deve ser o carro do futuro?", "es": "¿Cómo debería ser el coche del futuro?",
		"fr": "À quoi devrait ressembler la voiture de demain ?", "it": "Come dovrebbe essere l’auto del futuro?",
	},
	"materials-of-tomorrow": {
		"pt-BR": "Que materiais sustentáveis o carro-conceito deve usar?", "es": "¿Qué materiales sostenibles debería usar el coche conceptual?",
		"fr": "Quels matériaux durables pour la voiture concept ?", "it": "Quali materiali sostenibili dovrebbe usare la concept car?",
	},
	"city-mobility": {
		"pt-BR": "Como o carro deve se encaixar nas cidades cheias?", "es": "¿Cómo debería encajar el coche en ciudades abarrotadas?",
		"fr": "Comment la voiture peut-elle trouver sa place dans des villes saturées ?", "it": "Come dovrebbe inserirsi l’auto nelle città affollate?",
	},
}

// demoLocales are the demo people's languages, by the short codes of the
// content.
var demoLocales = map[string]string{"pt": "pt-BR", "fr": "fr", "es": "es", "it": "it", "en": "en"}

// demoWelcomes saves the welcome text in every language.
func demoWelcomes(ctx context.Context, store *models.Store) error {
	st, err := store.Site.Settings(ctx)
	if err != nil {
		return err
	}
	st.WelcomeText, st.Welcomes = demoWelcome["en"], map[string]string{}
	for locale, text := range demoWelcome {
		if locale != "en" {
			st.Welcomes[locale] = text
		}
	}
	return store.Site.SaveSettings(ctx, st)
}

// demoTexts are a demo challenge's titles in the other languages.
func demoTexts(slug string) map[string]challenges.ChallengeText {
	out := map[string]challenges.ChallengeText{}
	for locale, title := range demoChallengeTitles[slug] {
		out[locale] = challenges.ChallengeText{Lang: locale, Title: title}
	}
	return out
}

// langWords are common words of each language of the demo's content.
var langWords = map[string][]string{
	"en":    {"the", "and", "to", "of", "is", "for", "with", "it", "that", "this", "you", "on", "in", "a"},
	"pt-BR": {"não", "que", "uma", "para", "com", "isso", "seria", "em", "os", "do", "da", "no", "na", "e", "o", "é"},
	"fr":    {"je", "les", "des", "une", "pour", "est", "pas", "du", "la", "le", "et", "à", "il", "ce", "qui"},
	"es":    {"el", "los", "las", "una", "para", "con", "es", "y", "del", "por", "muy"},
	"it":    {"il", "che", "una", "per", "con", "della", "di", "non", "gli", "sono"},
}

// demoLang tells the language the demo's people wrote a text in, by its
// commonest words; the demo's content is fixed, and TestDemoLanguages
// checks what this finds in it.
func demoLang(text string) string {
	best, bestHits := "en", 0
	words := search.Words(strings.ReplaceAll(text, "'", " "))
	for _, lang := range []string{"en", "pt-BR", "fr", "es", "it"} {
		hits := 0
		for _, w := range words {
			for _, common := range langWords[lang] {
				if w == common {
					hits++
				}
			}
		}
		if hits > bestHits {
			best, bestHits = lang, hits
		}
	}
	return best
}
