package notifications

import (
	"context"
	"time"

	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// Reader is the person a mail goes to.
type Reader struct {
	ID         int64
	Name       string
	Email      string
	Locale     string
	VerifiedAt *time.Time
}

// Compose turns one person's notifications into the mail that tells them,
// queued in tx (the transaction that marks them mailed), so that a mail is
// queued exactly when its notifications are marked.
type Compose func(tx *gorm.DB, to Reader, ns []Notification) error

// dueMailSQL picks the notifications to mail now: their person chose mail
// at once, and a moderators' notice waits for its hour to end, to gather
// the hour's events. The arguments: the start of this hour, how many.
const dueMailSQL = `SELECT id FROM notifications
	WHERE delivery = 'now' AND mailed_at IS NULL AND (kind <> 'queue' OR created_at < ?)
	ORDER BY id LIMIT ?`

// MailDue hands up to limit notifications due for mail to compose, a
// person at a time, each person's in one mail, and marks them mailed in
// the same transaction. Several instances share the work: each takes rows
// nobody else holds (SKIP LOCKED on PostgreSQL; SQLite has one writer).
// People whose address is not confirmed hear in the app only: mail goes
// only to addresses their owner proved. It returns how many it handled.
func (s *Store) MailDue(ctx context.Context, limit int, compose Compose) (int, error) {
	var handled int
	err := s.Tx(ctx, store.Unseen, func(tx *gorm.DB) error {
		now := time.Now().UTC()
		var ids []int64
		if err := tx.Raw(dueMailSQL+s.Dialect().SkipLocked(), now.Truncate(time.Hour), limit).Scan(&ids).Error; err != nil || len(ids) == 0 {
			return err
		}
		var ns []Notification
		if err := tx.Where("id IN ?", ids).Order("user_id, id").Find(&ns).Error; err != nil {
			return err
		}
		if err := tx.Model(&Notification{}).Where("id IN ?", ids).Update("mailed_at", now).Error; err != nil {
			return err
		}
		handled = len(ns)
		return eachReader(tx, ns, compose)
	})
	return handled, store.MapErr("mail notifications", err)
}

// eachReader calls compose once per person, with their notifications
// (ns is sorted by person).
func eachReader(tx *gorm.DB, ns []Notification, compose Compose) error {
	ids := make([]int64, 0, len(ns))
	for i, n := range ns {
		if i == 0 || ns[i-1].UserID != n.UserID {
			ids = append(ids, n.UserID)
		}
	}
	var readers []Reader
	if err := tx.Table("users").Select("id, name, email, locale, verified_at").Where("id IN ?", ids).Find(&readers).Error; err != nil {
		return err
	}
	byID := make(map[int64]Reader, len(readers))
	for _, r := range readers {
		byID[r.ID] = r
	}
	for start := 0; start < len(ns); {
		end := start + 1
		for end < len(ns) && ns[end].UserID == ns[start].UserID {
			end++
		}
		if r, ok := byID[ns[start].UserID]; ok && r.VerifiedAt != nil && r.Email != "" {
			if err := compose(tx, r, ns[start:end]); err != nil {
				return err
			}
		}
		start = end
	}
	return nil
}
