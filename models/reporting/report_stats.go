package reporting

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/site"
	"gorm.io/gorm"
)

// ReportFilter narrows the sponsors' dashboard to one challenge (0 for
// all) and to the days from From to To, both included.
type ReportFilter struct {
	ChallengeID int64
	From, To    time.Time
}

// Weekly tells whether the activity is grouped by week: by day, a range
// longer than about three months makes bars too thin to read.
func (f ReportFilter) Weekly() bool { return f.To.Sub(f.From) > 92*24*time.Hour }

// start and end are the bounds of the range as times: from the first
// day's midnight (UTC) up to, not including, the midnight after the last.
func (f ReportFilter) start() time.Time { return truncDay(f.From) }
func (f ReportFilter) end() time.Time   { return truncDay(f.To).AddDate(0, 0, 1) }

func truncDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Buckets are the days (or the Mondays of the weeks) that the range
// covers, in order, as 'YYYY-MM-DD': the labels of the activity charts.
func (f ReportFilter) Buckets() []string {
	day, end := f.start(), f.end()
	if f.Weekly() {
		day = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	}
	step := map[bool]int{true: 7, false: 1}[f.Weekly()]
	var out []string
	for ; day.Before(end); day = day.AddDate(0, 0, step) {
		out = append(out, day.Format(time.DateOnly))
	}
	return out
}

// ReportFigures are the headline numbers of the dashboard.
type ReportFigures struct {
	Visitors     int64 // unique visitors summed over the days
	Contributors int64 // people who posted, commented or voted
	SignUps      int64
	Ideas        int64
	Votes        int64
	Comments     int64
	Countries    int64 // of the contributors
}

// Count is one labelled number of a breakdown.
type Count struct {
	Key   string // a slug, status or country code; "" for none
	Label string
	N     int64
}

// TopIdea is one line of the top ideas.
type TopIdea struct {
	ID       int64
	Title    string
	Slug     string
	Status   string
	Votes    int64
	Comments int64
}

// URL is the idea's page.
func (i TopIdea) URL() string { return ideas.IdeaPath(i.ID, i.Slug) }

// ReportStats is everything the dashboard shows.
type ReportStats struct {
	Figures ReportFigures
	// Activity maps each series ("ideas", "votes", "comments", "signups",
	// "visitors") to its counts, one per bucket of Buckets.
	Activity     map[string][]int64
	ByStatus     []Count // every status of the funnel, in its order
	ByCategory   []Count
	ByChallenge  []Count
	ByCountry    []Count // the most represented first, at most 15
	TopIdeas     []TopIdea
	Contributors []accounts.Profile // by points in the range, at most 10
}

// FunnelStatuses are the statuses in the order an idea goes through them;
// declined ends the funnel's other branch.
var FunnelStatuses = []string{ideas.StatusNew, ideas.StatusUnderReview, ideas.StatusAccepted, ideas.StatusInProgress, ideas.StatusImplemented, ideas.StatusDeclined}

// reportScope holds the conditions each table is counted under. Every
// scan is by created_at (or by challenge, then created_at), which the
// time indexes of migration 5 and the ideas' challenge indexes serve.
type reportScope struct {
	ctx context.Context
	db  *gorm.DB
	f   ReportFilter
}

// ideas are the visible ideas posted in the range.
func (r reportScope) ideas() *gorm.DB {
	q := r.db.Table("ideas").Where("ideas.hidden = ? AND ideas.merged_into_id IS NULL AND ideas.created_at >= ? AND ideas.created_at < ?",
		false, r.f.start(), r.f.end())
	if r.f.ChallengeID != 0 {
		q = q.Where("ideas.challenge_id = ?", r.f.ChallengeID)
	}
	return q
}

// votes are the votes given in the range, on ideas of the challenge.
func (r reportScope) votes() *gorm.DB {
	q := r.db.Table("votes").Where("votes.created_at >= ? AND votes.created_at < ?", r.f.start(), r.f.end())
	if r.f.ChallengeID != 0 {
		q = q.Where("votes.idea_id IN (SELECT id FROM ideas WHERE challenge_id = ?)", r.f.ChallengeID)
	}
	return q
}

// comments are the visible comments posted in the range.
func (r reportScope) comments() *gorm.DB {
	q := r.db.Table("comments").Where("comments.hidden = ? AND comments.deleted = ? AND comments.created_at >= ? AND comments.created_at < ?",
		false, false, r.f.start(), r.f.end())
	if r.f.ChallengeID != 0 {
		q = q.Where("comments.idea_id IN (SELECT id FROM ideas WHERE challenge_id = ?)", r.f.ChallengeID)
	}
	return q
}

// signUps are the accounts made in the range; a challenge does not narrow
// them, since people sign up to the site.
func (r reportScope) signUps() *gorm.DB {
	return r.db.Table("users").Where("users.created_at >= ? AND users.created_at < ?", r.f.start(), r.f.end())
}

