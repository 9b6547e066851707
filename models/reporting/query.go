package reporting

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ideario/ideario/models/ideas"
)

// CheckQuery refuses filters a report cannot read: dates must be
// YYYY-MM-DD, the status one of the statuses and the sort one of the sorts
// (none: by id). Unlike the idea list, a report is not silently widened.
func CheckQuery(q ideas.ListQuery) error {
	for _, d := range []struct{ name, value string }{{"from", q.From}, {"to", q.To}} {
		if _, err := time.Parse(time.DateOnly, d.value); d.value != "" && err != nil {
			return fmt.Errorf("%s must be a date as YYYY-MM-DD, not %q", d.name, d.value)
		}
	}
	if q.Status != "" && !slices.Contains(ideas.Statuses, q.Status) {
		return fmt.Errorf("status must be one of %s, not %q", strings.Join(ideas.Statuses, ", "), q.Status)
	}
	if q.Sort != "" && !slices.Contains(ideas.Sorts, q.Sort) {
		return fmt.Errorf("sort must be one of %s, not %q", strings.Join(ideas.Sorts, ", "), q.Sort)
	}
	return nil
}

// Filter checks a report's filters and resolves them. empty says that a
// filter names nothing (an unknown challenge, category or tag): the report
// then has no ideas. The web and the command line share it.
func (s *Store) Filter(ctx context.Context, q ideas.ListQuery) (f ideas.IdeaFilter, empty bool, err error) {
	if err := CheckQuery(q); err != nil {
		return f, false, err
	}
	f, err = ideas.Of(s.Store).Resolve(ctx, q)
	if errors.Is(err, ideas.ErrUnknownFilter) {
		return f, true, nil
	}
	return f, false, err
}

// FiguresOf are the campaign's figures for a PDF report of the ideas f
// selects: in the report's challenge, from its first day (or the start) to
// its last (or today).
func (s *Store) FiguresOf(ctx context.Context, f ideas.IdeaFilter, now time.Time) (*ReportFigures, error) {
	rf := ReportFilter{ChallengeID: f.ChallengeID, From: f.From, To: now}
	if !f.To.IsZero() {
		rf.To = f.To.AddDate(0, 0, -1) // the filter's To is the midnight after its last day
	}
	fg, err := s.CampaignFigures(ctx, rf)
	return &fg, err
}
