package moderation

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// ErrMergeTarget means the merge's target cannot take the source: it is
// the source itself, or was merged away.
var ErrMergeTarget = errors.New("choose another idea to merge into")

// MergeIdeas folds a duplicate idea into its target: votes move without
// counting anyone twice, comments and followers move, the target's
// counters and hot score are recounted, and the source becomes
// "duplicate", points to the target and leaves every list.
func (s *Store) MergeIdeas(ctx context.Context, actor *accounts.User, sourceID, targetID int64, reason string) error {
	if sourceID == targetID {
		return ErrMergeTarget
	}
	err := s.Tx(ctx, store.Ideas|store.Comments|store.Votes, func(tx *gorm.DB) error {
		// Both rows are locked before any write, the lower id first, as
		// every transaction that locks two ideas must (see ideas.Lock).
		var source, target ideas.Idea
		for _, id := range []int64{min(sourceID, targetID), max(sourceID, targetID)} {
			idea, err := ideas.Lock(tx, id, "*")
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
		if err := notifications.Send(tx, notifications.Event{Key: "merge:" + strconv.FormatInt(sourceID, 10),
			Kind: notifications.KindMerge, IdeaID: targetID, Actor: actor, Text: source.Title, Detail: target.Title}, notifications.Interested(sourceID)); err != nil {
			return err
		}
		if err := moveSupport(tx, sourceID, targetID, target.ChallengeID); err != nil {
			return err
		}
		if err := tx.Exec("UPDATE comments SET idea_id = ? WHERE idea_id = ?", targetID, sourceID).Error; err != nil {
			return err
		}
		if err := ideas.Recount(tx, targetID); err != nil {
			return err
		}
		now := time.Now().UTC()
		response := strings.TrimSpace(reason)
		if err := tx.Model(&ideas.Idea{}).Where("id = ?", sourceID).UpdateColumns(map[string]any{
			"status": ideas.StatusDuplicate, "status_changed_at": now, "merged_into_id": targetID,
			"vote_count": 0, "comment_count": 0, "follower_count": 0, "updated_at": now, "pending": false,
		}).Error; err != nil {
			return err
		}
		// The source leaves the moderation queue: it is no longer shown.
		if _, err := resolveFlags(tx, actor, audit.TargetIdea, sourceID, ResolvedDismissed); err != nil {
			return err
		}
		change := ideas.StatusChange{IdeaID: sourceID, FromStatus: source.Status, ToStatus: ideas.StatusDuplicate, Response: response, CreatedAt: now}
		if actor != nil {
			change.ActorID = &actor.ID
		}
		if err := tx.Omit("ActorName").Create(&change).Error; err != nil {
			return err
		}
		if !source.Hidden {
			if err := challenges.CountInChallenge(tx, source.ChallengeID, -1); err != nil {
				return err
			}
		}
		// The support and the helpful comments now earn for the target.
		if err := reputation.Rebuild(tx, sourceID, targetID); err != nil {
			return err
		}
		var after ideas.Idea
		if err := tx.Select("id, vote_count, comment_count, follower_count").First(&after, targetID).Error; err != nil {
			return err
		}
		return audit.Record(tx, actor, "idea.merge", audit.TargetIdea, sourceID, reason,
			map[string]any{"source_votes": source.VoteCount, "target_votes": target.VoteCount,
				"source_comments": source.CommentCount, "target_comments": target.CommentCount},
			map[string]any{"merged_into": targetID, "target_votes": after.VoteCount,
				"target_comments": after.CommentCount, "target_followers": after.FollowerCount})
	})
	return store.MapErr("merge", err)
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
func (s *Store) SimilarIdeas(ctx context.Context, id int64, limit int) ([]ideas.IdeaCard, error) {
	idea, err := ideas.Of(s.Store).IdeaByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var words []string
	for _, w := range store.SearchWords(idea.Title) {
		if len([]rune(w)) > 3 {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return nil, nil
	}
	q := ideas.CardQuery(s.DB.WithContext(ctx)).
		Where("ideas.hidden = ? AND ideas.merged_into_id IS NULL AND ideas.id <> ?", false, id)
	var cards []ideas.IdeaCard
	err = s.Dialect().SearchFilter(q, words, false).Order("ideas.vote_count DESC, ideas.id DESC").Limit(limit).Scan(&cards).Error
	return cards, store.MapErr("similar ideas", err)
}
