package models

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ErrMergeTarget means the merge's target cannot take the source: it is
// the source itself, or was merged away.
var ErrMergeTarget = errors.New("choose another idea to merge into")

// MergeIdeas folds a duplicate idea into its target: votes move without
// counting anyone twice, comments and followers move, the target's
// counters and hot score are recounted, and the source becomes
// "duplicate", points to the target and leaves every list.
func (s *Store) MergeIdeas(ctx context.Context, actor *User, sourceID, targetID int64, reason string) error {
	if sourceID == targetID {
		return ErrMergeTarget
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		// Both rows are locked before any write, the lower id first, as
		// every transaction that locks two ideas must (see lockIdea).
		var source, target Idea
		for _, id := range []int64{min(sourceID, targetID), max(sourceID, targetID)} {
			idea, err := lockIdea(tx, id, "*")
			switch {
			case errors.Is(err, gorm.ErrRecordNotFound) && id == targetID:
				return ErrMergeTarget
			case err != nil:
				return err
			case id == sourceID:
				source = idea
			default:
				target = idea
			}
		}
		if source.MergedIntoID != nil || target.MergedIntoID != nil || target.Hidden {
			return ErrMergeTarget
		}
		// Tell the source's people before they move: they supported or
		// followed the idea under its old title.
		if err := notifyInterested(tx, sourceID, actor, KindMerge, source.Title); err != nil {
			return err
		}
		if err := moveSupport(tx, sourceID, targetID, target.ChallengeID); err != nil {
			return err
		}
		if err := tx.Exec("UPDATE comments SET idea_id = ? WHERE idea_id = ?", targetID, sourceID).Error; err != nil {
			return err
		}
		if err := recount(tx, targetID); err != nil {
			return err
		}
		now := time.Now().UTC()
		response := strings.TrimSpace(reason)
		if err := tx.Model(&Idea{}).Where("id = ?", sourceID).UpdateColumns(map[string]any{
			"status": StatusDuplicate, "status_changed_at": now, "merged_into_id": targetID,
			"vote_count": 0, "comment_count": 0, "follower_count": 0, "updated_at": now, "pending": false,
		}).Error; err != nil {
			return err
		}
		// The source leaves the moderation queue: it is no longer shown.
		if _, err := resolveFlags(tx, actor, TargetIdea, sourceID, ResolvedDismissed); err != nil {
			return err
		}
		change := StatusChange{IdeaID: sourceID, FromStatus: source.Status, ToStatus: StatusDuplicate, Response: response, CreatedAt: now}
		if actor != nil {
			change.ActorID = &actor.ID
		}
		if err := tx.Omit("ActorName").Create(&change).Error; err != nil {
			return err
		}
		if !source.Hidden {
			if err := countInChallenge(tx, source.ChallengeID, -1); err != nil {
				return err
			}
		}
		var after Idea
		if err := tx.Select("id, vote_count, comment_count, follower_count").First(&after, targetID).Error; err != nil {
			return err
		}
		return audit(tx, actor, "idea.merge", TargetIdea, sourceID, reason,
			map[string]any{"source_votes": source.VoteCount, "target_votes": target.VoteCount,
				"source_comments": source.CommentCount, "target_comments": target.CommentCount},
			map[string]any{"merged_into": targetID, "target_votes": after.VoteCount,
				"target_comments": after.CommentCount, "target_followers": after.FollowerCount})
	})
	return mapErr("merge", err)
}

// moveSupport moves votes and follows from one idea to another; a person
// who supported or followed both keeps one.
func moveSupport(tx *gorm.DB, from, to int64, toChallenge *int64) error {
	steps := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO votes (user_id, idea_id, challenge_id, created_at)
			SELECT v.user_id, ?, ?, v.created_at FROM votes v WHERE v.idea_id = ?
			AND NOT EXISTS (SELECT 1 FROM votes w WHERE w.user_id = v.user_id AND w.idea_id = ?)`,
			[]any{to, toChallenge, from, to}},
		{`DELETE FROM votes WHERE idea_id = ?`, []any{from}},
		{`INSERT INTO follows (user_id, idea_id, created_at)
			SELECT f.user_id, ?, f.created_at FROM follows f WHERE f.idea_id = ?
			AND NOT EXISTS (SELECT 1 FROM follows g WHERE g.user_id = f.user_id AND g.idea_id = ?)`,
			[]any{to, from, to}},
		{`DELETE FROM follows WHERE idea_id = ?`, []any{from}},
	}
	for _, st := range steps {
		if err := tx.Exec(st.sql, st.args...).Error; err != nil {
			return err
		}
	}
	return nil
}

// SimilarIdeas finds visible ideas whose text shares words with the
// idea's title, most supported first, for a moderator about to merge.
func (s *Store) SimilarIdeas(ctx context.Context, id int64, limit int) ([]IdeaCard, error) {
	idea, err := s.IdeaByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var words []string
	for _, w := range searchWords(idea.Title) {
		if len([]rune(w)) > 3 {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return nil, nil
	}
	q := cardQuery(s.DB.WithContext(ctx)).
		Where("ideas.hidden = ? AND ideas.merged_into_id IS NULL AND ideas.id <> ?", false, id)
	var cards []IdeaCard
	err = s.dialect.searchFilter(q, words, false).Order("ideas.vote_count DESC, ideas.id DESC").Limit(limit).Scan(&cards).Error
	return cards, mapErr("similar ideas", err)
}
