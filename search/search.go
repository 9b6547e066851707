// Package search turns text into the words a full-text index holds, and a
// visitor's query into the words to look for, the same way on every
// database engine: lower case, accents folded, and each word followed by
// its stems, so that "batteries" finds "battery", "carros" finds "carro"
// and "securite" finds "sécurité". A text is stemmed in the language it
// was written in (English, Portuguese, Spanish, French or Italian; all of
// them when it is not known), a query in every language, since nobody
// says which language they search in.
package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/spanish"
	"golang.org/x/text/unicode/norm"
)

// MaxWordRunes bounds a word: longer ones are cut to this length, in texts
// and queries alike, so that no engine meets a word it refuses to index
// (PostgreSQL's limit is 2 KB) and both sides still agree.
const MaxWordRunes = 60

// MaxQueryWords bounds how many words of a query are looked for.
const MaxQueryWords = 12

// MinPrefixRunes is the shortest last word that also matches as a prefix:
// shorter ones would each expand to a large part of the vocabulary.
const MinPrefixRunes = 3

// stemmers are the stemmers of the languages Ideario offers, by the
// language's base code ("pt" for "pt-BR").
var stemmers = map[string]func(*snowballstem.Env) bool{
	"en": english.Stem, "pt": portuguese.Stem, "es": spanish.Stem, "fr": french.Stem, "it": italian.Stem,
}

// allStemmers lists them in a fixed order, for queries and texts whose
// language is not known.
var allStemmers = []func(*snowballstem.Env) bool{english.Stem, portuguese.Stem, spanish.Stem, french.Stem, italian.Stem}

// stemmersFor are the stemmers of a text in lang ("pt-BR"), or all of them
// for a language without one.
func stemmersFor(lang string) []func(*snowballstem.Env) bool {
	base, _, _ := strings.Cut(lang, "-")
	if s, ok := stemmers[strings.ToLower(base)]; ok {
		return []func(*snowballstem.Env) bool{s}
	}
	return allStemmers
}

// Words splits text into lower-case words of letters, digits and the
// marks that go with them, each cut to MaxWordRunes; everything else
// separates words.
func Words(text string) []string {
	fields := strings.FieldsFunc(norm.NFC.String(strings.ToLower(text)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
	words := fields[:0]
	for _, w := range fields {
		if !strings.ContainsFunc(w, isLetterOrDigit) {
			continue // marks alone: nothing to look for
		}
		if r := []rune(w); len(r) > MaxWordRunes {
			w = string(r[:MaxWordRunes])
		}
		words = append(words, w)
	}
	return words
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// QueryWords are the words of a query to look for: those of Words, each
// once, at most MaxQueryWords of them, without the stop words ("the",
// "de", "pour") unless the query has nothing else. Every result holds
// every word, so a stop word narrows nothing, while reading its index
// entry (one for nearly every idea) would cost more than the rest.
func QueryWords(text string) []string {
	var words, stops []string
	for _, w := range Words(text) {
		switch {
		case slices.Contains(words, w) || slices.Contains(stops, w):
		case stopWords[w]:
			stops = append(stops, w)
		default:
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		words = stops
	}
	return words[:min(len(words), MaxQueryWords)]
}

// stopWords are the commonest words of English, Portuguese and French,
// which carry no meaning of their own. "and" and "or" stay words to look
// for, so that typing them as operators visibly does nothing special.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		a an are as at be by for from in is it of on that the this to was with
		à ao aos as da das de do dos e é em na nas no nos o os ou para pela pelo por que se um uma
		al con del el en es la las lo los más por su sus una y
		au aux avec ce ces dans des du en est et il la le les leur ou par pas pour qui sur un une
		che con degli dei del della di gli i il le nel non per più sono una`) {
		stopWords[w] = true
	}
}

// Document is the text to index for a title or a body whose language is
// not known (or for tags, which belong to none): see DocumentIn.
func Document(text string) string { return DocumentIn(text, "") }

// DocumentIn is the text to index for a title or a body written in lang:
// each word, folded, followed by those of its folded stems in that
// language that differ from it, separated by spaces. It holds only
// letters and digits, so any engine's tokenizer reads it back as the same
// words.
func DocumentIn(text, lang string) string {
	var b strings.Builder
	seen := map[string][]string{}
	stems := stemmersFor(lang)
	for _, w := range Words(text) {
		fs, ok := seen[w]
		if !ok {
			fs = forms(w, stems)
			seen[w] = fs
		}
		for _, f := range fs {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(f)
		}
	}
	return b.String()
}

// Forms gives the forms under which a lower-case word is indexed and
// looked for: the word with its accents folded first, then its distinct
// stems. Stems are taken of the word as written and of its folded form,
// so that a word typed without its accents still meets the stems of the
// accented one where the stemmers allow.
func Forms(word string) []string { return forms(word, allStemmers) }

func forms(word string, stemmers []func(*snowballstem.Env) bool) []string {
	folded := Fold(word)
	forms := []string{folded}
	add := func(f string) {
		if !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	env := snowballstem.NewEnv("")
	for _, source := range distinct(word, folded) {
		for _, stem := range stemmers {
			env.SetCurrent(source)
			stem(env)
			if s := Fold(env.Current()); s != "" {
				add(s)
			}
		}
	}
	return forms
}

func distinct(a, b string) []string {
	if a == b {
		return []string{a}
	}
	return []string{a, b}
}

// ligatures are the letters that folding turns into more than one, or into
// a letter that decomposition does not reach.
var ligatures = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i",
}

// Fold lower-cases a word and takes its accents off: "Élétrico" becomes
// "eletrico". Letters of other scripts stay as they are, lower-cased.
func Fold(word string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(word)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent: dropped
		case ligatures[r] != "":
			b.WriteString(ligatures[r])
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// Query is what a visitor's search asks for: every group must match, and a
// group matches when any of its forms does.
type Query struct {
	// Groups holds each word's forms, as Forms gives them.
	Groups [][]string
	// Prefix is the last word, folded, when it should also match as the
	// start of a longer word (the visitor may not have finished typing
	// it); empty otherwise.
	Prefix string
}

// Empty tells whether the query looks for nothing.
func (q Query) Empty() bool { return len(q.Groups) == 0 }

// ParseQuery reads a visitor's query. Only letters and digits count, so
// nothing typed is ever read as search syntax.
func ParseQuery(text string) Query { return NewQuery(QueryWords(text)) }

// NewQuery looks for every one of words, as Words or QueryWords give them,
// the last one also as a prefix when it is long enough.
func NewQuery(words []string) Query {
	var q Query
	for _, w := range words {
		q.Groups = append(q.Groups, Forms(w))
	}
	if len(words) > 0 {
		if last := words[len(words)-1]; utf8.RuneCountInString(last) >= MinPrefixRunes {
			q.Prefix = Fold(last)
		}
	}
	return q
}
