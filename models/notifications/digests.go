package notifications

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Period is the span a digest gathers: a day or an ISO week, in UTC,
// from Start (included) to End (not).
type Period struct {
	Name       string // ScopeDaily or ScopeWeekly
	Start, End time.Time
}

// ErrPeriod is a digest period other than daily and weekly.
var ErrPeriod = errors.New("notifications: the period is daily or weekly")

// LastPeriod is the last whole period of that name before now: yesterday,
// or last week from Monday to Monday.
func LastPeriod(name string, now time.Time) (Period, error) {
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch name {
	case ScopeDaily:
		return Period{Name: name, Start: day.AddDate(0, 0, -1), End: day}, nil
	case ScopeWeekly:
		end := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7)) // back to Monday
		return Period{Name: name, Start: end.AddDate(0, 0, -7), End: end}, nil
	}
	return Period{}, ErrPeriod
}

// TopIdea is one of a challenge's most supported ideas of a period.
type TopIdea struct {
	ID          int64
	Title       string
	Slug        string
	ChallengeID int64
	Supports    int64 // new in the period
}

// topIdeasMax is how many top ideas a digest lists.
const topIdeasMax = 5

// ComposeDigest turns what a person's digest holds into its mail, queued
// in tx, the transaction that records the digest as sent.
type ComposeDigest func(tx *gorm.DB, to Reader, p Period, ns []Notification, top []TopIdea) error

// DigestRun sends one period's digests. The top ideas of a challenge are
// read once per run, not once per follower.
type DigestRun struct {
	s   *Store
	p   Period
	mu  sync.Mutex
	top map[int64][]TopIdea
}

// Digests starts sending the digests of p.
func (s *Store) Digests(p Period) *DigestRun {
	return &DigestRun{s: s, p: p, top: map[int64][]TopIdea{}}
}

// digestReadersSQL finds who may have a digest due: people with
// notifications waiting for it, and followers of a challenge who want its
// top ideas in it, less those who had it. The arguments: the period's
// name, its end, its name (the default of top ideas is weekly), its name,
// then its name and start.
const digestReadersSQL = `SELECT r.user_id FROM (
		SELECT user_id FROM notifications WHERE delivery = ? AND mailed_at IS NULL AND created_at < ?
		UNION SELECT cf.user_id FROM challenge_follows cf
			LEFT JOIN notification_prefs p ON p.user_id = cf.user_id AND p.kind = 'top_ideas'
			WHERE COALESCE(p.delivery, 'weekly') = ?
	) r WHERE NOT EXISTS (SELECT 1 FROM digests d WHERE d.user_id = r.user_id AND d.period = ? AND d.period_start = ?)
	ORDER BY r.user_id`

// Readers lists the people whose digest of the period may be due.
func (r *DigestRun) Readers(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := r.s.DB.WithContext(ctx).Raw(digestReadersSQL, r.p.Name, r.p.End, r.p.Name, r.p.Name, r.p.Start).Scan(&ids).Error
	return ids, store.MapErr("digest readers", err)
}

// digestRow records a person's digest of a period: written in the
// transaction that queues its mail, it makes the digest go once.
type digestRow struct {
	UserID      int64
	Period      string
	PeriodStart time.Time
	Items       int
	SentAt      time.Time
}

func (digestRow) TableName() string { return "digests" }