// contributors are the people who posted, commented or voted in scope.
func (r reportScope) contributors() *gorm.DB {
	return r.db.Table("users").Where("users.id IN (?) OR users.id IN (?) OR users.id IN (?)",
		r.ideas().Select("ideas.author_id"), r.comments().Select("comments.author_id"), r.votes().Select("votes.user_id"))
}

// ReportStats gathers the dashboard's numbers for a filter.
func (s *Store) ReportStats(ctx context.Context, f ReportFilter) (*ReportStats, error) {
	r := reportScope{ctx: ctx, db: s.DB.WithContext(ctx), f: f}
	st := &ReportStats{}
	steps := []struct {
		name string
		run  func() error
	}{
		{"figures", func() (err error) { st.Figures, err = s.reportFigures(r); return }},
		{"activity", func() (err error) { st.Activity, err = s.activity(r); return }},
		{"status", func() (err error) { st.ByStatus, err = byStatus(r); return }},
		{"category", func() (err error) { st.ByCategory, err = byCategory(r); return }},
		{"challenge", func() (err error) { st.ByChallenge, err = byChallenge(r); return }},
		{"country", func() (err error) { st.ByCountry, err = byCountry(r); return }},
		{"top ideas", func() (err error) { st.TopIdeas, err = topIdeas(r); return }},
		{"top contributors", func() (err error) { st.Contributors, err = topContributors(r); return }},
	}
	for _, step := range steps {
		if err := step.run(); err != nil {
			return nil, fmt.Errorf("models: report %s: %w", step.name, err)
		}
	}
	return st, nil
}

// CampaignFigures are the dashboard's headline numbers alone, for a
// challenge and a date range.
func (s *Store) CampaignFigures(ctx context.Context, f ReportFilter) (ReportFigures, error) {
	fg, err := s.reportFigures(reportScope{ctx: ctx, db: s.DB.WithContext(ctx), f: f})
	if err != nil {
		return fg, fmt.Errorf("models: campaign figures: %w", err)
	}
	return fg, nil
}

func (s *Store) reportFigures(r reportScope) (ReportFigures, error) {
	var fg ReportFigures
	counts := []struct {
		dst *int64
		q   *gorm.DB
	}{
		{&fg.Ideas, r.ideas()},
		{&fg.Votes, r.votes()},
		{&fg.Comments, r.comments()},
		{&fg.SignUps, r.signUps()},
		{&fg.Contributors, r.contributors()},
		{&fg.Visitors, r.db.Table("visitor_days").Where("day >= ? AND day <= ?", day(r.f.From), day(r.f.To))},
	}
	for _, c := range counts {
		if err := c.q.Count(c.dst).Error; err != nil {
			return fg, err
		}
	}
	err := r.contributors().Where("users.country <> ''").Select("COUNT(DISTINCT users.country)").Scan(&fg.Countries).Error
	return fg, err
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// activity counts each series by bucket; buckets without a row are 0.
func (s *Store) activity(r reportScope) (map[string][]int64, error) {
	buckets := r.f.Buckets()
	index := make(map[string]int, len(buckets))
	for i, b := range buckets {
		index[b] = i
	}
	series := []struct {
		name   string
		q      *gorm.DB
		column string
	}{
		{"ideas", r.ideas(), "ideas.created_at"},
		{"votes", r.votes(), "votes.created_at"},
		{"comments", r.comments(), "comments.created_at"},
		{"signups", r.signUps(), "users.created_at"},
	}
	out := map[string][]int64{}
	for _, sr := range series {
		expr := s.Dialect().TimeBucket(sr.column, r.f.Weekly())
		var rows []struct {
			Bucket string
			N      int64
		}
		if err := sr.q.Select(expr + " AS bucket, COUNT(*) AS n").Group(expr).Scan(&rows).Error; err != nil {
			return nil, err
		}
		out[sr.name] = make([]int64, len(buckets))
		for _, row := range rows {
			if i, ok := index[row.Bucket]; ok {
				out[sr.name][i] += row.N
			}
		}
	}
	visitors, err := site.Of(s.Store).VisitorCounts(r.ctx, day(r.f.From), day(r.f.To))
	if err != nil {
		return nil, err
	}
	out["visitors"] = make([]int64, len(buckets))
	for d, n := range visitors {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			continue
		}
		if r.f.Weekly() {
			t = t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		}
		if i, ok := index[t.Format(time.DateOnly)]; ok {
			out["visitors"][i] += n
		}
	}
	return out, nil
}

