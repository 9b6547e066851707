package ratelimit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// A Limit bounds how often one subject (an account, an address) may do
// something: at most Max times in Window. The time past Max is refused and
// the subject must wait Wait; each time it goes over again, it waits twice
// as long as the time before, up to MaxWait. A subject that stays out of
// trouble for a day starts again from Wait.
//
// The counts are kept in the database (table rate_limits), so that every
// instance of the site sees the same ones and a restart forgets nothing.
// Subjects are stored as a hash: the table holds no addresses or emails.
type Limit struct {
	Name    string // what is limited, e.g. "login-account"
	Max     int
	Window  time.Duration
	Wait    time.Duration
	MaxWait time.Duration
}

// ErrLimited is what a *Limited error is: errors.Is(err, ErrLimited).
var ErrLimited = store.Refusal("models: rate limited")

// Limited refuses an action for now: the subject went over a Limit.
type Limited struct {
	Limit      string
	RetryAfter time.Duration
}

func (e *Limited) Error() string {
	return fmt.Sprintf("rate limit %s: retry after %s", e.Limit, e.RetryAfter.Round(time.Second))
}

// Unwrap makes a *Limited match ErrLimited, and a refusal (see store.MapErr).
func (e *Limited) Unwrap() error { return ErrLimited }

// strikeMemory is how long a subject's past waits count towards a longer
// one.
const strikeMemory = 24 * time.Hour

// CheckLimit refuses with a *Limited error while subject must wait under
// l; it counts nothing. Log-in uses it before checking a password, so that
// a password guessed during the wait is not even tried.
func (s *Store) CheckLimit(ctx context.Context, l Limit, subject string) error {
	var until []int64
	err := s.DB.WithContext(ctx).Raw(`SELECT blocked_until FROM rate_limits WHERE bucket = ? AND subject = ? AND blocked_until IS NOT NULL`,
		l.Name, limitKey(subject)).Scan(&until).Error
	if err != nil {
		return fmt.Errorf("models: check limit: %w", err)
	}
	now := time.Now()
	if len(until) == 1 && until[0] > now.UnixMilli() {
		return &Limited{Limit: l.Name, RetryAfter: time.UnixMilli(until[0]).Sub(now)}
	}
	return nil
}

// CountLimit counts one time of subject under l, and refuses with a
// *Limited error when this time is one too many or the subject must still
// wait. The count is kept either way.
func (s *Store) CountLimit(ctx context.Context, l Limit, subject string) error {
	var limited error
	err := s.Tx(ctx, store.Unseen, func(tx *gorm.DB) error {
		var err error
		limited, err = CountIn(GormLimits{tx}, l, subject, time.Now())
		return err
	})
	if err != nil {
		return fmt.Errorf("models: count limit: %w", err)
	}
	return limited
}

// ForgetLimit clears what l counted of subject: a person who logs in
// after mistyping a password starts again from nothing.
func (s *Store) ForgetLimit(ctx context.Context, l Limit, subject string) error {
	err := s.Writes(ctx, store.Unseen).Exec(`DELETE FROM rate_limits WHERE bucket = ? AND subject = ?`, l.Name, limitKey(subject)).Error
	if err != nil {
		return fmt.Errorf("models: forget limit: %w", err)
	}
	return nil
}

