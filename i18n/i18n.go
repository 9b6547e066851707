// Package i18n translates what the site says to people. Every piece of
// user-facing text goes through T, keyed by its English wording, so adding
// a language is adding a catalog.
package i18n

import "fmt"

// Locales lists the languages people can choose, the default first.
var Locales = []string{"en"}

// catalogs maps a locale to its translations of English messages. English
// needs no catalog: a message is its own English text.
var catalogs = map[string]map[string]string{}

// T translates msg into locale and fills in its verbs (fmt-style) with args.
// An unknown locale or message falls back to English.
func T(locale, msg string, args ...any) string {
	if tr, ok := catalogs[locale][msg]; ok {
		msg = tr
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Supported tells whether a locale can be chosen.
func Supported(locale string) bool {
	for _, l := range Locales {
		if l == locale {
			return true
		}
	}
	return false
}