// Send sends a person's digest of the period, exactly once: the digest's
// row, the notifications it gathers marked as mailed, and its mail are
// written in one transaction, which a second sender (another instance, or
// a run started again after a crash) finds done. A digest with nothing in
// it is recorded and sends nothing. sent tells whether a mail was queued.
func (r *DigestRun) Send(ctx context.Context, userID int64, compose ComposeDigest) (sent bool, err error) {
	top, err := r.topFor(ctx, userID)
	if err != nil {
		return false, err
	}
	err = r.s.Tx(ctx, store.Unseen, func(tx *gorm.DB) error {
		now := time.Now().UTC()
		row := digestRow{UserID: userID, Period: r.p.Name, PeriodStart: r.p.Start, SentAt: now}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error // sent already
		}
		var ns []Notification
		if err := tx.Where("user_id = ? AND delivery = ? AND mailed_at IS NULL AND created_at < ?", userID, r.p.Name, r.p.End).
			Order("id").Find(&ns).Error; err != nil {
			return err
		}
		if len(ns) == 0 && len(top) == 0 {
			return nil
		}
		ids := make([]int64, len(ns))
		for i, n := range ns {
			ids[i] = n.ID
		}
		if len(ids) > 0 {
			if err := tx.Model(&Notification{}).Where("id IN ?", ids).Update("mailed_at", now).Error; err != nil {
				return err
			}
		}
		if err := tx.Model(&digestRow{}).Where("user_id = ? AND period = ? AND period_start = ?", userID, r.p.Name, r.p.Start).
			Update("items", len(ns)+len(top)).Error; err != nil {
			return err
		}
		var to Reader
		if err := tx.Table("users").Select("id, name, email, locale, verified_at").Where("id = ?", userID).Take(&to).Error; err != nil {
			return err
		}
		if to.VerifiedAt == nil || to.Email == "" {
			return nil
		}
		sent = true
		return compose(tx, to, r.p, ns, top)
	})
	return sent, store.MapErr("send digest", err)
}

// topFor is the period's top ideas in the challenges a person follows,
// when they want them in this period's digest.
func (r *DigestRun) topFor(ctx context.Context, userID int64) ([]TopIdea, error) {
	db := r.s.DB.WithContext(ctx)
	var want string
	if err := db.Raw("SELECT delivery FROM notification_prefs WHERE user_id = ? AND kind = ?", userID, KindTopIdeas).
		Scan(&want).Error; err != nil {
		return nil, store.MapErr("digest top ideas", err)
	}
	if want == "" {
		want = Default(KindTopIdeas)
	}
	if want != r.p.Name {
		return nil, nil
	}
	var followed []int64
	if err := db.Raw("SELECT challenge_id FROM challenge_follows WHERE user_id = ? ORDER BY challenge_id", userID).
		Scan(&followed).Error; err != nil {
		return nil, store.MapErr("digest top ideas", err)
	}
	var top []TopIdea
	for _, c := range followed {
		ideas, err := r.challengeTop(ctx, c)
		if err != nil {
			return nil, err
		}
		top = append(top, ideas...)
	}
	slices.SortStableFunc(top, func(a, b TopIdea) int {
		if a.Supports != b.Supports {
			return int(b.Supports - a.Supports)
		}
		return int(a.ID - b.ID)
	})
	return top[:min(len(top), topIdeasMax)], nil
}

// challengeTopSQL lists a challenge's visible ideas by the supports they
// won in a period: the challenge, the period's start and end, how many.
const challengeTopSQL = `SELECT ideas.id, ideas.title, ideas.slug, ideas.challenge_id, COUNT(*) AS supports
	FROM ideas JOIN votes ON votes.idea_id = ideas.id AND votes.created_at >= ? AND votes.created_at < ?
	WHERE ideas.challenge_id = ? AND ideas.hidden = FALSE AND ideas.merged_into_id IS NULL
	GROUP BY ideas.id, ideas.title, ideas.slug, ideas.challenge_id
	ORDER BY supports DESC, ideas.id LIMIT ?`

func (r *DigestRun) challengeTop(ctx context.Context, challengeID int64) ([]TopIdea, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if top, ok := r.top[challengeID]; ok {
		return top, nil
	}
	var top []TopIdea
	err := r.s.DB.WithContext(ctx).Raw(challengeTopSQL, r.p.Start, r.p.End, challengeID, topIdeasMax).Scan(&top).Error
	if err != nil {
		return nil, store.MapErr("challenge top ideas", err)
	}
	r.top[challengeID] = top
	return top, nil
}
