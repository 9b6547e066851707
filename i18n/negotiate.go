package i18n

import (
	"strings"

	"golang.org/x/text/language"
)

var matcher = language.NewMatcher(tags(Locales))

func tags(locales []string) []language.Tag {
	out := make([]language.Tag, len(locales))
	for i, l := range locales {
		out[i] = language.Make(l)
	}
	return out
}

// Negotiate picks the offered language that best fits an Accept-Language
// header ("pt-PT,pt;q=0.9,en;q=0.5" gives pt-BR), or "" when none fits
// and the site's default should be used.
func Negotiate(acceptLanguage string) string {
	if acceptLanguage == "" {
		return ""
	}
	if pseudoOn.Load() && acceptLanguage == Pseudo {
		return Pseudo
	}
	wanted, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(wanted) == 0 {
		return ""
	}
	_, i, conf := matcher.Match(wanted...)
	if conf == language.No {
		return ""
	}
	return Locales[i]
}

// Canonical is the offered locale a code names ("pt-br", "pt_BR" and
// "pt-BR" all give "pt-BR"), or "" when Ideario does not offer it.
func Canonical(code string) string {
	if code == "" || len(code) > 16 {
		return ""
	}
	for _, l := range Locales {
		if equalFold(l, code) {
			return l
		}
	}
	if pseudoOn.Load() && equalFold(Pseudo, code) {
		return Pseudo
	}
	return ""
}

func equalFold(a, b string) bool {
	return strings.EqualFold(a, strings.ReplaceAll(b, "_", "-"))
}
