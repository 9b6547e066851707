package reports

import (
	"container/heap"
	_ "embed"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reporting"
)

// DejaVu Sans covers Latin accents and much more; see fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// PDFTop is how many ideas, by votes, the PDF report lists.
const PDFTop = 50

// pdfDescription is how many characters of each description the PDF shows.
const pdfDescription = 600

// summary is what the PDF needs of a whole report, gathered in one pass
// with constant memory: the totals, ideas by status, and the top ideas.
type summary struct {
	ideas, votes, comments int64
	byStatus               map[string]int64
	top                    topIdeas
}

func (s *summary) add(i reporting.ReportIdea) {
	s.ideas++
	s.votes += int64(i.Votes)
	s.comments += int64(i.Comments)
	s.byStatus[i.Status]++
	i.Title, i.Author, i.Challenge, i.Category = pdfText(i.Title), pdfText(i.Author), pdfText(i.Challenge), pdfText(i.Category)
	i.Description = excerpt(pdfText(i.Description), pdfDescription)
	i.Response = excerpt(pdfText(i.Response), pdfDescription/2)
	if len(s.top) < PDFTop {
		heap.Push(&s.top, i)
	} else if before(i, s.top[0]) {
		s.top[0] = i
		heap.Fix(&s.top, 0)
	}
}

// before orders ideas by votes, most first, then by id.
func before(a, b reporting.ReportIdea) bool {
	if a.Votes != b.Votes {
		return a.Votes > b.Votes
	}
	return a.ID < b.ID
}

// topIdeas is a min-heap whose root is the weakest idea kept.
type topIdeas []reporting.ReportIdea

func (t topIdeas) Len() int           { return len(t) }
func (t topIdeas) Less(i, j int) bool { return before(t[j], t[i]) }
func (t topIdeas) Swap(i, j int)      { t[i], t[j] = t[j], t[i] }
func (t *topIdeas) Push(x any)        { *t = append(*t, x.(reporting.ReportIdea)) }
func (t *topIdeas) Pop() any {
	old := *t
	x := old[len(old)-1]
	*t = old[:len(old)-1]
	return x
}

// sorted returns the kept ideas, best first.
func (t topIdeas) sorted() []reporting.ReportIdea {
	h := append(topIdeas(nil), t...)
	out := make([]reporting.ReportIdea, len(h))
	for k := len(h) - 1; k >= 0; k-- {
		out[k] = heap.Pop(&h).(reporting.ReportIdea)
	}
	return out
}

// pdfText drops the characters that fpdf cannot write (beyond the Basic
// Multilingual Plane: most emoji).
func pdfText(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			return -1
		}
		return r
	}, s)
}

