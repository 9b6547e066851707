package ideas

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// StatusChange is one step of an idea's life cycle, shown on its page.
type StatusChange struct {
	ID         int64
	IdeaID     int64
	ActorID    *int64
	FromStatus string
	ToStatus   string
	Response   string
	CreatedAt  time.Time

	ActorName string `gorm:"->;-:migration"`
}

// SetStatus moves an idea through its life cycle with an official
// response, records the step in its history and the audit log, and tells
// the author, the voters and the followers of the new status or response.
func (s *Store) SetStatus(ctx context.Context, ideaID int64, actor *accounts.User, status, response string) error {
	if !slices.Contains(Statuses, status) {
		return store.ErrForbidden
	}
	err := s.Tx(ctx, store.Ideas, func(tx *gorm.DB) error {
		idea, err := Lock(tx, ideaID, "id, title, status, response")
		if err != nil {
			return err
		}
		if idea.Status == status && idea.Response == response {
			return nil
		}
		now := time.Now().UTC()
		fields := map[string]any{"response": response, "response_html": markdown.Render(response),
			"response_text": markdown.PlainText(response), "updated_at": now}
		if idea.Status != status {
			fields["status"], fields["status_changed_at"] = status, now
		}
		if err := tx.Model(&Idea{}).Where("id = ?", ideaID).UpdateColumns(fields).Error; err != nil {
			return err
		}
		change := StatusChange{IdeaID: ideaID, FromStatus: idea.Status, ToStatus: status, Response: response, CreatedAt: now}
		if actor != nil {
			change.ActorID = &actor.ID
		}
		if err := tx.Omit("ActorName").Create(&change).Error; err != nil {
			return err
		}
		if err := audit.Record(tx, actor, "idea.status", audit.TargetIdea, ideaID, "",
			map[string]string{"status": idea.Status, "response": idea.Response},
			map[string]string{"status": status, "response": response}); err != nil {
			return err
		}
		if idea.Status != status {
			if err := reputation.IdeaChanged(tx, ideaID); err != nil {
				return err
			}
		}
		kind := notifications.KindStatus
		if idea.Status == status {
			if response == "" {
				return nil // a response taken back is no news
			}
			kind = notifications.KindResponse
		}
		return notifications.Send(tx, notifications.Event{Key: "status:" + strconv.FormatInt(change.ID, 10), Kind: kind,
			IdeaID: ideaID, Actor: actor, Text: idea.Title, Detail: status,
			Quote: notifications.Excerpt(markdown.PlainText(response))}, notifications.Interested(ideaID))
	})
	return store.MapErr("set status", err)
}

// StatusHistory lists an idea's status changes, oldest first.
func (s *Store) StatusHistory(ctx context.Context, ideaID int64) ([]StatusChange, error) {
	var out []StatusChange
	err := s.DB.WithContext(ctx).Table("status_changes").
		Select("status_changes.*, COALESCE(users.name, '') AS actor_name").
		Joins("LEFT JOIN users ON users.id = status_changes.actor_id").
		Where("status_changes.idea_id = ?", ideaID).Order("status_changes.created_at, status_changes.id").Scan(&out).Error
	return out, store.MapErr("status history", err)
}

// Backdate moves an idea's creation (and the times of its status, votes
// and comments) into the past, as imported or demo data needs. The hot
// score follows.
func (s *Store) Backdate(ctx context.Context, ideaID int64, created time.Time) error {
	created = created.UTC()
	err := s.Tx(ctx, store.Ideas|store.Votes|store.Comments, func(tx *gorm.DB) error {
		idea, err := Lock(tx, ideaID, "id, vote_count, comment_count, status_changed_at")
		if err != nil {
			return err
		}
		fields := map[string]any{"created_at": created, "updated_at": created}
		if idea.StatusChangedAt != nil {
			fields["status_changed_at"] = created.Add(time.Since(created) / 2)
		}
		if err := tx.Model(&Idea{}).Where("id = ?", ideaID).Updates(fields).Error; err != nil {
			return err
		}
		// Spread votes and comments between the idea's birth and now, in
		// the order they were made.
		span := time.Since(created)
		for _, table := range []string{"votes", "comments"} {
			var times []time.Time
			if err := tx.Table(table).Where("idea_id = ?", ideaID).Order("created_at").Pluck("created_at", &times).Error; err != nil {
				return err
			}
			for i, t := range times {
				at := created.Add(span * time.Duration(i+1) / time.Duration(len(times)+1))
				if err := tx.Table(table).Where("idea_id = ? AND created_at = ?", ideaID, t).
					Update("created_at", at).Error; err != nil {
					return err
				}
			}
		}
		if err := tx.Exec("UPDATE comments SET updated_at = created_at WHERE idea_id = ?", ideaID).Error; err != nil {
			return err
		}
		return RecomputeHot(tx, ideaID)
	})
	return store.MapErr("backdate", err)
}
