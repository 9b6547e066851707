package moderation

import (
	"context"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// HideIdea hides an idea from the public and resolves its reports.
func (s *Store) HideIdea(ctx context.Context, actor *accounts.User, id int64, reason string) error {
	return store.MapErr("hide idea", s.Tx(ctx, store.Ideas, func(tx *gorm.DB) error {
		return setHidden(tx, actor, audit.TargetIdea, id, true, reason, ResolvedHidden)
	}))
}

// UnhideIdea shows an idea again; its open reports count as reviewed.
func (s *Store) UnhideIdea(ctx context.Context, actor *accounts.User, id int64, reason string) error {
	return store.MapErr("unhide idea", s.Tx(ctx, store.Ideas, func(tx *gorm.DB) error {
		return setHidden(tx, actor, audit.TargetIdea, id, false, reason, ResolvedKept)
	}))
}

// HideComment hides a comment and uncounts it.
func (s *Store) HideComment(ctx context.Context, actor *accounts.User, id int64, reason string) error {
	return store.MapErr("hide comment", s.Tx(ctx, store.Comments, func(tx *gorm.DB) error {
		return setHidden(tx, actor, audit.TargetComment, id, true, reason, ResolvedHidden)
	}))
}

// UnhideComment shows a comment again and counts it.
func (s *Store) UnhideComment(ctx context.Context, actor *accounts.User, id int64, reason string) error {
	return store.MapErr("unhide comment", s.Tx(ctx, store.Comments, func(tx *gorm.DB) error {
		return setHidden(tx, actor, audit.TargetComment, id, false, reason, ResolvedKept)
	}))
}

// ApproveIdea publishes an idea that waited in pre-moderation.
func (s *Store) ApproveIdea(ctx context.Context, actor *accounts.User, id int64) error {
	return store.MapErr("approve idea", s.Tx(ctx, store.Ideas, func(tx *gorm.DB) error {
		idea, err := ideas.Lock(tx, id, "id, pending, hidden, hidden_reason, challenge_id")
		if err != nil {
			return err
		}
		if !idea.Pending {
			return nil
		}
		if err := tx.Model(&ideas.Idea{}).Where("id = ?", id).
			UpdateColumns(map[string]any{"pending": false, "hidden": false, "hidden_reason": ""}).Error; err != nil {
			return err
		}
		if err := challenges.CountInChallenge(tx, idea.ChallengeID, 1); err != nil {
			return err
		}
		if err := reputation.IdeaChanged(tx, id); err != nil {
			return err
		}
		if err := ideas.TellOfMentionsOnApproval(tx, id); err != nil {
			return err
		}
		if err := audit.Record(tx, actor, "idea.approve", audit.TargetIdea, id, "", map[string]any{"pending": true}, map[string]any{"pending": false}); err != nil {
			return err
		}
		return tellAuthor(tx, actor, audit.TargetIdea, id, DecisionApproved)
	}))
}

// DismissFlags closes an item's open reports without hiding it (or shows
// it again if the reports had hidden it).
func (s *Store) DismissFlags(ctx context.Context, actor *accounts.User, targetType string, id int64) error {
	return store.MapErr("dismiss flags", s.Tx(ctx, store.Ideas|store.Comments, func(tx *gorm.DB) error {
		_, hidden, err := targetState(tx, targetType, id)
		if err != nil {
			return err
		}
		shown := hidden && hiddenBy(tx, targetType, id) == ideas.HiddenFlagged
		if shown {
			if _, err := setTargetHidden(tx, targetType, id, false, ""); err != nil {
				return err
			}
		}
		n, err := resolveFlags(tx, actor, targetType, id, ResolvedDismissed)
		if err != nil {
			return err
		}
		return audit.Record(tx, actor, targetType+".dismiss", targetType, id, "",
			map[string]any{"open_flags": n, "hidden": hidden}, map[string]any{"open_flags": 0, "hidden": hidden && !shown})
	}))
}

func hiddenBy(tx *gorm.DB, targetType string, id int64) string {
	var reason string
	table := map[string]string{audit.TargetIdea: "ideas", audit.TargetComment: "comments"}[targetType]
	tx.Table(table).Select("hidden_reason").Where("id = ?", id).Scan(&reason)
	return reason
}

// heldBySystem tells whether a hidden item waits for a moderator: hidden
// by the flag threshold, or held by pre-moderation.
func heldBySystem(reason string, pending bool) bool {
	return pending || reason == ideas.HiddenFlagged || reason == ideas.HiddenPending
}

// resolveFlags closes an item's open reports; actor may be nil.
func resolveFlags(tx *gorm.DB, actor *accounts.User, targetType string, id int64, resolution string) (int64, error) {
	fields := map[string]any{"resolved_at": time.Now().UTC(), "resolution": resolution}
	if actor != nil {
		fields["resolved_by"] = actor.ID
	}
	r := tx.Model(&FlagRecord{}).Where("target_type = ? AND target_id = ? AND resolved_at IS NULL", targetType, id).
		Updates(fields)
	return r.RowsAffected, r.Error
}

// setHidden hides or shows an idea or comment, keeps every counter that
// depends on it exact, resolves its open reports and writes the audit entry.
// A nil actor is the system (the flag threshold). A moderator hiding an
// item that the system held back confirms it: it stays hidden, with the
// moderator's reason, and no longer waits for review.
func setHidden(tx *gorm.DB, actor *accounts.User, targetType string, id int64, hide bool, reason, resolution string) error {
	action := targetType + map[bool]string{true: ".hide", false: ".unhide"}[hide]
	if actor == nil {
		action = targetType + ".autohide"
	}
	before := map[string]any{"hidden": !hide}
	if hide {
		if why := hiddenBy(tx, targetType, id); why == ideas.HiddenFlagged || why == ideas.HiddenPending {
			before["hidden_reason"] = why // only a held item can carry these
		}
	}
	changed, err := setTargetHidden(tx, targetType, id, hide, reason)
	if err != nil {
		return err
	}
	if resolution != "" {
		if _, err := resolveFlags(tx, actor, targetType, id, resolution); err != nil {
			return err
		}
	}
	if !changed {
		return nil
	}
	if before["hidden_reason"] != nil {
		before["hidden"] = true
	}
	if err := audit.Record(tx, actor, action, targetType, id, reason, before, map[string]any{"hidden": hide}); err != nil {
		return err
	}
	return tellAuthor(tx, actor, targetType, id, map[bool]string{true: DecisionHidden, false: DecisionShown}[hide])
}

func setTargetHidden(tx *gorm.DB, targetType string, id int64, hide bool, reason string) (bool, error) {
	switch targetType {
	case audit.TargetIdea:
		return setIdeaHidden(tx, id, hide, reason)
	case audit.TargetComment:
		return setCommentHidden(tx, id, hide, reason)
	}
	return false, store.ErrNotFound
}

func setIdeaHidden(tx *gorm.DB, id int64, hide bool, reason string) (bool, error) {
	idea, err := ideas.Lock(tx, id, "id, hidden, hidden_reason, pending, challenge_id, merged_into_id")
	if err != nil {
		return false, err
	}
	if idea.Hidden == hide {
		if !hide || !heldBySystem(idea.HiddenReason, idea.Pending) {
			return false, nil
		}
		// Confirmed: still hidden (and uncounted), out of the queue.
		return true, tx.Model(&ideas.Idea{}).Where("id = ?", id).
			UpdateColumns(map[string]any{"hidden_reason": reason, "pending": false}).Error
	}
	fields := map[string]any{"hidden": hide, "hidden_reason": reason}
	if !hide {
		fields["hidden_reason"] = "" // the reason to show it stays in the audit log
		fields["pending"] = false    // showing a pending idea approves it
	}
	if err := tx.Model(&ideas.Idea{}).Where("id = ?", id).UpdateColumns(fields).Error; err != nil {
		return false, err
	}
	if !hide && idea.Pending {
		if err := ideas.TellOfMentionsOnApproval(tx, id); err != nil {
			return false, err
		}
	}
	// A hidden idea earns nothing; shown again, it earns what it had.
	if err := reputation.IdeaChanged(tx, id); err != nil {
		return false, err
	}
	delta := map[bool]int{true: -1, false: 1}[hide]
	if idea.MergedIntoID != nil {
		return true, nil
	}
	return true, challenges.CountInChallenge(tx, idea.ChallengeID, delta)
}

func setCommentHidden(tx *gorm.DB, id int64, hide bool, reason string) (bool, error) {
	idea, err := comments.LockCommentIdea(tx, id)
	if err != nil {
		return false, err
	}
	var c comments.Comment
	if err := tx.Select("id, idea_id, hidden, hidden_reason, deleted, created_at").First(&c, id).Error; err != nil {
		return false, err
	}
	if c.Deleted {
		return false, nil
	}
	if c.Hidden == hide {
		if !hide || c.HiddenReason != ideas.HiddenFlagged {
			return false, nil
		}
		return true, tx.Model(&comments.Comment{}).Where("id = ?", id).UpdateColumn("hidden_reason", reason).Error
	}
	if !hide {
		reason = ""
	}
	if err := tx.Model(&comments.Comment{}).Where("id = ?", id).
		UpdateColumns(map[string]any{"hidden": hide, "hidden_reason": reason}).Error; err != nil {
		return false, err
	}
	if hide {
		err = reputation.CommentGone(tx, id)
	} else {
		err = reputation.Rebuild(tx, c.IdeaID)
	}
	if err != nil {
		return false, err
	}
	delta := map[bool]int{true: -1, false: 1}[hide]
	if err := tx.Model(&ideas.Idea{}).Where("id = ?", c.IdeaID).
		UpdateColumn("comment_count", gorm.Expr("comment_count + ?", delta)).Error; err != nil {
		return false, err
	}
	return true, ideas.BumpHot(tx, idea, c.CreatedAt, ideas.CommentWeight, hide)
}
