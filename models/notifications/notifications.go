package notifications

import (
	"context"
	"fmt"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// Notification is what one person is told of one event: in the app, and
// by mail at once or in a digest as they chose for its kind.
type Notification struct {
	ID        int64
	UserID    int64
	IdeaID    *int64
	CommentID *int64
	Kind      string
	EventKey  string
	ActorName string
	Text      string // what it is about: an idea's title, most often
	Detail    string // what happened, for the sentence: the new status, the badge...
	Quote     string // the words it quotes: a comment's beginning, an official response's
	Count     int    // how many events a batched notice stands for
	Delivery  string
	ReadAt    *time.Time
	MailedAt  *time.Time
	CreatedAt time.Time
}

// An Event is something that happened, to tell people about. Key names it
// once for all the kinds it may be told as: a person hears of an event
// once, as the first kind sent to them (a mention before a reply before a
// comment), however many reasons they have to hear of it.
type Event struct {
	Key       string
	Kind      string
	IdeaID    int64 // 0 for none
	CommentID int64 // 0 for none
	Actor     *accounts.User
	Text      string
	Detail    string
	Quote     string
}

// Recipients are the people an event concerns, as a query of user ids.
type Recipients struct {
	query string
	args  []any
}

// People are the given people.
func People(ids ...int64) Recipients {
	if len(ids) == 0 {
		return Recipients{query: "SELECT id AS user_id FROM users WHERE 1 = 0"}
	}
	return Recipients{query: "SELECT id AS user_id FROM users WHERE id IN ?", args: []any{ids}}
}

// Followers are the people who follow an idea and the one who wrote it.
func Followers(ideaID int64) Recipients {
	return Recipients{query: `SELECT author_id AS user_id FROM ideas WHERE id = ?
		UNION SELECT user_id FROM follows WHERE idea_id = ?`, args: []any{ideaID, ideaID}}
}

// Interested are an idea's author, supporters and followers.
func Interested(ideaID int64) Recipients {
	return Recipients{query: `SELECT author_id AS user_id FROM ideas WHERE id = ?
		UNION SELECT user_id FROM votes WHERE idea_id = ?
		UNION SELECT user_id FROM follows WHERE idea_id = ?`, args: []any{ideaID, ideaID, ideaID}}
}

// Staff are the moderators and the admins.
func Staff() Recipients {
	return Recipients{query: "SELECT id AS user_id FROM users WHERE role IN ?",
		args: []any{[]string{accounts.RoleModerator, accounts.RoleAdmin}}}
}

// sendSQL writes an event's notifications: to each recipient but the
// actor, unless they turned its kind off, with the delivery they chose
// (or the kind's default), once per person and event.
const sendSQL = `INSERT INTO notifications
		(user_id, idea_id, comment_id, kind, event_key, actor_name, text, detail, quote, count, delivery, created_at)
	SELECT r.user_id, ?, ?, ?, ?, ?, ?, ?, ?, 1, COALESCE(p.delivery, ?), ?
	FROM (%s) r LEFT JOIN notification_prefs p ON p.user_id = r.user_id AND p.kind = ?
	WHERE r.user_id <> ? AND COALESCE(p.delivery, ?) <> 'off'
	ON CONFLICT (user_id, event_key) DO %s`

// Send tells the recipients of an event, in the transaction that made it
// happen: if it rolls back, nobody hears of it.
func Send(tx *gorm.DB, e Event, to Recipients) error {
	return send(tx, e, to, "NOTHING")
}

// SendCounted is Send for notices that gather events (new reports this
// hour): a person who has the notice already sees its count grow, and
// it shows as unread again.
func SendCounted(tx *gorm.DB, e Event, to Recipients) error {
	return send(tx, e, to, "UPDATE SET count = notifications.count + 1, read_at = NULL")
}

func send(tx *gorm.DB, e Event, to Recipients, onConflict string) error {
	var actorID int64
	name := ""
	if e.Actor != nil {
		actorID, name = e.Actor.ID, e.Actor.Name
	}
	def := Default(e.Kind)
	args := []any{nullable(e.IdeaID), nullable(e.CommentID), e.Kind, e.Key, name, clip(e.Text, 500), clip(e.Detail, 200), clip(e.Quote, 400), def, time.Now().UTC()}
	args = append(args, to.args...)
	args = append(args, e.Kind, actorID, def)
	return tx.Exec(fmt.Sprintf(sendSQL, to.query, onConflict), args...).Error
}

// What a moderators' notice gathers.
const (
	QueueReports = "reports" // new reports
	QueueHeld    = "held"    // ideas held for approval
)

// TellStaff adds an item to the moderators' notice of the hour (what is
// QueueReports or QueueHeld): one notice per moderator, kind and hour
// gathers them, so that a busy hour is one mail, not hundreds.
func TellStaff(tx *gorm.DB, by *accounts.User, what string) error {
	hour := time.Now().UTC().Format("2006010215")
	return SendCounted(tx, Event{Key: "queue:" + what + ":" + hour, Kind: KindQueue, Actor: by, Text: what}, Staff())
}

// List lists a person's latest notifications.
func (s *Store) List(ctx context.Context, userID int64, limit int) ([]Notification, error) {
	var ns []Notification
	err := s.DB.WithContext(ctx).Where("user_id = ?", userID).Order("created_at DESC, id DESC").Limit(limit).Find(&ns).Error
	return ns, store.MapErr("notifications", err)
}

// UnreadMax is the most unread notifications counted: a page says "99+"
// rather than count a busy moderator's thousands on every request.
const UnreadMax = 100

// unreadSQL counts a person's unread notifications, up to UnreadMax, from
// the index of unread ones alone.
const unreadSQL = `SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = ? AND read_at IS NULL LIMIT ?) unread`

// UnreadNotifications counts what a person has not seen yet, up to
// UnreadMax.
func (s *Store) UnreadNotifications(ctx context.Context, userID int64) (int64, error) {
	// Every signed-in page asks this: a plain query, without GORM's
	// statement building.
	var n int64
	err := s.DB.WithContext(ctx).Raw(unreadSQL, userID, UnreadMax).Row().Scan(&n)
	return n, store.MapErr("unread notifications", err)
}

// MarkNotificationsRead marks all of a person's notifications as seen.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID int64) error {
	err := s.Writes(ctx, store.Unseen).Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", userID).
		Update("read_at", time.Now().UTC()).Error
	return store.MapErr("read notifications", err)
}
