package ideas_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

var newestMatchesFirst = regexp.MustCompile(`SCAN ideas_search VIRTUAL TABLE INDEX \d+:DESC\n\s*SEARCH ideas USING INTEGER PRIMARY KEY`)

// TestSearchUsesTheIndex asks SQLite how it would run a search, in every
// sort and under each filter: the full-text index must find the ideas,
// never a scan of the whole ideas table. (PostgreSQL's plans depend on
// the data's statistics, so an empty test table says nothing about them;
// BenchmarkSearch measures them on 100,000 ideas.)
func TestSearchUsesTheIndex(t *testing.T) {
	store := testutil.Store(t, "sqlite")
	filters := map[string]ideas.IdeaFilter{
		"none":      {},
		"challenge": {ChallengeID: 1},
		"status":    {Status: ideas.StatusAccepted},
		"tag":       {TagID: 1},
	}
	for name, f := range filters {
		f.Query = `solar "roof" cells`
		for _, sort := range ideas.SortsFor(f.Query) {
			f.Sort = sort
			t.Run(fmt.Sprintf("%s/%s", name, sort), func(t *testing.T) {
				all := queryPlan(t, store, f)
				if !strings.Contains(all, "ideas_search VIRTUAL TABLE INDEX") || strings.Contains(all, "SCAN ideas\n") || strings.HasSuffix(all, "SCAN ideas") {
					t.Errorf("the search does not go through the full-text index:\n%s", all)
				}
				// By relevance, the newest matches are read from the index
				// in order, each looked up by id; only the page is sorted.
				if sort == ideas.SortRelevance && (!newestMatchesFirst.MatchString(all) ||
					!strings.Contains(all, "SEARCH ideas USING INTEGER PRIMARY KEY") || strings.Count(all, "TEMP B-TREE") > 1) {
					t.Errorf("the search by relevance does not start from the newest matches:\n%s", all)
				}
			})
		}
	}
}
