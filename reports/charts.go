package reports

// Charts are drawn on the server as inline SVG, so that the dashboard
// needs no JavaScript and prints as it shows. Each chart carries a title
// for screen readers and a table of its numbers beside it.

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"time"

	"github.com/ideario/ideario/i18n"
)

// Chart describes one chart; its texts come already translated.
type Chart struct {
	ID      string // unique on the page: the title's id is ID + "-title"
	Title   string
	Label   string // the header of the table's first column ("Day", "Country")
	Value   string // the header of the numbers ("Ideas")
	Empty   string // shown when every number is 0
	Numbers string // the summary that opens the table ("Show the numbers")
	Wide    bool   // an Area that spans the page rather than a card
	Locale  string // the language of the numbers and dates written on it
}

// num writes a number the chart's language's way.
func (c Chart) num(v int64) string { return i18n.Number(c.Locale, v) }

// day writes an Area's label ("2026-03-18") as a date in the chart's
// language; other labels stay as they are.
func (c Chart) day(label string, short bool) string {
	d, err := time.Parse(time.DateOnly, label)
	switch {
	case err != nil:
		return label
	case short:
		return i18n.ShortDate(c.Locale, d)
	}
	return i18n.Date(c.Locale, d)
}

// Canvas sizes, in SVG user units; the SVG scales to its box.
const (
	chartW    = 640
	chartH    = 240
	padLeft   = 44
	padRight  = 12
	padTop    = 14
	padBottom = 30
	// Activity charts sit four in a row: a smaller canvas keeps their
	// text as large as the other charts'.
	areaW = 340
	areaH = 180
)

// Bars draws a column per label, left to right.
func (c Chart) Bars(labels []string, values []int64) template.HTML {
	var b strings.Builder
	top := niceMax(values)
	c.open(&b, chartW, chartH)
	if top == 0 {
		return c.close(&b, labels, values, true)
	}
	c.grid(&b, top, chartW, chartH)
	plotW := float64(chartW - padLeft - padRight)
	slot := plotW / float64(len(values))
	barW := slot * 0.62
	for i, v := range values {
		h := scale(v, top, chartH)
		x := float64(padLeft) + slot*float64(i) + (slot-barW)/2
		y := float64(chartH-padBottom) - h
		fmt.Fprintf(&b, `<rect class="bar" fill="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3"><title>%s: %s</title></rect>`,
			palette[i%len(palette)], x, y, barW, h, esc(labels[i]), c.num(v))
		fmt.Fprintf(&b, `<text class="value" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x+barW/2, y-4, c.num(v))
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x+barW/2, chartH-padBottom+18, esc(shorten(labels[i], 16)))
	}
	return c.close(&b, labels, values, false)
}

// HBars draws a horizontal bar per label, top to bottom, with the label
// on the left: long names (countries, challenges) stay readable.
func (c Chart) HBars(labels []string, values []int64) template.HTML {
	var b strings.Builder
	const row, labelW, valueW = 28, 200, 48
	h := padTop + row*max(len(values), 3)
	top := max64(values)
	c.open(&b, chartW, h)
	if top == 0 {
		return c.close(&b, labels, values, true)
	}
	plotW := float64(chartW - labelW - valueW)
	for i, v := range values {
		y := padTop/2 + row*i
		w := float64(v) / float64(top) * plotW
		fmt.Fprintf(&b, `<text class="axis label" x="%d" y="%d" text-anchor="end">%s</text>`, labelW-10, y+row/2+4, esc(shorten(labels[i], 28)))
		fmt.Fprintf(&b, `<rect class="track" x="%d" y="%d" width="%.1f" height="%d" rx="4"/>`, labelW, y+5, plotW, row-10)
		fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%d" width="%.1f" height="%d" rx="4"><title>%s: %s</title></rect>`,
			labelW, y+5, max(w, 2), row-10, esc(labels[i]), c.num(v))
		fmt.Fprintf(&b, `<text class="value" x="%.1f" y="%d">%s</text>`, float64(labelW)+max(w, 2)+6, y+row/2+4, c.num(v))
	}
	return c.close(&b, labels, values, false)
}

