package i18n

import (
	"regexp"
	"strings"
	"sync/atomic"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// Pseudo is the pseudo-locale: English with every letter accented and
// every message wrapped in ⟦ ⟧, so a page rendered in it shows at a glance
// (and to a test) any text that did not come through the catalog.
const Pseudo = "en-XA"

// PseudoOpen and PseudoClose wrap every message of the pseudo-locale.
const (
	PseudoOpen  = "⟦"
	PseudoClose = "⟧"
)

var pseudoOn atomic.Bool

// EnablePseudo lets people choose the pseudo-locale; tests turn it on.
func EnablePseudo() { pseudoOn.Store(true) }

// verb matches a fmt verb, which the pseudo-locale keeps as it is.
var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

var accents = strings.NewReplacer(
	"a", "á", "b", "ƀ", "c", "ç", "d", "ð", "e", "é", "f", "ƒ", "g", "ĝ", "h", "ĥ", "i", "í",
	"j", "ĵ", "k", "ķ", "l", "ĺ", "m", "ɱ", "n", "ñ", "o", "ó", "p", "þ", "q", "ǫ", "r", "ŕ",
	"s", "š", "t", "ţ", "u", "ú", "v", "ṽ", "w", "ŵ", "x", "ẋ", "y", "ý", "z", "ž",
	"A", "Á", "B", "Ɓ", "C", "Ç", "D", "Ð", "E", "É", "F", "Ƒ", "G", "Ĝ", "H", "Ĥ", "I", "Í",
	"J", "Ĵ", "K", "Ķ", "L", "Ĺ", "M", "Ṁ", "N", "Ñ", "O", "Ó", "P", "Ƥ", "Q", "Ǫ", "R", "Ŕ",
	"S", "Š", "T", "Ţ", "U", "Ú", "V", "Ṽ", "W", "Ŵ", "X", "Ẋ", "Y", "Ý", "Z", "Ž",
)

// pseudo accents text outside its verbs and wraps it.
func pseudo(text string) string {
	if text == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(PseudoOpen)
	last := 0
	for _, loc := range verb.FindAllStringIndex(text, -1) {
		b.WriteString(accents.Replace(text[last:loc[0]]))
		b.WriteString(text[loc[0]:loc[1]])
		last = loc[1]
	}
	b.WriteString(accents.Replace(text[last:]))
	b.WriteString(PseudoClose)
	return b.String()
}

// pseudoMessages makes the pseudo-locale's messages from English ones.
func pseudoMessages(en []*goi18n.Message) []*goi18n.Message {
	out := make([]*goi18n.Message, len(en))
	for i, m := range en {
		out[i] = &goi18n.Message{ID: m.ID, Zero: pseudo(m.Zero), One: pseudo(m.One), Two: pseudo(m.Two),
			Few: pseudo(m.Few), Many: pseudo(m.Many), Other: pseudo(m.Other)}
	}
	return out
}
