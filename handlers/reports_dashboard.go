package handlers

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/reporting"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/reports"
	"github.com/ideario/ideario/views"
	"github.com/labstack/echo/v4"
)

// ReportsForm is the dashboard's filter, read from the query string.
type ReportsForm struct {
	Challenge string `query:"challenge"`
	From      string `query:"from"`
	To        string `query:"to"`
}

// ExportQuery is the query string that gives the exports the dashboard's
// filter, so a download matches what the sponsor is looking at.
func (f ReportsForm) ExportQuery() string {
	v := url.Values{}
	for k, val := range map[string]string{"challenge": f.Challenge, "from": f.From, "to": f.To} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// dashboardDays is the default range: the last 90 days, today included.
const dashboardDays = 90

// ActivityChart is one small chart of activity over time, with its total.
type ActivityChart struct {
	Name  string
	Total int64
	Chart template.HTML
}

// ReportsPage is the data of the sponsors' dashboard.
type ReportsPage struct {
	Page
	Form       ReportsForm
	Errors     FormErrors
	Challenges []challenges.Challenge
	Stats      *reporting.ReportStats
	Weekly     bool
	Traffic    ActivityChart
	Activity   []ActivityChart
	Funnel     template.HTML
	Categories template.HTML
	ByChall    template.HTML
	Countries  template.HTML
}

// ReportsDashboard shows sponsors how the campaign is going: the figures,
// activity over time and the breakdowns, for a challenge and a date range.
func (h *Handler) ReportsDashboard(c echo.Context) error {
	ctx := c.Request().Context()
	p := ReportsPage{Page: h.Page(c, T(c, "Reports")), Errors: FormErrors{}}
	if err := c.Bind(&p.Form); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	var err error
	if p.Challenges, err = h.Store.Challenges.List(ctx); err != nil {
		return err
	}
	f, err := h.reportFilter(c, &p.Form, p.Errors)
	if err != nil {
		return err
	}
	if p.Stats, err = h.Store.Reporting.ReportStats(ctx, f); err != nil {
		return err
	}
	p.Weekly = f.Weekly()
	p.chart(c, f.Buckets())
	code := http.StatusOK
	if len(p.Errors) > 0 {
		code = http.StatusUnprocessableEntity
	}
	return c.Render(code, "reports", p)
}

// dashboardMaxYears is the longest period the dashboard shows.
const dashboardMaxYears = 5

// reportFilter checks the form; a field that does not parse gets its
// message and its default, so that the page still shows figures.
func (h *Handler) reportFilter(c echo.Context, form *ReportsForm, errs FormErrors) (reporting.ReportFilter, error) {
	today := time.Now().UTC()
	f := reporting.ReportFilter{From: today.AddDate(0, 0, 1-dashboardDays), To: today}
	parse := func(field string, raw *string, into *time.Time) {
		if *raw == "" {
			*raw = into.Format(time.DateOnly)
			return
		}
		d, err := time.Parse(time.DateOnly, *raw)
		if err != nil {
			errs[field] = T(c, "Enter a date as YYYY-MM-DD.")
			*raw = into.Format(time.DateOnly)
			return
		}
		*into = d
	}
	parse("from", &form.From, &f.From)
	parse("to", &form.To, &f.To)
	if f.From.After(f.To) {
		errs["to"] = T(c, "The end comes before the start.")
		f.From, f.To = f.To, f.From
		form.From, form.To = form.To, form.From
	}
	// The page has a row per week of the period: a period of centuries
	// would make an answer of many megabytes.
	if earliest := f.To.AddDate(-dashboardMaxYears, 0, 0); f.From.Before(earliest) {
		errs["from"] = TN(c, "Choose a period of at most %d years; the page shows the last %d years up to the end date.", dashboardMaxYears, dashboardMaxYears, dashboardMaxYears)
		f.From = earliest
		form.From = earliest.Format(time.DateOnly)
	}
	if form.Challenge != "" {
		ch, err := h.Store.Challenges.ChallengeBySlug(c.Request().Context(), form.Challenge)
		switch {
		case errors.Is(err, store.ErrNotFound):
			errs["challenge"] = T(c, "There is no such challenge.")
		case err != nil:
			return f, err
		default:
			f.ChallengeID = ch.ID
		}
	}
	return f, nil
}

// chart draws the page's charts from the numbers.
func (p *ReportsPage) chart(c echo.Context, buckets []string) {
	st := p.Stats
	numbers, empty := T(c, "Show the numbers"), T(c, "Nothing in this period")
	period := T(c, "Day")
	if p.Weekly {
		period = T(c, "Week of")
	}
	for _, s := range []struct{ key, name string }{
		{"visitors", T(c, "Unique visitors")}, {"ideas", T(c, "Ideas")}, {"votes", T(c, "Votes")},
		{"comments", T(c, "Comments")}, {"signups", T(c, "Sign-ups")},
	} {
		values := st.Activity[s.key]
		var total int64
		for _, v := range values {
			total += v
		}
		title := T(c, "%s per day", s.name)
		if p.Weekly {
			title = T(c, "%s per week", s.name)
		}
		ch := reports.Chart{Locale: Locale(c), ID: "activity-" + s.key, Title: title, Label: period, Value: s.name, Empty: empty, Numbers: numbers,
			Wide: s.key == "visitors"}
		a := ActivityChart{Name: s.name, Total: total, Chart: ch.Area(buckets, values)}
		if ch.Wide {
			p.Traffic = a
		} else {
			p.Activity = append(p.Activity, a)
		}
	}
	labels, values := split(st.ByStatus, func(k reporting.Count) string { return T(c, statusLabel(k.Key)) })
	p.Funnel = reports.Chart{Locale: Locale(c), ID: "by-status", Title: T(c, "Ideas by status"), Label: T(c, "Status"), Value: T(c, "Ideas"),
		Empty: empty, Numbers: numbers}.Bars(labels, values)
	labels, values = split(st.ByCategory, func(k reporting.Count) string { return orNone(c, k.Label, "No category") })
	p.Categories = reports.Chart{Locale: Locale(c), ID: "by-category", Title: T(c, "Ideas by category"), Label: T(c, "Category"), Value: T(c, "Ideas"),
		Empty: empty, Numbers: numbers}.HBars(labels, values)
	labels, values = split(st.ByChallenge, func(k reporting.Count) string { return orNone(c, k.Label, "No challenge") })
	p.ByChall = reports.Chart{Locale: Locale(c), ID: "by-challenge", Title: T(c, "Ideas by challenge"), Label: T(c, "Challenge"), Value: T(c, "Ideas"),
		Empty: empty, Numbers: numbers}.HBars(labels, values)
	labels, values = split(st.ByCountry, func(k reporting.Count) string {
		return orNone(c, i18n.CountryName(Locale(c), k.Key), "Country not given")
	})
	p.Countries = reports.Chart{Locale: Locale(c), ID: "by-country", Title: T(c, "Contributors by country"), Label: T(c, "Country"), Value: T(c, "Contributors"),
		Empty: empty, Numbers: numbers}.HBars(labels, values)
}

func split(counts []reporting.Count, label func(reporting.Count) string) ([]string, []int64) {
	labels, values := make([]string, len(counts)), make([]int64, len(counts))
	for i, k := range counts {
		labels[i], values[i] = label(k), k.N
	}
	return labels, values
}

func orNone(c echo.Context, s, none string) string {
	if s == "" {
		return T(c, none)
	}
	return s
}

// statusLabel is the human name of an idea status.
func statusLabel(status string) string { return views.Label(status) }
