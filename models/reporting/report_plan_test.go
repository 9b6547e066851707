package reporting_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models/reporting"
	"github.com/ideario/ideario/testutil"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// sqlRecorder is a GORM logger that keeps every statement run.
type sqlRecorder struct {
	logger.Interface
	sql []string
}

func (r *sqlRecorder) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	s, _ := fc()
	r.sql = append(r.sql, s)
}

// TestReportQueriesUseIndexes asks SQLite how it runs each query of the
// dashboard: none may read a whole table of ideas, votes, comments or
// people, since these grow with the campaign; the range is found by index.
func TestReportQueriesUseIndexes(t *testing.T) {
	store := testutil.Store(t, "sqlite")
	rec := &sqlRecorder{Interface: logger.Discard}
	recording := *store
	recording.DB = store.DB.Session(&gorm.Session{Logger: rec})
	today := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)
	for _, f := range []reporting.ReportFilter{
		{From: today.AddDate(0, 0, -89), To: today},
		{From: today.AddDate(0, 0, -89), To: today, ChallengeID: 1},
	} {
		if _, err := recording.Reporting.ReportStats(t.Context(), f); err != nil {
			t.Fatal(err)
		}
	}
	if len(rec.sql) < 20 {
		t.Fatalf("only %d statements recorded", len(rec.sql))
	}
	fullScan := regexp.MustCompile(`SCAN (ideas|votes|comments|users)\b( |$)`)
	for _, q := range rec.sql {
		if !strings.HasPrefix(q, "SELECT") {
			continue
		}
		var rows []struct{ Detail string }
		if err := store.DB.Raw("EXPLAIN QUERY PLAN " + q).Scan(&rows).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var plan []string
		for _, r := range rows {
			plan = append(plan, r.Detail)
		}
		all := strings.Join(plan, "\n")
		if fullScan.MatchString(all) {
			t.Errorf("a report query reads a whole table:\n%s\n%s", q, all)
		}
	}
}
