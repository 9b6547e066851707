package search

import (
	"slices"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Élétrico", "eletrico"},
		{"SÉCURITÉ", "securite"},
		{"ação", "acao"},
		{"Straße", "strasse"},
		{"œuvre", "oeuvre"},
		{"naïve", "naive"},
		{"日本語", "日本語"},
		{"x200", "x200"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`Hello, "World"!`, []string{"hello", "world"}},
		{"NEAR(a* -b) OR c:d", []string{"near", "a", "b", "or", "c", "d"}},
		{"e\u0301le\u0301trico", []string{"élétrico"}}, // decomposed accents stay in the word
		{"\u0301 \x00 \xff --", nil},
		{"3D x200", []string{"3d", "x200"}},
		{strings.Repeat("a", 100), []string{strings.Repeat("a", MaxWordRunes)}},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// shareForm tells whether two words would match each other: a form of one
// is a form of the other.
func shareForm(a, b string) bool {
	fb := Forms(b)
	for _, f := range Forms(a) {
		if slices.Contains(fb, f) {
			return true
		}
	}
	return false
}

func TestFormsMatchWordForms(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"batteries", "battery", true},
		{"charging", "charged", true},
		{"carros", "carro", true},
		{"elétricos", "eletrico", true},
		{"voitures", "voiture", true},
		{"sécurité", "securite", true},
		{"électrique", "electriques", true},
		{"solar", "battery", false},
		{"carro", "voiture", false},
	}
	for _, tt := range tests {
		if got := shareForm(tt.a, tt.b); got != tt.want {
			t.Errorf("%q and %q share a form: %v, want %v (%q, %q)", tt.a, tt.b, got, tt.want, Forms(tt.a), Forms(tt.b))
		}
	}
}

func TestDocument(t *testing.T) {
	got := Document("Carros elétricos, carros!")
	if want := "carros carro carr eletricos eletrico eletr carros carro carr"; got != want {
		t.Errorf("Document = %q, want %q", got, want)
	}
	for _, w := range strings.Fields(Document(`L'été "NEAR" -x* (a) 日本`)) {
		if strings.ContainsAny(w, `"*-():'`) || w != strings.ToLower(w) {
			t.Errorf("Document holds %q, which an engine could read as syntax", w)
		}
	}
}

func TestParseQuery(t *testing.T) {
	q := ParseQuery("Solar solar CARS ab")
	if len(q.Groups) != 3 || q.Groups[0][0] != "solar" || q.Groups[1][0] != "cars" {
		t.Errorf("groups %q, want solar, cars, ab once each", q.Groups)
	}
	if q.Prefix != "" {
		t.Errorf("prefix %q for a two-letter last word", q.Prefix)
	}
	if q := ParseQuery("batter"); q.Prefix != "batter" {
		t.Errorf("prefix %q, want batter", q.Prefix)
	}
	if q := ParseQuery(strings.Repeat("w ", 100) + strings.Repeat("x y z ", 10) + "1 2 3 4 5 6 7 8 9 10 11 12 13"); len(q.Groups) != MaxQueryWords {
		t.Errorf("%d groups, want at most %d", len(q.Groups), MaxQueryWords)
	}
	if !ParseQuery(`"" -- ()`).Empty() {
		t.Error("punctuation alone looks for something")
	}
}

func BenchmarkDocument(b *testing.B) {
	text := strings.Repeat("Os carros elétricos precisam de baterias melhores; the batteries should last longer. ", 20)
	for b.Loop() {
		Document(text)
	}
}

func TestQueryWordsStopWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"carro de corrida", []string{"carro", "corrida"}},
		{"the battery for the car", []string{"battery", "car"}},
		{"pour la voiture", []string{"voiture"}},
		{"de", []string{"de"}},
		{"the of", []string{"the", "of"}},
		{"solar AND roof", []string{"solar", "and", "roof"}},
	}
	for _, tt := range tests {
		if got := QueryWords(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("QueryWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDocumentInItsLanguage checks that a text is stemmed in the
// language it is written in alone, a text of no known language in every
// one, and that a query in any language still meets it.
func TestDocumentInItsLanguage(t *testing.T) {
	tests := []struct{ text, lang, want string }{
		{"carros", "pt-BR", "carros carr"},
		{"carros", "en", "carros carro"},
		{"carros", "", "carros carro carr"},
		{"sicurezza", "it", "sicurezza sicurezz"},
		{"sicurezza", "en", "sicurezza"},
		{"batteries", "fr", "batteries batter"},
		{"batteries", "EN", "batteries batteri"},
		{"batteries", "de", "batteries batteri batter"}, // not offered: every language
	}
	for _, tt := range tests {
		if got := DocumentIn(tt.text, tt.lang); got != tt.want {
			t.Errorf("DocumentIn(%q, %q) = %q, want %q", tt.text, tt.lang, got, tt.want)
		}
	}
	for _, tt := range []struct{ text, lang, query string }{
		{"Carros elétricos", "pt-BR", "carro eletrico"},
		{"Coches eléctricos", "es", "coche"},
		{"Macchine sicure", "it", "macchina"},
		{"Voitures électriques", "fr", "voiture electrique"},
	} {
		doc := strings.Fields(DocumentIn(tt.text, tt.lang))
		for _, g := range ParseQuery(tt.query).Groups {
			if !slices.ContainsFunc(g, func(f string) bool { return slices.Contains(doc, f) }) {
				t.Errorf("the query %q does not find %q (%s): %v against %v", tt.query, tt.text, tt.lang, g, doc)
			}
		}
	}
}
