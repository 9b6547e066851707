package seed

import "testing"

// TestDemoLanguages checks the language demoLang finds in the demo's own
// ideas and comments, on a sample of each language people wrote in.
func TestDemoLanguages(t *testing.T) {
	want := map[string]string{
		"Bancos traseiros que somem no assoalho":                   "pt-BR",
		"Un tableau de bord épuré, avec de vrais boutons":          "fr",
		"Sensor que avisa a profundidade da água em ruas alagadas": "pt-BR",
		"Publier les plans 3D des petites pièces en plastique":     "fr",
		"Plástico de cana-de-açúcar no acabamento interno":         "pt-BR",
		"Cork door panels instead of hard plastic":                 "en",
		"Let buyers watch their own car being built":               "en",
	}
	seen := 0
	counts := map[string]int{}
	for _, di := range demoIdeas {
		lang := demoLang(di.Title + " " + di.Body)
		counts[lang]++
		if w, ok := want[di.Title]; ok {
			seen++
			if lang != w {
				t.Errorf("%q: %s, want %s", di.Title, lang, w)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d sample ideas: did the demo change?", seen, len(want))
	}
	comments := map[string]string{
		"Entièrement d'accord. Régler la ventilation dans trois sous-menus en roulant, c'est dangereux.":  "fr",
		"Em São Paulo isso seria útil todo verão. Às vezes a água parece rasa e não é.":                   "pt-BR",
		"Excellent idée. Like changing the graphics card in a computer: the rest of the car stays.":       "en",
		"Thanks Amélie, that matches what I read. The clear coat does most of the work against moisture.": "en",
	}
	for text, w := range comments {
		if got := demoLang(text); got != w {
			t.Errorf("%q: %s, want %s", text, got, w)
		}
	}
	t.Logf("ideas by language: %v", counts)
}
