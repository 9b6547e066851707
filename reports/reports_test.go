package reports_test

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reporting"
	"github.com/ideario/ideario/reports"
	"github.com/ideario/ideario/testutil"
	"github.com/xuri/excelize/v2"
)

const baseURL = "https://ideas.example.org"

// tricky are idea texts that break naive exporters: accents, emoji, the
// CSV delimiters, new lines and text a spreadsheet would run as a formula.
var tricky = []struct{ title, body string }{
	{"Bancos de garrafas PET: ação, coração e São Paulo", "Tecido **reciclado** para os bancos.\n\nÉ mais leve, não?"},
	{"Élégance à la française : « déjà vu » garanti", "Un pare-brise chauffé, c'est très pratique en hiver."},
	{"Solar roof 🚗☀️ that charges the battery", "Free kilometres every sunny day 🌞🔋."},
	{`Seats, "comfy", and 'cheap', all three`, "Line one, with a comma\nline two with \"quotes\"\r\nline three"},
	{"=SUM(A1) of all good ideas", "=HYPERLINK(\"http://evil.example\",\"click\")"},
	{"+1 cup holder per seat", "+1 is what everyone says"},
	{"-2 kg lighter doors", "-2 kg per door with aluminium"},
	{"@x mention the designers", "@SUM(1,2)"},
}

// fixture is a database with the tricky ideas and what the report must say.
type fixture struct {
	store   *models.Store
	visible []int64 // ids in order
	hidden  string  // title of the hidden idea
	merged  string  // title of the merged idea
}

