package moderation

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// UserRow is a person as the admin list shows them.
type UserRow struct {
	accounts.User
	IdeaCount    int64
	CommentCount int64
	FlagsAgainst int64 // open reports on what they wrote
}

// UserFilter narrows the admin list of people.
type UserFilter struct {
	Query     string // part of the name or the email address
	Role      string
	Suspended bool
	Page      int
	PerPage   int
}

// SearchUsers lists people, newest first, with their figures.
func (s *Store) SearchUsers(ctx context.Context, f UserFilter) ([]UserRow, bool, error) {
	if f.PerPage <= 0 {
		f.PerPage = 50
	}
	f.Page = max(f.Page, 1)
	q := s.DB.WithContext(ctx).Table("users").Select(`users.*,
		(SELECT COUNT(*) FROM ideas WHERE ideas.author_id = users.id) AS idea_count,
		(SELECT COUNT(*) FROM comments WHERE comments.author_id = users.id AND comments.deleted = ?) AS comment_count,
		(SELECT COUNT(*) FROM flags JOIN ideas ON flags.target_type = 'idea' AND ideas.id = flags.target_id
			WHERE ideas.author_id = users.id AND flags.resolved_at IS NULL)
		+ (SELECT COUNT(*) FROM flags JOIN comments ON flags.target_type = 'comment' AND comments.id = flags.target_id
			WHERE comments.author_id = users.id AND flags.resolved_at IS NULL) AS flags_against`, false)
	if term := strings.ToLower(strings.TrimSpace(f.Query)); term != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(term) + "%"
		q = q.Where(`(LOWER(users.name) LIKE ? ESCAPE '\' OR users.email LIKE ? ESCAPE '\')`, like, like)
	}
	if slices.Contains(accounts.Roles, f.Role) {
		q = q.Where("users.role = ?", f.Role)
	}
	if f.Suspended {
		q = q.Where("users.suspended_until > ?", time.Now().UTC())
	}
	rows, more, err := store.ScanPage[UserRow](q.Order("users.created_at DESC, users.id DESC"), f.Page, f.PerPage)
	return rows, more, store.MapErr("search users", err)
}

// ErrProtected means a moderator tried to act on themselves, or on an
// admin without being one.
var ErrProtected = errors.New("this account cannot be changed by you")

// mayManage checks that actor may suspend or silence target. The web
// lets only moderators and admins here; this checks it again.
func mayManage(actor, target *accounts.User) error {
	if !actor.IsModerator() {
		return store.ErrForbidden
	}
	if actor.ID == target.ID || (target.IsAdmin() && !actor.IsAdmin()) || (target.IsModerator() && !actor.IsAdmin()) {
		return ErrProtected
	}
	return nil
}

// Suspend stops a person from posting, voting and commenting until a time,
// with a reason they are shown.
func (s *Store) Suspend(ctx context.Context, actor *accounts.User, id int64, until time.Time, reason string) error {
	return store.MapErr("suspend", s.Tx(ctx, store.People, func(tx *gorm.DB) error {
		var u accounts.User
		if err := tx.First(&u, id).Error; err != nil {
			return err
		}
		if err := mayManage(actor, &u); err != nil {
			return err
		}
		until = until.UTC()
		if err := tx.Model(&accounts.User{}).Where("id = ?", id).UpdateColumns(map[string]any{
			"suspended_until": until, "suspend_reason": reason, "suspended_by": actor.ID}).Error; err != nil {
			return err
		}
		return audit.Record(tx, actor, "user.suspend", audit.TargetUser, id, reason,
			map[string]any{"suspended_until": u.SuspendedUntil}, map[string]any{"suspended_until": until})
	}))
}

// Unsuspend lifts a suspension.
func (s *Store) Unsuspend(ctx context.Context, actor *accounts.User, id int64, reason string) error {
	return store.MapErr("unsuspend", s.Tx(ctx, store.People, func(tx *gorm.DB) error {
		var u accounts.User
		if err := tx.First(&u, id).Error; err != nil {
			return err
		}
		if err := mayManage(actor, &u); err != nil {
			return err
		}
		if err := tx.Model(&accounts.User{}).Where("id = ?", id).UpdateColumns(map[string]any{
			"suspended_until": nil, "suspend_reason": "", "suspended_by": nil}).Error; err != nil {
			return err
		}
		return audit.Record(tx, actor, "user.unsuspend", audit.TargetUser, id, reason,
			map[string]any{"suspended_until": u.SuspendedUntil}, map[string]any{"suspended_until": nil})
	}))
}

