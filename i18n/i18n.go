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
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

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

// Language is one of the languages people can choose.
type Language struct {
	Code, Name string
}

// Languages lists the languages people can choose, each in its own name;
// callers must not modify it. Pages list them on every request.
func Languages() []Language { return languages }

var languages = func() []Language {
	out := make([]Language, len(Locales))
	for i, l := range Locales {
		out[i] = Language{Code: l, Name: Name(l)}
	}
	return out
}()

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
			noteMissing(msg)
			text = msg
		}
	}
	return format(locale, text, args)
}

// N translates a message that depends on a count n, choosing the plural
// form the language's rules give for n ("1 idée", "0 idée", "2 idées").
// Without args, n alone fills the message's verb. n is any integer.
func N(locale, msg string, n any, args ...any) string {
	if len(args) == 0 {
		args = []any{n}
	}
	count := toInt(n)
	l, ok := cat.localizers[locale]
	if !ok {
		locale = Default
		l = cat.localizers[Default]
	}
	text, err := l.Localize(&goi18n.LocalizeConfig{MessageID: msg, PluralCount: count})
	if text == "" || err != nil && !isNotFound(err) {
		noteMissing(msg)
		text = msg
	}
	return format(locale, text, args)
}

// toInt reads any integer as an int, for choosing a plural form.
func toInt(n any) int {
	switch v := n.(type) {
	case int:
		return v
	case int64:
		return int(v)
	case int32:
		return int(v)
	case uint:
		return int(v)
	case uint64:
		return int(v) //nolint:gosec // G115: counts of things on one site fit an int
	}
	return 0
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
func Number(locale string, n any) string {
	return cat.printers[supportedOr(locale)].Sprint(int64(toInt(n)))
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

// ID is a number that names something (an idea's number): a message
// writes it with its digits alone, never grouped as an amount would be.
type ID int64

// Format writes the digits, whatever the verb.
func (id ID) Format(f fmt.State, _ rune) {
	_, _ = f.Write(strconv.AppendInt(nil, int64(id), 10))
}

var (
	recording atomic.Bool
	missing   sync.Map // of string: messages asked for that English lacks
)

// RecordMissing makes T and N note every message that the English file
// lacks; tests turn it on and read Missing at the end.
func RecordMissing() { recording.Store(true) }

func noteMissing(msg string) {
	if recording.Load() {
		missing.Store(msg, true)
	}
}

// Missing lists the messages asked for since RecordMissing that no
// message file has.
func Missing() []string {
	var out []string
	missing.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	slices.Sort(out)
	return out
}