func byStatus(r reportScope) ([]Count, error) {
	var rows []Count
	if err := r.ideas().Select("ideas.status AS key, COUNT(*) AS n").Group("ideas.status").Scan(&rows).Error; err != nil {
		return nil, err
	}
	n := map[string]int64{}
	for _, row := range rows {
		n[row.Key] = row.N
	}
	out := make([]Count, len(FunnelStatuses))
	for i, st := range FunnelStatuses {
		out[i] = Count{Key: st, N: n[st]}
	}
	return out, nil
}

func byCategory(r reportScope) ([]Count, error) {
	var rows []Count
	err := r.ideas().Joins("LEFT JOIN categories ON categories.id = ideas.category_id").
		Select("COALESCE(categories.slug, '') AS key, COALESCE(categories.name, '') AS label, COUNT(*) AS n").
		Group("categories.slug, categories.name").Order("n DESC, label").Scan(&rows).Error
	return rows, err
}

func byChallenge(r reportScope) ([]Count, error) {
	var rows []Count
	err := r.ideas().Joins("LEFT JOIN challenges ON challenges.id = ideas.challenge_id").
		Select("COALESCE(challenges.slug, '') AS key, COALESCE(challenges.title, '') AS label, COUNT(*) AS n").
		Group("challenges.slug, challenges.title").Order("n DESC, label").Scan(&rows).Error
	return rows, err
}

func byCountry(r reportScope) ([]Count, error) {
	var rows []Count
	err := r.contributors().Select("users.country AS key, COUNT(*) AS n").
		Group("users.country").Order("n DESC, key").Limit(15).Scan(&rows).Error
	return rows, err
}

func topIdeas(r reportScope) ([]TopIdea, error) {
	var rows []TopIdea
	err := r.ideas().Select("ideas.id, ideas.title, ideas.slug, ideas.status, ideas.vote_count AS votes, ideas.comment_count AS comments").
		Order("ideas.vote_count DESC, ideas.id").Limit(10).Scan(&rows).Error
	return rows, err
}

// reputation is the points earned in the range (the ledger's events),
// on ideas of the challenge.
func (r reportScope) reputation() *gorm.DB {
	q := r.db.Table("reputation_events").Where("reputation_events.created_at >= ? AND reputation_events.created_at < ?",
		r.f.start(), r.f.end())
	if r.f.ChallengeID != 0 {
		q = q.Where("reputation_events.challenge_id = ?", r.f.ChallengeID)
	}
	return q
}

// topContributors ranks people by the reputation points they earned in
// scope (the profile's points, counted over the period), with what they
// wrote and the votes they received beside them.
func topContributors(r reportScope) ([]accounts.Profile, error) {
	type row struct {
		UID int64
		N   int64
	}
	parts := []struct {
		q   *gorm.DB
		uid string
		set func(p *accounts.Profile, n int64)
	}{
		{r.ideas(), "ideas.author_id", func(p *accounts.Profile, n int64) { p.IdeaCount = n }},
		{r.comments(), "comments.author_id", func(p *accounts.Profile, n int64) { p.CommentCount = n }},
		{r.votes().Joins("JOIN ideas ON ideas.id = votes.idea_id"), "ideas.author_id", func(p *accounts.Profile, n int64) { p.VotesReceived = n }},
	}
	var earned []row
	if err := r.reputation().Select("reputation_events.user_id AS uid, SUM(reputation_events.points) AS n").
		Group("reputation_events.user_id").Scan(&earned).Error; err != nil {
		return nil, err
	}
	points := make(map[int64]int64, len(earned))
	for _, e := range earned {
		points[e.UID] = e.N
	}
	byUser := map[int64]*accounts.Profile{}
	for _, part := range parts {
		var rows []row
		if err := part.q.Select(part.uid + " AS uid, COUNT(*) AS n").Group(part.uid).Scan(&rows).Error; err != nil {
			return nil, err
		}
		for _, rw := range rows {
			if byUser[rw.UID] == nil {
				byUser[rw.UID] = &accounts.Profile{User: &accounts.User{ID: rw.UID}}
			}
			part.set(byUser[rw.UID], rw.N)
		}
	}
	list := make([]accounts.Profile, 0, len(byUser))
	for _, p := range byUser {
		p.Points = points[p.User.ID]
		list = append(list, *p)
	}
	slices.SortFunc(list, func(a, b accounts.Profile) int {
		return cmp.Or(cmp.Compare(b.Points, a.Points), cmp.Compare(a.User.ID, b.User.ID))
	})
	list = list[:min(10, len(list))]
	ids := make([]int64, len(list))
	for i, p := range list {
		ids[i] = p.User.ID
	}
	var users []accounts.User
	if len(ids) > 0 {
		if err := r.db.Where("id IN ?", ids).Find(&users).Error; err != nil {
			return nil, err
		}
	}
	found := map[int64]*accounts.User{}
	for i := range users {
		found[users[i].ID] = &users[i]
	}
	for i := range list {
		if u := found[list[i].User.ID]; u != nil {
			list[i].User = u
		}
	}
	return list, nil
}
