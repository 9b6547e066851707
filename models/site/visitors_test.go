package site_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestVisitors(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		yesterday, err := store.Site.VisitorSalt(ctx, "2026-03-17")
		testutil.IsErr(t, "yesterday's salt", err, nil)
		testutil.Equal(t, "salt length", len(yesterday), 64)
		again, err := store.Site.VisitorSalt(ctx, "2026-03-17")
		testutil.IsErr(t, "same day", err, nil)
		testutil.Equal(t, "the day keeps its salt", again, yesterday)

		today, err := store.Site.VisitorSalt(ctx, "2026-03-18")
		testutil.IsErr(t, "today's salt", err, nil)
		if today == yesterday {
			t.Error("a new day got the same salt")
		}
		var salts int64
		testutil.IsErr(t, "count", store.DB.Table("visitor_salts").Where("day = ?", "2026-03-17").Count(&salts).Error, nil)
		testutil.Equal(t, "yesterday's salts left", salts, 0)

		for _, v := range []struct{ day, who string }{
			{"2026-03-17", "aa"}, {"2026-03-18", "aa"}, {"2026-03-18", "aa"}, {"2026-03-18", "bb"}, {"2026-03-19", "cc"},
		} {
			testutil.IsErr(t, "record", store.Site.RecordVisitor(ctx, v.day, v.who), nil)
		}
		counts, err := store.Site.VisitorCounts(ctx, "2026-03-17", "2026-03-18")
		testutil.IsErr(t, "counts", err, nil)
		testutil.Equal(t, "days", len(counts), 2)
		testutil.Equal(t, "the 17th", counts["2026-03-17"], 1)
		testutil.Equal(t, "the 18th, one visitor twice", counts["2026-03-18"], 2)
	})
}