// PruneLimits deletes the counts that can no longer matter: nothing
// counted for longer than strikeMemory and no wait under way.
func (s *Store) PruneLimits(ctx context.Context) (int64, error) {
	now := time.Now()
	res := s.Writes(ctx, store.Unseen).Exec(`DELETE FROM rate_limits WHERE updated_at < ? AND (blocked_until IS NULL OR blocked_until < ?)`,
		now.Add(-strikeMemory).UnixMilli(), now.UnixMilli())
	if res.Error != nil {
		return 0, fmt.Errorf("models: prune limits: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// The two statements of a count: the upsert that counts and reads, and
// the update that starts a wait. While a wait is under way nothing
// changes; a window that has passed starts again at this time.
const (
	LimitCountSQL = `INSERT INTO rate_limits AS r (bucket, subject, window_start, hits, strikes, updated_at)
		VALUES (?, ?, ?, 1, 0, ?)
		ON CONFLICT (bucket, subject) DO UPDATE SET
			hits = CASE WHEN r.blocked_until > ? THEN r.hits WHEN r.window_start <= ? THEN 1 ELSE r.hits + 1 END,
			window_start = CASE WHEN r.blocked_until > ? THEN r.window_start WHEN r.window_start <= ? THEN ? ELSE r.window_start END,
			updated_at = ?
		RETURNING hits, strikes, blocked_until`
	LimitWaitSQL = `UPDATE rate_limits SET blocked_until = ?, strikes = ?, hits = 0, window_start = ? WHERE bucket = ? AND subject = ?`
)

// LimitStatements runs a count's two statements in a transaction: through
// GORM (gormLimits), or prepared, in the vote writer's transactions.
type LimitStatements interface {
	Count(args ...any) *sql.Row
	Wait(args ...any) error
}

// GormLimits runs the statements on a GORM transaction.
type GormLimits struct{ tx *gorm.DB }

func (g GormLimits) Count(args ...any) *sql.Row { return g.tx.Raw(LimitCountSQL, args...).Row() }
func (g GormLimits) Wait(args ...any) error     { return g.tx.Exec(LimitWaitSQL, args...).Error }

// CountIn counts one time in a transaction, which it leaves holding
// the subject's row (PostgreSQL locks it at the upsert), so that the count
// and the wait it may start are one step. It returns the refusal, if any,
// apart from the error, so that the transaction commits the count that
// refused.
//
// Times are kept as Unix milliseconds: integers compare the same on both
// engines and need no parsing.
func CountIn(q LimitStatements, l Limit, subject string, now time.Time) (refused error, err error) {
	var (
		hits, strikes int
		blockedUntil  sql.NullInt64
	)
	if err := q.Count(CountArgs(l, subject, now)...).Scan(&hits, &strikes, &blockedUntil); err != nil {
		return nil, err
	}
	wait, refused := Judge(l, subject, now, hits, strikes, blockedUntil)
	if wait != nil {
		if err := q.Wait(wait...); err != nil {
			return nil, err
		}
	}
	return refused, nil
}

// CountArgs are the arguments of LimitCountSQL for one count of l, for a
// caller that sends the statements itself (the votes' batches on
// PostgreSQL, several at once); Judge reads its answer.
func CountArgs(l Limit, subject string, now time.Time) []any {
	ms, edge := now.UnixMilli(), now.Add(-l.Window).UnixMilli()
	return []any{l.Name, limitKey(subject), ms, ms, ms, edge, ms, edge, ms, ms}
}

// Judge tells from what a count read the arguments of LimitWaitSQL when
// a wait starts (nil when none does), and whether the count refuses.
func Judge(l Limit, subject string, now time.Time, hits, strikes int, blockedUntil sql.NullInt64) (wait []any, refused error) {
	ms := now.UnixMilli()
	if blockedUntil.Valid && blockedUntil.Int64 > ms {
		return nil, &Limited{Limit: l.Name, RetryAfter: time.Duration(blockedUntil.Int64-ms) * time.Millisecond}
	}
	if hits <= l.Max {
		return nil, nil
	}
	if blockedUntil.Valid && ms-blockedUntil.Int64 > strikeMemory.Milliseconds() {
		strikes = 0
	}
	d := waitAfter(l, strikes)
	return []any{now.Add(d).UnixMilli(), strikes + 1, ms, l.Name, limitKey(subject)}, &Limited{Limit: l.Name, RetryAfter: d}
}

// waitAfter is the wait that the strikes-th time over l costs: Wait,
// doubled for every strike before, at most MaxWait.
func waitAfter(l Limit, strikes int) time.Duration {
	wait := max(l.Wait, time.Second)
	for range min(strikes, 40) {
		if wait >= l.MaxWait {
			break
		}
		wait *= 2
	}
	return min(wait, max(l.MaxWait, l.Wait))
}

// limitKey is the stored form of a subject: a hash, so that the table
// keeps no email or address, and of fixed length, whatever was typed.
func limitKey(subject string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(subject))))
	return hex.EncodeToString(sum[:16])
}
