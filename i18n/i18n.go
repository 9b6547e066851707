// Package i18n translates what the site says to people. Each message is
// keyed by its English wording and translated in one message file per
// language (locales/*.toml, go-i18n's format), which a translator edits
// without touching Go. Plural forms follow CLDR's rules; numbers in a
// message are written the way the reader's language writes them.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Default is the language of the message IDs, and the last fallback.
const Default = "en"

// Locales lists the languages people can choose, the default first.
var Locales = []string{"en", "pt-BR", "es", "fr", "it"}

// names are the languages' names in themselves, for the switcher.
var names = map[string]string{
	"en": "English", "pt-BR": "Português (Brasil)", "es": "Español", "fr": "Français", "it": "Italiano",
	Pseudo: "Ƥšéúðó",
}

// Name is a language's name in that language.
func Name(locale string) string {
	if n, ok := names[locale]; ok {
		return n
	}
	return locale
}

//go:embed locales/*.toml
var files embed.FS

// catalog is everything loaded from the message files: go-i18n's bundle
// (for plural forms), each language's plain messages ready to use, and a
// printer per language that writes numbers its way.
type catalogs struct {
	bundle     *goi18n.Bundle
	localizers map[string]*goi18n.Localizer
	plain      map[string]map[string]string
	printers   map[string]*message.Printer
	messages   map[string][]*goi18n.Message
}

var cat = mustLoad(files)

func mustLoad(fsys fs.FS) *catalogs {
	c, err := load(fsys)
	if err != nil {
		panic(fmt.Sprintf("i18n: %v", err)) // the files are embedded: a broken one never builds a release
	}
	return c
}

// load reads every message file of fsys, and makes the pseudo-locale from
// the English one.
func load(fsys fs.FS) (*catalogs, error) {
	c := &catalogs{
		bundle:     goi18n.NewBundle(language.English),
		localizers: map[string]*goi18n.Localizer{},
		plain:      map[string]map[string]string{},
		printers:   map[string]*message.Printer{},
		messages:   map[string][]*goi18n.Message{},
	}
	c.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	empty := catalog.NewBuilder() // formats are translated before they reach the printer
	for _, locale := range append(Locales, Pseudo) {
		var msgs []*goi18n.Message
		if locale == Pseudo {
			msgs = pseudoMessages(c.messages[Default])
		} else {
			name := path.Join("locales", locale+".toml")
			buf, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, err
			}
			mf, err := goi18n.ParseMessageFileBytes(buf, name, map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			msgs = mf.Messages
		}
		tag := language.Make(locale)
		if err := c.bundle.AddMessages(tag, msgs...); err != nil {
			return nil, fmt.Errorf("%s: %w", locale, err)
		}
		c.messages[locale] = msgs
		plain := make(map[string]string, len(msgs))
		for _, m := range msgs {
			plain[m.ID] = m.Other
		}
		c.plain[locale] = plain
		c.localizers[locale] = goi18n.NewLocalizer(c.bundle, locale)
		c.printers[locale] = message.NewPrinter(tag, message.Catalog(empty))
	}
	return c, nil
}

// T translates msg into locale and fills in its verbs (fmt's, with numbers
// written the language's way) with args. A message missing from the
// language's file falls back to English, then to msg itself.
func T(locale, msg string, args ...any) string {
	text, ok := cat.plain[locale][msg]
	if !ok || text == "" {
		locale = supportedOr(locale)
		if text, ok = cat.plain[Default][msg]; !ok || text == "" {
			text = msg
		}
	}
	return format(locale, text, args)
}

// N translates a message that depends on a count n, choosing the plural
// form the language's rules give for n ("1 idée", "0 idée", "2 idées").
// Without args, n alone fills the message's verb.
func N(locale, msg string, n int, args ...any) string {
	if len(args) == 0 {
		args = []any{n}
	}
	l, ok := cat.localizers[locale]
	if !ok {
		locale = Default
		l = cat.localizers[Default]
	}
	text, err := l.Localize(&goi18n.LocalizeConfig{MessageID: msg, PluralCount: n})
	if text == "" || err != nil && !isNotFound(err) {
		text = msg
	}
	return format(locale, text, args)
}

func isNotFound(err error) bool {
	_, ok := err.(*goi18n.MessageNotFoundErr)
	return ok
}

func format(locale, text string, args []any) string {
	if len(args) == 0 || !strings.Contains(text, "%") {
		return text
	}
	if p, ok := cat.printers[locale]; ok {
		return p.Sprintf(text, args...)
	}
	return fmt.Sprintf(text, args...)
}

func supportedOr(locale string) string {
	if _, ok := cat.printers[locale]; ok {
		return locale
	}
	return Default
}

// Number writes n the way the language writes numbers (1.234 in pt-BR,
// 1 234 in French).
func Number(locale string, n int64) string {
	return cat.printers[supportedOr(locale)].Sprint(n)
}

// Supported tells whether a locale can be chosen: one of Locales, or the
// pseudo-locale once tests have turned it on.
func Supported(locale string) bool {
	for _, l := range Locales {
		if l == locale {
			return true
		}
	}
	return locale == Pseudo && pseudoOn.Load()
}

// Messages lists the message IDs of a language's file, for tests and tools.
func Messages(locale string) map[string]*goi18n.Message {
	out := make(map[string]*goi18n.Message, len(cat.messages[locale]))
	for _, m := range cat.messages[locale] {
		out[m.ID] = m
	}
	return out
}