func seed(t *testing.T) fixture {
	t.Helper()
	ctx := t.Context()
	store := testutil.Store(t, "sqlite")
	cat, err := store.Challenges.CreateCategory(ctx, "materiais", "Materiais e acabamentos", "", 1)
	check(t, err)
	ch, err := store.Challenges.CreateChallenge(ctx, challenges.NewChallenge{Slug: "carro", Title: "Qual carro você quer?",
		Phase: challenges.PhaseIdeation, CategoryIDs: []int64{cat.ID}})
	check(t, err)
	author, err := store.Accounts.CreateUser(ctx, accounts.NewUser{Name: "João Araújo-Lefèvre", Email: "joao@example.org",
		Password: "correct horse battery", Country: "BR"})
	check(t, err)
	admin, err := store.Accounts.CreateUser(ctx, accounts.NewUser{Name: "Admin", Email: "admin@example.org",
		Password: "correct horse battery", Country: "FR", Role: accounts.RoleAdmin})
	check(t, err)
	var f fixture
	f.store = store
	for k, tc := range tricky {
		in := ideas.IdeaInput{Title: tc.title, Body: tc.body, Tags: []string{"eco", "ação"}}
		if k%2 == 0 {
			in.ChallengeID, in.CategoryID = &ch.ID, &cat.ID
		}
		idea, err := store.Ideas.CreateIdea(ctx, author.ID, in)
		check(t, err)
		f.visible = append(f.visible, idea.ID)
		for v := 0; v < k%3; v++ {
			_, err := store.Votes.Vote(ctx, admin.ID, idea.ID)
			check(t, err)
		}
	}
	check(t, store.Ideas.SetStatus(ctx, f.visible[0], admin, ideas.StatusAccepted, "Ótimo! We'll *build* it, \"soon\"."))
	_, err = store.Comments.CreateComment(ctx, admin, f.visible[1], nil, "Très bien, merci 👍")
	check(t, err)
	hidden, err := store.Ideas.CreateIdea(ctx, author.ID, ideas.IdeaInput{Title: "Hidden spam idea about pills", Body: "spam"})
	check(t, err)
	check(t, store.Moderation.HideIdea(ctx, admin, hidden.ID, "spam"))
	f.hidden = hidden.Title
	merged, err := store.Ideas.CreateIdea(ctx, author.ID, ideas.IdeaInput{Title: "Merged duplicate about seats", Body: "dup"})
	check(t, err)
	check(t, store.Moderation.MergeIdeas(ctx, admin, merged.ID, f.visible[3], "same"))
	f.merged = merged.Title
	return f
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// expected is each visible idea's row as text, read from the database
// through the store's other queries, not the report's.
func (f fixture) expected(t *testing.T) map[string][]string {
	t.Helper()
	rows := map[string][]string{}
	for _, id := range f.visible {
		card, err := f.store.Ideas.IdeaCardByID(t.Context(), id)
		check(t, err)
		var tags []string
		for _, tag := range card.Tags {
			tags = append(tags, tag.Name)
		}
		slices.Sort(tags)
		changed := ""
		if card.StatusChangedAt != nil {
			changed = card.StatusChangedAt.UTC().Format(time.RFC3339)
		}
		rows[strconv.FormatInt(id, 10)] = []string{strconv.FormatInt(id, 10), card.Title,
			baseURL + ideas.IdeaPath(card.ID, card.Slug), card.ChallengeTitle, card.CategoryName,
			strings.Join(tags, ";"), card.Status, card.AuthorName, card.AuthorCountry,
			strconv.Itoa(card.VoteCount), strconv.Itoa(card.CommentCount), strconv.Itoa(card.FollowerCount),
			card.CreatedAt.UTC().Format(time.RFC3339), changed, markdown.PlainText(card.Response),
			markdown.PlainText(card.Body)}
	}
	return rows
}

func (f fixture) export(t *testing.T, format string, filter ideas.IdeaFilter) []byte {
	t.Helper()
	return f.exportIn(t, format, filter, reports.Meta{Filters: [][2]string{{"q", "ação"}}})
}

// exportIn writes a report with meta (its language, its filters' names).
func (f fixture) exportIn(t *testing.T, format string, filter ideas.IdeaFilter, meta reports.Meta) []byte {
	t.Helper()
	var buf bytes.Buffer
	ideas := func(fn func(reporting.ReportIdea) error) error {
		return f.store.Reporting.EachReportIdea(t.Context(), filter, fn)
	}
	meta.BaseURL, meta.Generated = baseURL, time.Now()
	if format == "pdf" {
		meta.Campaign = &reporting.ReportFigures{Visitors: 4321, Contributors: 765, Countries: 43}
	}
	if err := reports.Formats[format].Write(&buf, ideas, meta); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

// textColumns are the columns that hold free text, neutralised in
// spreadsheets.
var textColumns = map[string]bool{"title": true, "url": true, "challenge": true, "category": true, "tags": true,
	"status": true, "author": true, "author_country": true, "response": true, "description": true}

// compareRows checks a parsed report, header first, against the database.
// cell turns a column's expected text into what the format shows.
func compareRows(t *testing.T, f fixture, got [][]string, cell func(col, want string) string) {
	t.Helper()
	if len(got) == 0 || !slices.Equal(got[0], reports.Columns) {
		t.Fatalf("header = %q, want %q", got[:min(1, len(got))], reports.Columns)
	}
	want := f.expected(t)
	var ids []string
	for _, row := range got[1:] {
		ids = append(ids, row[0])
		exp, ok := want[row[0]]
		if !ok {
			t.Errorf("row %q is not a visible idea", row)
			continue
		}
		for k, col := range reports.Columns {
			w := cell(col, exp[k])
			if k >= len(row) && w == "" {
				continue // readers drop empty cells at a row's end
			}
			if k >= len(row) || row[k] != w {
				t.Errorf("idea %s, %s = %q, want %q", row[0], col, at(row, k), w)
			}
		}
	}
	var wantIDs []string
	for _, id := range f.visible {
		wantIDs = append(wantIDs, strconv.FormatInt(id, 10))
	}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("ideas %v, want %v (visible, by id; hidden and merged left out)", ids, wantIDs)
	}
}

func at(row []string, k int) string {
	if k < len(row) {
		return row[k]
	}
	return ""
}

func spreadsheetCell(col, want string) string {
	if textColumns[col] {
		return reports.Neutralize(want)
	}
	return want
}

func TestCSV(t *testing.T) {
	f := seed(t)
	out := f.export(t, "csv", ideas.IdeaFilter{})
	if !bytes.HasPrefix(out, []byte("\xEF\xBB\xBF")) {
		t.Errorf("no UTF-8 byte-order mark")
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte("\xEF\xBB\xBF"))))
	r.FieldsPerRecord = len(reports.Columns)
	rows, err := r.ReadAll()
	check(t, err)
	compareRows(t, f, rows, spreadsheetCell)
	for _, formula := range []string{"'=SUM(A1) of all good ideas", "'+1 cup holder per seat", "'-2 kg lighter doors", "'@x mention the designers"} {
		if !bytes.Contains(out, []byte(formula)) {
			t.Errorf("%q not neutralised", formula)
		}
	}
}

