package i18n

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// forms lists a message's plural forms that are set, by CLDR category.
func forms(m *goi18n.Message) map[string]string {
	out := map[string]string{}
	for name, text := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other} {
		if text != "" {
			out[name] = text
		}
	}
	return out
}

var argVerb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// placeholders lists what a message fills in: each argument's number and
// verb, in argument order, whatever order the text puts them in.
func placeholders(text string) []string {
	var out []string
	next := 1
	for _, m := range argVerb.FindAllStringSubmatch(text, -1) {
		if m[2] == "%" {
			continue
		}
		n := next
		if m[1] != "" {
			n, _ = strconv.Atoi(m[1])
		}
		out = append(out, fmt.Sprintf("%d:%s", n, m[2]))
		next = n + 1
	}
	slices.Sort(out)
	return out
}

// pluralForms are the CLDR plural categories of each language's cardinal
// numbers (CLDR 46): Romance languages have "many" for exact millions
// ("1 milhão de ideias").
var pluralForms = map[string][]string{
	"en": {"one", "other"}, "pt-BR": {"one", "many", "other"},
	"es": {"one", "many", "other"}, "fr": {"one", "many", "other"}, "it": {"one", "many", "other"},
}

// TestCatalogsComplete fails when a message exists in one language and not
// in another, when a language's text leaves out or adds a placeholder, or
// when a message that depends on a number lacks a plural form.
func TestCatalogsComplete(t *testing.T) {
	en := Messages(Default)
	if len(en) < 100 {
		t.Fatalf("English has %d messages; the file did not load", len(en))
	}
	for _, locale := range Locales {
		msgs := Messages(locale)
		for id, src := range en {
			m, ok := msgs[id]
			if !ok {
				t.Errorf("%s: missing %q", locale, id)
				continue
			}
			want := placeholders(id)
			got := forms(m)
			if got["other"] == "" {
				t.Errorf("%s: %q has no text", locale, id)
			}
			if src.One != "" {
				for _, form := range pluralForms[locale] {
					if got[form] == "" {
						t.Errorf("%s: %q depends on a number but has no %q form", locale, id, form)
					}
				}
			}
			for form, text := range got {
				if p := placeholders(text); !slices.Equal(p, want) {
					t.Errorf("%s: %q (%s) fills in %v, English fills in %v: %q", locale, id, form, p, want, text)
				}
			}
		}
		for id := range msgs {
			if _, ok := en[id]; !ok {
				t.Errorf("%s: %q is not an English message (stale, or a typo in the key)", locale, id)
			}
		}
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"%d of %d votes", []string{"1:d", "2:d"}},
		{"%[2]d de %[1]d votos", []string{"1:d", "2:d"}},
		{"100%% sure, %s", []string{"1:s"}},
		{"no verbs", nil},
	}
	for _, tt := range tests {
		if got := placeholders(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("placeholders(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