// HideEverything hides every idea and comment a person posted, keeping
// every counter exact, and resolves the reports on them: one action
// against a spammer. It says how many ideas and comments it hid.
func (s *Store) HideEverything(ctx context.Context, actor *accounts.User, id int64, reason string) (hiddenIdeas, hiddenComments int, err error) {
	err = s.Tx(ctx, store.Ideas|store.Comments, func(tx *gorm.DB) error {
		var u accounts.User
		if err := tx.First(&u, id).Error; err != nil {
			return err
		}
		if err := mayManage(actor, &u); err != nil {
			return err
		}
		var ideaIDs, commentIDs []int64
		// Visible items, and those the system holds (pending or hidden by
		// reports), which would otherwise wait in the queue.
		if err := tx.Model(&ideas.Idea{}).Where("author_id = ? AND (hidden = ? OR pending = ? OR hidden_reason = ?)",
			id, false, true, ideas.HiddenFlagged).Pluck("id", &ideaIDs).Error; err != nil {
			return err
		}
		if err := tx.Model(&comments.Comment{}).Where("author_id = ? AND deleted = ? AND (hidden = ? OR hidden_reason = ?)",
			id, false, false, ideas.HiddenFlagged).Pluck("id", &commentIDs).Error; err != nil {
			return err
		}
		// Comments first: hiding one changes its idea's counters, which
		// must not matter whether the idea is hidden too or not.
		for _, cid := range commentIDs {
			if _, err := setCommentHidden(tx, cid, true, reason); err != nil {
				return err
			}
			if _, err := resolveFlags(tx, actor, audit.TargetComment, cid, ResolvedHidden); err != nil {
				return err
			}
		}
		for _, iid := range ideaIDs {
			if _, err := setIdeaHidden(tx, iid, true, reason); err != nil {
				return err
			}
			if _, err := resolveFlags(tx, actor, audit.TargetIdea, iid, ResolvedHidden); err != nil {
				return err
			}
		}
		hiddenIdeas, hiddenComments = len(ideaIDs), len(commentIDs)
		return audit.Record(tx, actor, "user.hide_all", audit.TargetUser, id, reason, nil,
			map[string]any{"ideas_hidden": hiddenIdeas, "comments_hidden": hiddenComments})
	})
	return hiddenIdeas, hiddenComments, store.MapErr("hide everything", err)
}

// ChangeRole gives a person another role; only admins may (the web checks
// it; this checks it again). It ends their sessions, so that the new
// rights start with a fresh log-in.
func (s *Store) ChangeRole(ctx context.Context, actor *accounts.User, id int64, role string) error {
	if !actor.IsAdmin() {
		return store.ErrForbidden
	}
	if !slices.Contains(accounts.Roles, role) {
		return store.ErrForbidden
	}
	return store.MapErr("change role", s.Tx(ctx, store.People, func(tx *gorm.DB) error {
		var u accounts.User
		if err := tx.First(&u, id).Error; err != nil {
			return err
		}
		if u.ID == actor.ID {
			return ErrProtected // an admin cannot lock themselves out
		}
		if u.Role == role {
			return nil
		}
		if err := tx.Model(&accounts.User{}).Where("id = ?", id).UpdateColumns(map[string]any{"role": role,
			"session_version": gorm.Expr("session_version + 1"), "updated_at": time.Now().UTC()}).Error; err != nil {
			return err
		}
		return audit.Record(tx, actor, "user.role", audit.TargetUser, id, "", map[string]string{"role": u.Role}, map[string]string{"role": role})
	}))
}

// FlagsBy lists the reports a person made, newest first.
func (s *Store) FlagsBy(ctx context.Context, userID int64, limit int) ([]FlagRecord, error) {
	var out []FlagRecord
	err := s.DB.WithContext(ctx).Where("user_id = ?", userID).Order("created_at DESC").Limit(limit).Find(&out).Error
	return out, store.MapErr("flags by", err)
}

// FlagsAgainst lists the reports on what a person wrote, newest first.
func (s *Store) FlagsAgainst(ctx context.Context, userID int64, limit int) ([]FlagRecord, error) {
	var out []FlagRecord
	err := s.DB.WithContext(ctx).Table("flags").Select("flags.*, users.name AS user_name").
		Joins("JOIN users ON users.id = flags.user_id").
		Where(`(flags.target_type = 'idea' AND flags.target_id IN (SELECT id FROM ideas WHERE author_id = ?))
			OR (flags.target_type = 'comment' AND flags.target_id IN (SELECT id FROM comments WHERE author_id = ?))`, userID, userID).
		Order("flags.created_at DESC").Limit(limit).Scan(&out).Error
	return out, store.MapErr("flags against", err)
}