func TestXLSX(t *testing.T) {
	f := seed(t)
	out := f.export(t, "xlsx", ideas.IdeaFilter{})
	x, err := excelize.OpenReader(bytes.NewReader(out))
	check(t, err)
	defer func() { _ = x.Close() }() // read only: closing loses nothing
	rows, err := x.GetRows("Ideas")
	check(t, err)
	compareRows(t, f, rows, func(col, want string) string {
		switch {
		case textColumns[col]:
			return reports.Neutralize(want)
		case (col == "created_at" || col == "status_changed_at") && want != "":
			tm, err := time.Parse(time.RFC3339, want)
			check(t, err)
			return tm.Format("2006-01-02 15:04:05")
		}
		return want
	})
	// Numbers and dates are typed: their raw values are numbers.
	for _, cell := range []string{"A2", "J2", "K2", "L2", "M2", "N2"} {
		raw, err := x.GetCellValue("Ideas", cell, excelize.Options{RawCellValue: true})
		check(t, err)
		if _, err := strconv.ParseFloat(raw, 64); err != nil {
			t.Errorf("%s = %q, want a number", cell, raw)
		}
	}
	panes, err := x.GetPanes("Ideas")
	check(t, err)
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v", panes)
	}
	tables, err := x.GetTables("Ideas")
	check(t, err)
	if want := "A1:P" + strconv.Itoa(len(f.visible)+1); len(tables) != 1 || tables[0].Range != want {
		t.Errorf("tables = %+v, want one (with its autofilter) over %s", tables, want)
	}
}

func TestJSON(t *testing.T) {
	f := seed(t)
	out := f.export(t, "json", ideas.IdeaFilter{})
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	rows := [][]string{reports.Columns}
	tok := func() json.Token {
		t.Helper()
		tk, err := dec.Token()
		check(t, err)
		return tk
	}
	if tok() != json.Delim('[') {
		t.Fatal("not an array")
	}
	for dec.More() {
		if tok() != json.Delim('{') {
			t.Fatal("not an object")
		}
		var row []string
		for k := 0; dec.More(); k++ {
			key := tok()
			if k >= len(reports.Columns) || key != reports.Columns[k] {
				t.Fatalf("key %d = %v, want the columns in order %v", k, key, reports.Columns)
			}
			switch v := tok().(type) {
			case string:
				row = append(row, v)
			case json.Number:
				if !slices.Contains([]string{"id", "votes", "comments", "followers"}, key.(string)) {
					t.Errorf("%s is a number", key)
				}
				row = append(row, v.String())
			case nil:
				row = append(row, "")
			default:
				t.Fatalf("%s = %v (%T)", key, v, v)
			}
		}
		if len(row) != len(reports.Columns) {
			t.Fatalf("%d keys, want %d", len(row), len(reports.Columns))
		}
		tok()
		rows = append(rows, row)
	}
	tok()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		t.Errorf("data after the array: %v", err)
	}
	compareRows(t, f, rows, func(_, want string) string { return want })
}

func TestPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		testutil.Skip(t, "the PDF test needs pdftotext: apt-get install poppler-utils")
	}
	f := seed(t)
	out := f.export(t, "pdf", ideas.IdeaFilter{})
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(out)
	raw, err := cmd.Output()
	check(t, err)
	got := flat(string(raw))
	want := []string{"Idea report", "Filters: q: ação", "Ideas by status", "Top 8 ideas by votes",
		"4,321 765 43 Unique visitors Contributors Countries",
		"Ótimo! We'll build it, \"soon\".", "accepted", "under review"}
	for _, id := range f.visible {
		card, err := f.store.Ideas.IdeaCardByID(t.Context(), id)
		check(t, err)
		want = append(want, card.Title, i18n.N("en", "%d votes", card.VoteCount), card.AuthorName, markdown.PlainText(card.Body))
	}
	for _, w := range want {
		if !strings.Contains(got, flat(w)) {
			t.Errorf("%q not in the PDF's text:\n%s", flat(w), got)
		}
	}
	for _, absent := range []string{f.hidden, f.merged} {
		if strings.Contains(got, absent) {
			t.Errorf("%q is in the PDF", absent)
		}
	}
}