// Area draws values over time as a line with the area under it shaded;
// labels are dates, of which a few are written under the axis.
func (c Chart) Area(labels []string, values []int64) template.HTML {
	var b strings.Builder
	w, h, ticks := areaW, areaH, 4
	if c.Wide {
		w, h, ticks = 1000, 220, 9
	}
	top := niceMax(values)
	c.open(&b, w, h)
	if top == 0 || len(values) == 0 {
		return c.close(&b, labels, values, true)
	}
	c.grid(&b, top, w, h)
	plotW := float64(w - padLeft - padRight)
	step := plotW / float64(max(len(values)-1, 1))
	base := float64(h - padBottom)
	pts := make([]string, len(values))
	for i, v := range values {
		pts[i] = fmt.Sprintf("%.1f,%.1f", float64(padLeft)+step*float64(i), base-scale(v, top, h))
	}
	fmt.Fprintf(&b, `<polygon class="area" points="%.1f,%.1f %s %.1f,%.1f"/>`,
		float64(padLeft), base, strings.Join(pts, " "), float64(padLeft)+step*float64(len(values)-1), base)
	fmt.Fprintf(&b, `<polyline class="line" points="%s"/>`, strings.Join(pts, " "))
	every := max(1, (len(values)+ticks-1)/ticks)
	for i := 0; i < len(values); i += every {
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text>`,
			float64(padLeft)+step*float64(i), h-padBottom+18, esc(c.day(labels[i], true)))
	}
	if len(values) <= 60 {
		for i, v := range values {
			x, y, _ := strings.Cut(pts[i], ",")
			fmt.Fprintf(&b, `<circle class="dot" cx="%s" cy="%s" r="2.5"><title>%s: %s</title></circle>`, x, y, esc(c.day(labels[i], false)), c.num(v))
		}
	}
	return c.close(&b, labels, values, false)
}

// palette tells the columns apart; each colour has a contrast of at least
// 3:1 on white, as WCAG asks of graphics.
var palette = []string{"#0b6e4f", "#1d4ed8", "#7c3aed", "#b45309", "#047857", "#b42318", "#0e7490", "#a21caf"}

func (c Chart) open(b *strings.Builder, w, h int) {
	fmt.Fprintf(b, `<figure class="chart" id="%s"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title" preserveAspectRatio="xMidYMid meet">`,
		esc(c.ID), w, h, w, h, esc(c.ID))
	fmt.Fprintf(b, `<title id="%s-title">%s</title>`, esc(c.ID), esc(c.Title))
}

// close ends the SVG (with the empty state when there is nothing to draw)
// and adds the table of numbers.
func (c Chart) close(b *strings.Builder, labels []string, values []int64, empty bool) template.HTML {
	if empty {
		fmt.Fprintf(b, `<rect class="empty-bg" x="0" y="0" width="100%%" height="100%%" rx="8"/><text class="empty" x="50%%" y="50%%" text-anchor="middle" dominant-baseline="middle">%s</text>`, esc(c.Empty))
	}
	b.WriteString(`</svg>`)
	fmt.Fprintf(b, `<details class="chart-numbers"><summary>%s</summary><table><caption class="sr-only">%s</caption><thead><tr><th scope="col">%s</th><th scope="col" class="num">%s</th></tr></thead><tbody>`,
		esc(c.Numbers), esc(c.Title), esc(c.Label), esc(c.Value))
	for i, v := range values {
		fmt.Fprintf(b, `<tr><th scope="row">%s</th><td class="num">%s</td></tr>`, esc(c.day(labels[i], false)), c.num(v))
	}
	b.WriteString(`</tbody></table></details></figure>`)
	return template.HTML(b.String()) //nolint:gosec // G203: markup written here, every text in it through esc

}

// grid draws the horizontal lines at 0, ½ and the top, with their values.
func (c Chart) grid(b *strings.Builder, top int64, w, h int) {
	for _, v := range []int64{0, top / 2, top} {
		y := float64(h-padBottom) - scale(v, top, h)
		fmt.Fprintf(b, `<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, padLeft, w-padRight, y, y)
		fmt.Fprintf(b, `<text class="axis" x="%d" y="%.1f" text-anchor="end">%s</text>`, padLeft-8, y+4, c.num(v))
	}
}

func scale(v, top int64, h int) float64 {
	return float64(v) / float64(top) * float64(h-padTop-padBottom)
}

func max64(values []int64) int64 {
	var m int64
	for _, v := range values {
		m = max(m, v)
	}
	return m
}

// niceMax rounds the largest value up to an even number that reads well
// on the axis (2, 4, 10, 20, 50, 100, ...), so that half of it is whole.
func niceMax(values []int64) int64 {
	m := max64(values)
	if m == 0 {
		return 0
	}
	for unit := int64(1); ; unit *= 10 {
		for _, f := range []int64{2, 4, 6, 10} {
			if f*unit >= m {
				return f * unit
			}
		}
	}
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func esc(s string) string { return html.EscapeString(s) }