// excerpt cuts a text to at most n characters at a word boundary.
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:n])
	if k := strings.LastIndexByte(cut, ' '); k > n/2 {
		cut = cut[:k]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// PDF writes a printable sponsor report: the filters used, the figures,
// a bar chart of ideas by status and the top ideas by votes with their
// status and the start of their description. It reads the ideas once and
// keeps only the top ones.
func PDF(w io.Writer, ideas Ideas, m Meta) error {
	s := summary{byStatus: map[string]int64{}}
	if err := ideas(func(i reporting.ReportIdea) error { s.add(i); return nil }); err != nil {
		return err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(i18n.T(m.Locale, "Idea report"), true)
	pdf.SetCreator("Ideario", true)
	pdf.AddUTF8FontFromBytes("DejaVu", "", fontRegular)
	pdf.AddUTF8FontFromBytes("DejaVu", "B", fontBold)
	pdf.SetMargins(18, 18, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AliasNbPages("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-13)
		pdf.SetFont("DejaVu", "", 8)
		pdf.SetTextColor(120, 120, 120)
		pdf.CellFormat(0, 5, i18n.T(m.Locale, "Idea report · %s · page %s of %s",
			i18n.DateTime(m.Locale, m.Generated), strconv.Itoa(pdf.PageNo()), "{nb}"), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdfHeader(pdf, m)
	pdfFigures(pdf, m.Locale, []figure{{"Ideas", s.ideas}, {"Votes", s.votes}, {"Comments", s.comments}})
	if c := m.Campaign; c != nil {
		pdf.SetFont("DejaVu", "", 9)
		pdf.SetTextColor(80, 80, 80)
		pdf.CellFormat(0, 5, i18n.T(m.Locale, "Across the campaign in the same challenge and dates:"), "", 1, "L", false, 0, "")
		pdfFigures(pdf, m.Locale, []figure{{"Unique visitors", c.Visitors}, {"Contributors", c.Contributors}, {"Countries", c.Countries}})
	}
	pdfStatusChart(pdf, m, &s)
	pdfTop(pdf, m, s.top.sorted())
	return pdf.Output(w)
}

func pdfHeader(pdf *fpdf.Fpdf, m Meta) {
	pdf.SetFont("DejaVu", "B", 20)
	pdf.SetTextColor(20, 40, 80)
	pdf.CellFormat(0, 10, i18n.T(m.Locale, "Idea report"), "", 1, "L", false, 0, "")
	pdf.SetFont("DejaVu", "", 10)
	pdf.SetTextColor(60, 60, 60)
	pdf.CellFormat(0, 6, i18n.T(m.Locale, "Generated on %s", i18n.DateTime(m.Locale, m.Generated)), "", 1, "L", false, 0, "")
	filters := i18n.T(m.Locale, "all visible ideas")
	if len(m.Filters) > 0 {
		parts := make([]string, len(m.Filters))
		for k, f := range m.Filters {
			parts[k] = f[0] + ": " + pdfText(f[1])
		}
		filters = strings.Join(parts, "; ")
	}
	pdf.MultiCell(0, 6, i18n.T(m.Locale, "Filters: %s", filters), "", "L", false)
	pdf.Ln(4)
}

// figure is one headline number of the PDF.
type figure struct {
	label string
	n     int64
}

// pdfFigures draws a row of three figures in boxes.
func pdfFigures(pdf *fpdf.Fpdf, locale string, figures []figure) {
	width := (210.0 - 36 - 8) / 3
	x, y := pdf.GetX(), pdf.GetY()
	for k, f := range figures {
		left := x + float64(k)*(width+4)
		pdf.SetFillColor(236, 241, 248)
		pdf.Rect(left, y, width, 20, "F")
		pdf.SetXY(left, y+2)
		pdf.SetFont("DejaVu", "B", 16)
		pdf.SetTextColor(20, 40, 80)
		pdf.CellFormat(width, 9, i18n.Number(locale, f.n), "", 2, "C", false, 0, "")
		pdf.SetFont("DejaVu", "", 9)
		pdf.SetTextColor(80, 80, 80)
		pdf.CellFormat(width, 6, i18n.T(locale, f.label), "", 0, "C", false, 0, "")
	}
	pdf.SetXY(x, y+26)
}

// pdfStatusChart draws ideas by status as horizontal bars, in life-cycle order.
func pdfStatusChart(pdf *fpdf.Fpdf, m Meta, s *summary) {
	pdf.SetFont("DejaVu", "B", 13)
	pdf.SetTextColor(20, 40, 80)
	pdf.CellFormat(0, 8, i18n.T(m.Locale, "Ideas by status"), "", 1, "L", false, 0, "")
	var most int64 = 1
	for _, n := range s.byStatus {
		most = max(most, n)
	}
	const label, barMax, bar = 34.0, 110.0, 5.0
	pdf.SetFont("DejaVu", "", 9)
	for _, status := range ideas.Statuses {
		n := s.byStatus[status]
		x, y := pdf.GetX(), pdf.GetY()
		pdf.SetTextColor(60, 60, 60)
		pdf.CellFormat(label, bar+2, m.status(status), "", 0, "L", false, 0, "")
		if n > 0 {
			pdf.SetFillColor(46, 104, 178)
			pdf.Rect(x+label, y+1, barMax*float64(n)/float64(most), bar, "F")
		}
		pdf.SetXY(x+label+barMax*float64(n)/float64(most)+2, y)
		pdf.CellFormat(20, bar+2, i18n.Number(m.Locale, n), "", 1, "L", false, 0, "")
		pdf.SetX(x)
	}
	pdf.Ln(5)
}

func pdfTop(pdf *fpdf.Fpdf, m Meta, top []reporting.ReportIdea) {
	pdf.SetFont("DejaVu", "B", 13)
	pdf.SetTextColor(20, 40, 80)
	pdf.CellFormat(0, 8, i18n.N(m.Locale, "Top %d ideas by votes", len(top)), "", 1, "L", false, 0, "")
	if len(top) == 0 {
		pdf.SetFont("DejaVu", "", 10)
		pdf.CellFormat(0, 6, i18n.T(m.Locale, "No ideas match these filters."), "", 1, "L", false, 0, "")
	}
	for rank, i := range top {
		if pdf.GetY() > 297-18-30 {
			pdf.AddPage()
		}
		pdf.SetFont("DejaVu", "B", 11)
		pdf.SetTextColor(20, 20, 20)
		pdf.MultiCell(0, 5.5, strconv.Itoa(rank+1)+". "+i.Title, "", "L", false)
		pdf.SetFont("DejaVu", "", 8.5)
		pdf.SetTextColor(90, 90, 90)
		where := strings.Join(nonEmpty(i.Challenge, i.Category), " · ")
		line := strings.Join([]string{"#" + strconv.FormatInt(i.ID, 10), m.status(i.Status),
			i18n.N(m.Locale, "%d votes", i.Votes), i18n.N(m.Locale, "%d comments", i.Comments), i18n.T(m.Locale, "by %s", i.Author)}, " · ")
		if where != "" {
			line += " · " + where
		}
		pdf.MultiCell(0, 4.5, line, "", "L", false)
		pdf.SetFont("DejaVu", "", 9.5)
		pdf.SetTextColor(40, 40, 40)
		if i.Description != "" {
			pdf.MultiCell(0, 4.8, i.Description, "", "L", false)
		}
		if i.Response != "" {
			pdf.SetFont("DejaVu", "B", 9.5)
			pdf.SetTextColor(20, 90, 50)
			pdf.MultiCell(0, 4.8, i18n.T(m.Locale, "Official response: %s", i.Response), "", "L", false)
		}
		pdf.Ln(3)
	}
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
