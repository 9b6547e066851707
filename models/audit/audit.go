package audit

import (
	"context"
	"encoding/json"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// Targets of moderation and audit entries.
const (
	TargetIdea      = "idea"
	TargetComment   = "comment"
	TargetUser      = "user"
	TargetChallenge = "challenge"
	TargetCategory  = "category"
	TargetSettings  = "settings"
)

// AuditEntry records one moderator or admin action: who did what to which
// item, when, why, and the item's state before and after (as JSON). The
// web never edits or deletes entries.
type AuditEntry struct {
	ID          int64
	ActorID     *int64
	Action      string
	TargetType  string
	TargetID    int64
	Reason      string
	BeforeState string
	AfterState  string
	CreatedAt   time.Time

	ActorName string `gorm:"->;-:migration"`
	// TargetTitle names the target (an idea's or challenge's title, a
	// person's or category's name); TargetIdeaID is a comment's idea.
	TargetTitle  string `gorm:"->;-:migration"`
	TargetIdeaID int64  `gorm:"->;-:migration"`
}

// audit writes an entry inside the caller's transaction; a nil actor is
// the system itself (an automatic hide, say).
func Record(tx *gorm.DB, actor *accounts.User, action, targetType string, targetID int64, reason string, before, after any) error {
	e := AuditEntry{Action: action, TargetType: targetType, TargetID: targetID, Reason: reason,
		BeforeState: stateJSON(before), AfterState: stateJSON(after), CreatedAt: time.Now().UTC()}
	if actor != nil {
		e.ActorID = &actor.ID
	}
	return tx.Omit("ActorName").Create(&e).Error
}

func stateJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// AuditFilter narrows the audit log; zero values mean "any".
type AuditFilter struct {
	ActorID    int64
	Action     string
	TargetType string
	TargetID   int64
	Page       int
	PerPage    int
}

// AuditLog lists entries, newest first, and tells whether more follow.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, bool, error) {
	if f.PerPage <= 0 {
		f.PerPage = 50
	}
	f.Page = max(f.Page, 1)
	q := s.DB.WithContext(ctx).Table("audit_entries").
		Select(`audit_entries.*, COALESCE(users.name, '') AS actor_name,
			COALESCE(CASE audit_entries.target_type
				WHEN 'idea' THEN (SELECT title FROM ideas WHERE ideas.id = audit_entries.target_id)
				WHEN 'challenge' THEN (SELECT title FROM challenges WHERE challenges.id = audit_entries.target_id)
				WHEN 'category' THEN (SELECT name FROM categories WHERE categories.id = audit_entries.target_id)
				WHEN 'user' THEN (SELECT name FROM users target WHERE target.id = audit_entries.target_id)
			END, '') AS target_title,
			COALESCE(CASE WHEN audit_entries.target_type = 'comment'
				THEN (SELECT idea_id FROM comments WHERE comments.id = audit_entries.target_id) END, 0) AS target_idea_id`).
		Joins("LEFT JOIN users ON users.id = audit_entries.actor_id")
	if f.ActorID > 0 {
		q = q.Where("audit_entries.actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		q = q.Where("audit_entries.action = ?", f.Action)
	}
	if f.TargetType != "" {
		q = q.Where("audit_entries.target_type = ?", f.TargetType)
	}
	if f.TargetID > 0 {
		q = q.Where("audit_entries.target_id = ?", f.TargetID)
	}
	out, more, err := store.ScanPage[AuditEntry](q.Order("audit_entries.created_at DESC, audit_entries.id DESC"), f.Page, f.PerPage)
	return out, more, store.MapErr("audit log", err)
}

// AuditActions lists the actions that appear in the log, for its filter.
func (s *Store) AuditActions(ctx context.Context) ([]string, error) {
	var actions []string
	err := s.DB.WithContext(ctx).Table("audit_entries").Distinct("action").Order("action").Pluck("action", &actions).Error
	return actions, store.MapErr("audit actions", err)
}

// Log records an action done outside the models' own moderation methods.
func (s *Store) Log(ctx context.Context, actor *accounts.User, action, targetType string, targetID int64, reason string, before, after any) error {
	return store.MapErr("audit", Record(s.Writes(ctx, store.Unseen), actor, action, targetType, targetID, reason, before, after))
}
