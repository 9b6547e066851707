package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reporting"
	"github.com/ideario/ideario/reports"
	"github.com/ideario/ideario/testutil"
	"github.com/xuri/excelize/v2"
)

// reportRows reads a CSV report: its rows after the header, by first cell.
func reportRows(t *testing.T, r *response, header []string) map[string][]string {
	t.Helper()
	body, ok := strings.CutPrefix(r.Body, "\uFEFF")
	if !ok {
		t.Errorf("%s: no UTF-8 byte-order mark", r.path)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: not CSV: %v\n%s", r.path, err, r)
	}
	if !slices.Equal(rows[0], header) {
		t.Errorf("header %q, want %q", rows[0], header)
	}
	out := map[string][]string{}
	for _, row := range rows[1:] {
		out[row[0]] = row
	}
	return out
}

func TestIdeaReportDownloads(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Amélie Poulain")
		seats := w.idea(t, author, "Bancos, \"confortáveis\" e baratos", w.open, w.design, "conforto")
		roof := w.idea(t, author, "=SUM(A1) toit solaire 🌞", w.open, w.materials)
		box := w.idea(t, author, "An idea for the ideas box", nil, nil, "conforto")
		hidden := w.idea(t, author, "Hidden spam about pills", w.open, w.design)
		w.hide(t, hidden.ID)
		if err := w.Store.Ideas.Backdate(t.Context(), box.ID, time.Date(2025, 1, 15, 10, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Store.Comments.CreateComment(t.Context(), author, seats.ID, nil, "Sim, por favor, =1+1"); err != nil {
			t.Fatal(err)
		}
		sponsor := w.login(t, w.userWithRole(t, "Sponsor", accounts.RoleSponsor))
		id := func(i *ideas.Idea) string { return strconv.FormatInt(i.ID, 10) }
		today := time.Now().UTC().Format(time.DateOnly)

		t.Run("csv", func(t *testing.T) {
			r := sponsor.get("/reports/ideas.csv")
			wantCode(t, r, 200)
			check(t, "type", r.Header.Get("Content-Type"), "text/csv; charset=utf-8")
			check(t, "disposition", r.Header.Get("Content-Disposition"), `attachment; filename="ideario-ideas-`+today+`.csv"`)
			rows := reportRows(t, r, reports.Columns)
			check(t, "ideas", len(rows), 3)
			check(t, "title", rows[id(seats)][1], seats.Title)
			check(t, "url", rows[id(seats)][2], w.Config.BaseURL+seats.URL())
			check(t, "challenge", rows[id(seats)][3], w.open.Title)
			check(t, "tags", rows[id(seats)][5], "conforto")
			check(t, "author", rows[id(seats)][7], "Amélie Poulain")
			check(t, "neutralised", rows[id(roof)][1], "'"+roof.Title)
			if _, ok := rows[id(hidden)]; ok {
				t.Error("the hidden idea is in the report")
			}
		})

		tests := []struct {
			name, query string
			want        []*ideas.Idea
		}{
			{"challenge", "?challenge=open-car", []*ideas.Idea{seats, roof}},
			{"category", "?category=materials", []*ideas.Idea{roof}},
			{"tag", "?tag=conforto", []*ideas.Idea{seats, box}},
			{"search", "?q=solaire", []*ideas.Idea{roof}},
			{"status", "?status=accepted", nil},
			{"from", "?from=2025-06-01", []*ideas.Idea{seats, roof}},
			{"to includes its day", "?to=2025-01-15", []*ideas.Idea{box}},
			{"from and to", "?from=2025-01-01&to=2025-01-31", []*ideas.Idea{box}},
			{"unknown challenge", "?challenge=no-such", nil},
		}
		for _, tt := range tests {
			t.Run("filter "+tt.name, func(t *testing.T) {
				r := sponsor.get("/reports/ideas.csv" + tt.query)
				wantCode(t, r, 200)
				rows := reportRows(t, r, reports.Columns)
				var got, want []string
				for k := range rows {
					got = append(got, k)
				}
				for _, i := range tt.want {
					want = append(want, id(i))
				}
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("ideas %v, want %v", got, want)
				}
			})
		}

		for _, bad := range []string{"?from=2025-13-01", "?to=yesterday", "?status=great"} {
			t.Run("refuses "+bad, func(t *testing.T) {
				wantCode(t, sponsor.get("/reports/ideas.json"+bad), 400)
			})
		}

		t.Run("json", func(t *testing.T) {
			r := sponsor.get("/reports/ideas.json?challenge=open-car")
			wantCode(t, r, 200)
			check(t, "disposition", r.Header.Get("Content-Disposition"), `attachment; filename="ideario-ideas-`+today+`.json"`)
			var ideas []map[string]any
			if err := json.Unmarshal([]byte(r.Body), &ideas); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			check(t, "ideas", len(ideas), 2)
			check(t, "title", ideas[1]["title"], any(roof.Title))
			check(t, "keys", len(ideas[0]), len(reports.Columns))
		})

		t.Run("xlsx", func(t *testing.T) {
			r := sponsor.get("/reports/ideas.xlsx")
			wantCode(t, r, 200)
			f, err := excelize.OpenReader(strings.NewReader(r.Body))
			if err != nil {
				t.Fatalf("not a spreadsheet: %v", err)
			}
			defer func() { _ = f.Close() }()
			rows, err := f.GetRows("Ideas")
			if err != nil {
				t.Fatal(err)
			}
			check(t, "rows", len(rows), 4)
			check(t, "neutralised", rows[2][1], "'"+roof.Title)
		})

		t.Run("pdf", func(t *testing.T) {
			r := sponsor.get("/reports/ideas.pdf")
			wantCode(t, r, 200)
			check(t, "type", r.Header.Get("Content-Type"), "application/pdf")
			if !strings.HasPrefix(r.Body, "%PDF-") {
				t.Fatalf("not a PDF: %.40q", r.Body)
			}
			if _, err := exec.LookPath("pdftotext"); err != nil {
				testutil.Skip(t, "reading the PDF's figures needs pdftotext: apt-get install poppler-utils")
			}
			cmd := exec.Command("pdftotext", "-", "-")
			cmd.Stdin = strings.NewReader(r.Body)
			text, err := cmd.Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			// The campaign's figures come from the same query as the dashboard's.
			fg, err := w.Store.Reporting.CampaignFigures(t.Context(), reporting.ReportFilter{To: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("%d %d %d Unique visitors Contributors Countries", fg.Visitors, fg.Contributors, fg.Countries)
			if got := strings.Join(strings.Fields(string(text)), " "); !strings.Contains(got, want) {
				t.Errorf("%q not in the PDF's text:\n%s", want, got)
			}
		})

		t.Run("comments", func(t *testing.T) {
			r := sponsor.get("/reports/comments.csv?challenge=open-car")
			wantCode(t, r, 200)
			check(t, "disposition", r.Header.Get("Content-Disposition"), `attachment; filename="ideario-comments-`+today+`.csv"`)
			rows := reportRows(t, r, reports.CommentColumns)
			check(t, "comments", len(rows), 1)
			for _, row := range rows {
				check(t, "idea", row[0], id(seats))
				check(t, "body", row[6], "Sim, por favor, =1+1")
			}
		})

		t.Run("contributors are refused", func(t *testing.T) {
			r := w.login(t, author).get("/reports/ideas.csv")
			wantCode(t, r, 403)
			if bytes.Contains([]byte(r.Body), []byte(seats.Title)) {
				t.Error("the refusal shows the report")
			}
		})
	})
}