// flat keeps what a PDF's text can be compared on: words of the fonts'
// characters (no emoji) separated by single spaces.
func flat(s string) string {
	s = strings.Map(func(r rune) rune {
		if r > 0xFFFF || (r >= 0x2600 && r <= 0x27BF) || r == 0xFE0F {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func TestNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+1", "'+1"},
		{"-2", "'-2"},
		{"@x", "'@x"},
		{"\tcmd", "'\tcmd"},
		{"\rcmd", "'\rcmd"},
		{"", ""},
		{"plain", "plain"},
		{"a=b", "a=b"},
		{"ação", "ação"},
		{"'quoted", "'quoted"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := reports.Neutralize(tt.in); got != tt.want {
				t.Errorf("Neutralize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFilterNarrowsEveryFormat(t *testing.T) {
	f := seed(t)
	only := ideas.IdeaFilter{Query: "garrafas"}
	for _, format := range []string{"csv", "json", "xlsx", "pdf"} {
		t.Run(format, func(t *testing.T) {
			out := f.export(t, format, only)
			if len(out) == 0 {
				t.Fatal("empty")
			}
			if format == "csv" || format == "json" {
				if !bytes.Contains(out, []byte("Bancos de garrafas")) || bytes.Contains(out, []byte("cup holder")) {
					t.Errorf("the search did not narrow the report:\n%s", out)
				}
			}
		})
	}
}

func TestCommentsCSV(t *testing.T) {
	f := seed(t)
	var buf bytes.Buffer
	err := reports.CommentsCSV(&buf, func(fn func(reporting.ReportComment) error) error {
		return f.store.Reporting.EachReportComment(t.Context(), ideas.IdeaFilter{}, fn)
	})
	check(t, err)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")))).ReadAll()
	check(t, err)
	if len(rows) != 2 || !slices.Equal(rows[0], reports.CommentColumns) {
		t.Fatalf("rows = %q", rows)
	}
	row := rows[1]
	if row[0] != strconv.FormatInt(f.visible[1], 10) || row[2] != "" || row[3] != "Admin" || row[4] != "FR" || row[6] != "Très bien, merci 👍" {
		t.Errorf("comment row = %q", row)
	}
}

// TestRowFormatsStream checks that CSV, JSON and XLSX send their bytes as
// the ideas come, not when the report is complete: by the last of 20,000
// ideas, most of the file is already out.
func TestRowFormatsStream(t *testing.T) {
	const n = 20_000
	for _, format := range []string{"csv", "json", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			var out countingWriter
			var before int64 // bytes out when the last idea is handed over
			ideas := func(fn func(reporting.ReportIdea) error) error {
				for k := range n {
					if k == n-1 {
						before = int64(out)
					}
					i := reporting.ReportIdea{ID: int64(k + 1), Title: fmt.Sprintf("Idea %d with a title", k), Status: "new",
						Description: strings.Repeat("A longer description of the idea. ", 8), CreatedAt: time.Now()}
					if err := fn(i); err != nil {
						return err
					}
				}
				return nil
			}
			check(t, reports.Formats[format].Write(&out, ideas, reports.Meta{}))
			if before < int64(out)/2 {
				t.Errorf("%d of %d bytes were out before the last idea; want the file to stream", before, out)
			}
		})
	}
}

// TestPDFInTheReadersLanguage writes the PDF in Brazilian Portuguese: its
// headings, the status names, the counts' words and the numbers (4.321)
// are Portuguese, as the sponsor who asked for it reads them.
func TestPDFInTheReadersLanguage(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		testutil.Skip(t, "the PDF test needs pdftotext: apt-get install poppler-utils")
	}
	f := seed(t)
	status := map[string]string{"accepted": "Aceita-x", "under_review": "Em análise-x"}
	out := f.exportIn(t, "pdf", ideas.IdeaFilter{}, reports.Meta{Locale: "pt-BR",
		Filters:    [][2]string{{i18n.T("pt-BR", "Search"), "ação"}},
		StatusName: func(s string) string { return cmp.Or(status[s], s) }})
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(out)
	raw, err := cmd.Output()
	check(t, err)
	got := flat(string(raw))
	for _, w := range []string{i18n.T("pt-BR", "Idea report"), i18n.T("pt-BR", "Ideas by status"),
		i18n.N("pt-BR", "Top %d ideas by votes", 8), "4.321 765 43", i18n.T("pt-BR", "Unique visitors"),
		"Aceita-x", "Em análise-x", i18n.T("pt-BR", "Filters: %s", i18n.T("pt-BR", "Search")+": ação")} {
		if !strings.Contains(got, flat(w)) {
			t.Errorf("%q not in the PDF's text:\n%s", flat(w), got)
		}
	}
	for _, english := range []string{"Idea report", "Ideas by status", "Unique visitors", "Official response:"} {
		if strings.Contains(got, english) {
			t.Errorf("%q, in English, is in the Portuguese PDF", english)
		}
	}
}
