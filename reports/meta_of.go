package reports

import (
	"time"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/views"
)

// MetaOf describes a report of the ideas q selects for its reader, in a
// language: the filters used, and the names of statuses.
func MetaOf(baseURL string, q ideas.ListQuery, now time.Time, locale string) Meta {
	tr := func(msg string) string { return i18n.T(locale, msg) }
	m := Meta{BaseURL: baseURL, Generated: now, Locale: locale,
		StatusName: func(s string) string { return tr(views.Label(s)) }}
	same := func(s string) string { return s }
	named := func(label func(string) string) func(string) string {
		return func(s string) string { return tr(label(s)) }
	}
	for _, f := range []struct {
		name, value string
		show        func(string) string
	}{{"Challenge", q.Challenge, same}, {"Category", q.Category, same}, {"Status", q.Status, named(views.Label)},
		{"Tag", q.Tag, same}, {"Search", q.Q, same}, {"From", q.From, same}, {"To", q.To, same}, {"Sort", q.Sort, named(views.SortLabel)}} {
		if f.value != "" {
			m.Filters = append(m.Filters, [2]string{tr(f.name), f.show(f.value)})
		}
	}
	return m
}
