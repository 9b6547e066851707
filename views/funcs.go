package views

import (
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/ideario/ideario/assets"
	"github.com/ideario/ideario/i18n"
)

// Funcs are the template functions; each is small and tested.
var Funcs = template.FuncMap{
	"version":       version,
	"asset":         assets.Path,
	"sanitized":     sanitized,
	"date":          i18n.Date,
	"ago":           ago,
	"country":       i18n.CountryName,
	"label":         Label,
	"kindLabel":     KindLabel,
	"noticeLine":    NoticeLine,
	"noticeQuote":   NoticeQuote,
	"noticePath":    NoticePath,
	"deliveryLabel": DeliveryLabel,
	"sortLabel":     SortLabel,
	"dict":          dict,
	"add":           func(a, b int) int { return a + b },
	"initials":      initials,
	"hasPrefix":     strings.HasPrefix,
	"tr":            i18n.T,
	"trn":           i18n.N,
	"languages":     i18n.Languages,
	"langName":      i18n.Name,
	"num":           num,
	"id":            func(n int64) i18n.ID { return i18n.ID(n) },
	"csrfSlot":      func() string { return csrfSlot },
	"withToken":     withToken,
	"backSlot":      func() string { return backSlot },
	"withSlots":     withSlots,
	// fragment is bound to each page's template set by New; this one
	// only lets a set parsed without a Renderer (in tests) parse.
	"fragment": func(string, string, int64, any) (template.HTML, error) {
		return "", errors.New("fragment: no renderer")
	},
	"slot": func(string, int64, int) (template.HTML, error) {
		return "", errors.New("slot: no renderer")
	},
}

// csrfSlot stands for the reader's CSRF token in cached fragments. Its
// braces never appear in a slug or an id, and html/template leaves them as
// they are in attribute values, so only the slot itself is replaced.
const csrfSlot = "{csrf-slot}"

// withToken puts the reader's CSRF token into a cached fragment.
func withToken(html template.HTML, token string) template.HTML {
	return withSlots(html, token, backSlot) // the address slot, if any, stays
}

// backSlot stands for the page's own address in cached fragments, as
// csrfSlot for the token.
const backSlot = "{back-slot}"

// withSlots puts the reader's CSRF token and the page's address (both in
// attribute values) into a cached fragment.
func withSlots(html template.HTML, token, back string) template.HTML {
	var b strings.Builder
	// A strings.Builder never fails. WriteWithSlots HTML-escapes the token
	// and the address into markup that html/template wrote.
	_ = WriteWithSlots(&b, html, token, back)
	return template.HTML(b.String()) //nolint:gosec // G203: see above
}

// sanitized marks HTML that the markdown package has already sanitised.
// Only columns written by markdown.Render may pass through it.
func sanitized(s string) template.HTML { return template.HTML(s) } //nolint:gosec // G203: see above

// ago says how long ago something happened, in the page's language.
func ago(locale string, t time.Time) string {
	d := time.Since(t)
	switch {
	case d < time.Minute:
		return i18n.T(locale, "just now")
	case d < time.Hour:
		return i18n.N(locale, "%d minutes ago", int(d.Minutes()))
	case d < 24*time.Hour:
		return i18n.N(locale, "%d hours ago", int(d.Hours()))
	case d < 48*time.Hour:
		return i18n.T(locale, "yesterday")
	case d < 30*24*time.Hour:
		return i18n.N(locale, "%d days ago", int(d.Hours()/24))
	}
	return i18n.Date(locale, t)
}

// labels are the human names of statuses, phases and roles; the template
// passes them through the page's T.
var labels = map[string]string{
	"new": "New", "under_review": "Under review", "accepted": "Accepted", "in_progress": "In progress",
	"implemented": "Implemented", "declined": "Declined", "duplicate": "Duplicate",
	"draft": "Draft", "ideation": "Ideas open", "voting": "Voting", "review": "In review", "results": "Results",
	"contributor": "Contributor", "moderator": "Moderator", "sponsor": "Sponsor", "admin": "Admin",
	// Reasons for reputation points, and badges (package reputation).
	"idea_submitted": "Ideas published", "support_received": "Support received",
	"idea_accepted": "Idea accepted", "idea_implemented": "Idea implemented", "comment_helpful": "Comments found helpful",
	"first_idea": "First idea", "early_supporter": "Early supporter", "helpful_discussion": "Helpful discussion",
}

// sortLabels are the human names of the idea list's sorts.
var sortLabels = map[string]string{
	"hot": "Hot", "top": "Top", "new": "Newest", "discussed": "Most discussed", "relevance": "Relevance",
}

// SortLabel is the English name of a sort of the idea list, to translate.
func SortLabel(key string) string { return labelIn(sortLabels, key) }

// Label is the English name of a status, phase or sort, to translate.
func Label(key string) string { return labelIn(labels, key) }

// labelIn is the English name of key in names, or key itself.
func labelIn(names map[string]string, key string) string {
	if l, ok := names[key]; ok {
		return l
	}
	return key
}

// dict builds a map from pairs, to give a partial more than one value.
func dict(pairs ...any) (map[string]any, error) {
	if len(pairs)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		k, ok := pairs[i].(string)
		if !ok {
			return nil, errors.New("dict: keys must be strings")
		}
		m[k] = pairs[i+1] //nolint:gosec // G602: len(pairs) is even (checked above), so i+1 < len(pairs)
	}
	return m, nil
}

// initials are shown in a person's avatar circle.
func initials(name string) string {
	var out []rune
	for _, w := range strings.Fields(name) {
		for _, r := range w {
			out = append(out, r)
			break
		}
		if len(out) == 2 {
			break
		}
	}
	return strings.ToUpper(string(out))
}

// version joins the parts of a fragment's version: ids, counters, statuses
// and times (to the nanosecond), so that any change of what a fragment
// shows gives another version.
func version(parts ...any) string {
	var b strings.Builder
	for k, p := range parts {
		if k > 0 {
			b.WriteByte('/')
		}
		switch v := p.(type) {
		case time.Time:
			b.WriteString(strconv.FormatInt(v.UnixNano(), 10))
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		case int:
			b.WriteString(strconv.Itoa(v))
		case string:
			b.WriteString(v)
		case bool:
			b.WriteString(strconv.FormatBool(v))
		default:
			fmt.Fprint(&b, p)
		}
	}
	return b.String()
}

// num writes a whole number the way the language does (1.234 in pt-BR);
// anything else is a mistake in the template.
func num(locale string, n any) (string, error) {
	switch n.(type) {
	case int, int64, int32, uint, uint64:
		return i18n.Number(locale, n), nil
	}
	return "", fmt.Errorf("num: %T is not a whole number", n)
}
