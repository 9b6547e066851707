package notifications

import (
	"context"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// Notification kinds.
const (
	KindComment = "comment"
	KindStatus  = "status"
	KindMerge   = "merge"
)

// Notification is an in-app message to one person.
type Notification struct {
	ID        int64
	UserID    int64
	IdeaID    *int64
	Kind      string
	ActorName string
	Text      string
	ReadAt    *time.Time
	CreatedAt time.Time
}

// The notifications of a change, one per person concerned but the actor;
// the arguments: the idea, the kind, the actor's name, the idea's title,
// the time, then the idea again and the actor.
const (
	notifyFollowersSQL = `INSERT INTO notifications (user_id, idea_id, kind, actor_name, text, created_at)
		SELECT user_id, ?, ?, ?, ?, ? FROM follows WHERE idea_id = ? AND user_id <> ?`
	notifyInterestedSQL = `INSERT INTO notifications (user_id, idea_id, kind, actor_name, text, created_at)
		SELECT people.user_id, ?, ?, ?, ?, ? FROM (
			SELECT author_id AS user_id FROM ideas WHERE id = ?
			UNION SELECT user_id FROM votes WHERE idea_id = ?
			UNION SELECT user_id FROM follows WHERE idea_id = ?
		) people WHERE people.user_id <> ?`
)

// NotifyFollowers tells every follower of an idea but the actor what happened.
func NotifyFollowers(tx *gorm.DB, ideaID int64, actor *accounts.User, kind, ideaTitle string) error {
	return tx.Exec(notifyFollowersSQL, ideaID, kind, actor.Name, ideaTitle, time.Now().UTC(), ideaID, actor.ID).Error
}

// NotifyInterested tells the author, every voter and every follower of an
// idea (each once, never the actor) what happened.
func NotifyInterested(tx *gorm.DB, ideaID int64, actor *accounts.User, kind, ideaTitle string) error {
	var actorID int64
	name := "Ideario"
	if actor != nil {
		actorID, name = actor.ID, actor.Name
	}
	return tx.Exec(notifyInterestedSQL, ideaID, kind, name, ideaTitle, time.Now().UTC(), ideaID, ideaID, ideaID, actorID).Error
}

// List lists a person's latest notifications.
func (s *Store) List(ctx context.Context, userID int64, limit int) ([]Notification, error) {
	var ns []Notification
	err := s.DB.WithContext(ctx).Where("user_id = ?", userID).Order("created_at DESC, id DESC").Limit(limit).Find(&ns).Error
	return ns, store.MapErr("notifications", err)
}

// UnreadNotifications counts what a person has not seen yet.
func (s *Store) UnreadNotifications(ctx context.Context, userID int64) (int64, error) {
	// Every signed-in page asks this: a plain query, without GORM's
	// statement building.
	var n int64
	err := s.DB.WithContext(ctx).Raw("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", userID).
		Row().Scan(&n)
	return n, store.MapErr("unread notifications", err)
}

// MarkNotificationsRead marks all of a person's notifications as seen.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID int64) error {
	err := s.Writes(ctx, store.Unseen).Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", userID).
		Update("read_at", time.Now().UTC()).Error
	return store.MapErr("read notifications", err)
}
