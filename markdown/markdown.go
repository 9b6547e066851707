// Package markdown turns what people write into safe HTML and plain text.
// Markdown is rendered by goldmark with raw HTML left out, and the result
// is sanitised by bluemonday, so nothing a person types can run script.
package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	engine = goldmark.New(goldmark.WithExtensions(extension.GFM))

	// policy allows what user-written Markdown produces and nothing else;
	// links to other sites get rel="nofollow noopener ugc" (nofollow and
	// noopener by bluemonday, ugc added below), links within the site
	// (a mention's, a path someone wrote) none: nofollow is meant for
	// other sites; only http, https and mailto schemes; a link's class
	// only when it is a mention's.
	policy = func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.AllowURLSchemes("http", "https", "mailto")
		p.RequireNoFollowOnLinks(false)
		p.RequireNoFollowOnFullyQualifiedLinks(true)
		p.RequireNoReferrerOnLinks(false)
		p.AllowAttrs("type", "checked", "disabled").OnElements("input")
		p.AllowAttrs("class").Matching(regexp.MustCompile(`^mention$`)).OnElements("a")
		return p
	}()

	text = bluemonday.StrictPolicy()
)

// Render returns the sanitised HTML of a Markdown text.
func Render(src string) string {
	var buf bytes.Buffer
	if err := engine.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails on a failing writer; bytes.Buffer does not.
		return html.EscapeString(src)
	}
	return sanitize(buf.String())
}

// sanitize keeps what policy allows of rendered HTML.
func sanitize(rendered string) string {
	out := policy.Sanitize(rendered)
	return strings.ReplaceAll(out, `rel="nofollow"`, `rel="nofollow noopener ugc"`)
}

// PlainText returns a Markdown text without its markup, for excerpts,
// feeds and exports.
func PlainText(src string) string {
	var buf bytes.Buffer
	if err := engine.Convert([]byte(src), &buf); err != nil {
		return src
	}
	// Block ends become spaces so that words of two paragraphs don't merge.
	h := strings.NewReplacer("</p>", " </p>", "</li>", " </li>", "<br>", " ", "</h", " </h").Replace(buf.String())
	return strings.Join(strings.Fields(html.UnescapeString(text.Sanitize(h))), " ")
}

// Excerpt is the start of a text's plain form, cut at a word boundary.
func Excerpt(src string, max int) string {
	s := PlainText(src)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	runes := []rune(s)[:max]
	cut := string(runes)
	if i := strings.LastIndexByte(cut, ' '); i > max/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}
