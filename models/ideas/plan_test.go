package ideas_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/testutil"
)

// TestEverySortAndFilterUsesAnIndex asks SQLite how it would run each list
// query: every sort, alone and under each filter, must walk an index in
// order, never sort the table in a temporary B-tree or scan it whole.
func TestEverySortAndFilterUsesAnIndex(t *testing.T) {
	store := testutil.Store(t, "sqlite")
	filters := map[string]ideas.IdeaFilter{
		"none":      {},
		"challenge": {ChallengeID: 1},
		"category":  {CategoryID: 1},
		"status":    {Status: ideas.StatusAccepted},
		"tag":       {TagID: 1},
		"author":    {AuthorID: 1},
	}
	for name, f := range filters {
		for _, sort := range ideas.Sorts {
			f.Sort = sort
			t.Run(fmt.Sprintf("%s/%s", name, sort), func(t *testing.T) {
				all := queryPlan(t, store, f)
				if strings.Contains(all, "TEMP B-TREE") || strings.Contains(all, "SCAN ideas") {
					t.Errorf("the list query sorts or scans the whole table:\n%s", all)
				}
				if name == "author" {
					return // the author's own list is short: its index narrows, then sorts
				}
				if !strings.Contains(all, "ideas USING") || !strings.Contains(all, "INDEX ideas_") {
					t.Errorf("the list query does not walk an index of ideas:\n%s", all)
				}
			})
		}
	}
}

// queryPlan is SQLite's plan for the idea list of a filter, a step a line.
func queryPlan(t *testing.T, store *models.Store, f ideas.IdeaFilter) string {
	t.Helper()
	var rows []struct {
		ID, Parent, Notused int
		Detail              string
	}
	if err := store.DB.Raw("EXPLAIN QUERY PLAN " + store.Ideas.ListSQL(f)).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var plan []string
	for _, r := range rows {
		plan = append(plan, r.Detail)
	}
	return strings.Join(plan, "\n")
}
