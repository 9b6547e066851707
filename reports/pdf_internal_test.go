package reports

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reporting"
)

func TestSummaryKeepsTheTopIdeas(t *testing.T) {
	tests := []struct {
		name  string
		ideas int
	}{{"none", 0}, {"fewer than the top", 7}, {"exactly the top", PDFTop}, {"many more", 1000}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(tt.ideas))) //nolint:gosec // G115: a seed, where any bit pattern will do
			s := summary{byStatus: map[string]int64{}}
			var all []reporting.ReportIdea
			var votes int64
			for k := range tt.ideas {
				i := reporting.ReportIdea{ID: int64(k + 1), Votes: r.IntN(40), Status: ideas.Statuses[k%3],
					Description: strings.Repeat("palavra ", 200)}
				votes += int64(i.Votes)
				all = append(all, i)
				s.add(i)
			}
			slices.SortFunc(all, func(a, b reporting.ReportIdea) int {
				if before(a, b) {
					return -1
				}
				return 1
			})
			got := s.top.sorted()
			if len(got) != min(tt.ideas, PDFTop) {
				t.Fatalf("kept %d ideas, want %d", len(got), min(tt.ideas, PDFTop))
			}
			for k := range got {
				if got[k].ID != all[k].ID {
					t.Fatalf("rank %d = idea %d, want %d", k+1, got[k].ID, all[k].ID)
				}
				if n := len([]rune(got[k].Description)); n > pdfDescription+1 {
					t.Errorf("description of %d characters, want at most %d", n, pdfDescription+1)
				}
			}
			if s.ideas != int64(tt.ideas) || s.votes != votes {
				t.Errorf("ideas %d votes %d, want %d and %d", s.ideas, s.votes, tt.ideas, votes)
			}
		})
	}
}
