package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/reports"
)

func TestExport(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "export.db")
	if out, err := cli(t, db, "seed", "--demo"); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	store, err := models.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	visible, err := store.Reporting.CountReportIdeas(t.Context(), ideas.IdeaFilter{})
	_ = store.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name     string
		args     []string
		wantErr  string
		file     string
		wantRows int64 // CSV rows after the header; -1 to skip
	}{
		{"csv", []string{"--format", "csv", "--out", out("all.csv")}, "", "all.csv", visible},
		{"format from the extension", []string{"--out", out("all.json")}, "", "all.json", -1},
		{"xlsx", []string{"--out", out("all.xlsx")}, "", "all.xlsx", -1},
		{"pdf", []string{"--format", "pdf", "--out", out("report.pdf")}, "", "report.pdf", -1},
		{"unknown challenge gives an empty report", []string{"--challenge", "no-such", "--out", out("none.csv")}, "", "none.csv", 0},
		{"far future gives an empty report", []string{"--from", "2999-01-01", "--out", out("future.csv")}, "", "future.csv", 0},
		{"bad from", []string{"--from", "2026-02-30", "--out", out("bad.csv")}, "from must be a date as YYYY-MM-DD", "", -1},
		{"bad to", []string{"--to", "26/11/2026", "--out", out("bad.csv")}, "to must be a date", "", -1},
		{"bad status", []string{"--status", "great", "--out", out("bad.csv")}, "status must be one of", "", -1},
		{"bad format", []string{"--format", "doc", "--out", out("bad.doc")}, "--format must be", "", -1},
		{"no out", []string{"--format", "csv"}, "--out FILE is required", "", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cli(t, db, append([]string{"export"}, tt.args...)...)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("error %v, output %s", err, got)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			case tt.wantErr != "":
				if _, err := os.Stat(out("bad.csv")); err == nil {
					t.Error("a refused export wrote a file")
				}
				return
			}
			data, err := os.ReadFile(out(tt.file))
			if err != nil || len(data) == 0 {
				t.Fatalf("no report written: %v", err)
			}
			if tt.wantRows >= 0 {
				rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) == 0 || strings.Join(rows[0], ",") != strings.Join(reports.Columns, ",") {
					t.Fatalf("header %q", rows[:min(1, len(rows))])
				}
				if int64(len(rows)-1) != tt.wantRows {
					t.Errorf("%d ideas, want %d", len(rows)-1, tt.wantRows)
				}
			}
		})
	}
}
