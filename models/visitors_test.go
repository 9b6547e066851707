package models_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestVisitors(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		yesterday, err := store.VisitorSalt(ctx, "2026-03-17")
		isErr(t, "yesterday's salt", err, nil)
		equal(t, "salt length", len(yesterday), 64)
		again, err := store.VisitorSalt(ctx, "2026-03-17")
		isErr(t, "same day", err, nil)
		equal(t, "the day keeps its salt", again, yesterday)

		today, err := store.VisitorSalt(ctx, "2026-03-18")
		isErr(t, "today's salt", err, nil)
		if today == yesterday {
			t.Error("a new day got the same salt")
		}
		var salts int64
		isErr(t, "count", store.DB.Table("visitor_salts").Where("day = ?", "2026-03-17").Count(&salts).Error, nil)
		equal(t, "yesterday's salts left", salts, 0)

		for _, v := range []struct{ day, who string }{
			{"2026-03-17", "aa"}, {"2026-03-18", "aa"}, {"2026-03-18", "aa"}, {"2026-03-18", "bb"}, {"2026-03-19", "cc"},
		} {
			isErr(t, "record", store.RecordVisitor(ctx, v.day, v.who), nil)
		}
		counts, err := store.VisitorCounts(ctx, "2026-03-17", "2026-03-18")
		isErr(t, "counts", err, nil)
		equal(t, "days", len(counts), 2)
		equal(t, "the 17th", counts["2026-03-17"], 1)
		equal(t, "the 18th, one visitor twice", counts["2026-03-18"], 2)
	})
}
