package challenges

import (
	"context"
	"time"

	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// challengeFollow is a person following a challenge: its week's top ideas
// come in their digest.
type challengeFollow struct {
	UserID      int64
	ChallengeID int64
	CreatedAt   time.Time
}

func (challengeFollow) TableName() string { return "challenge_follows" }

// FollowIn makes a person follow a challenge, in a transaction; following
// twice is following.
func FollowIn(tx *gorm.DB, userID, challengeID int64) error {
	return tx.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&challengeFollow{UserID: userID, ChallengeID: challengeID, CreatedAt: time.Now().UTC()}).Error
}

// Follow makes a person follow a challenge.
func (s *Store) Follow(ctx context.Context, userID, challengeID int64) error {
	return store.MapErr("follow challenge", FollowIn(s.Writes(ctx, store.Unseen), userID, challengeID))
}

// Unfollow stops a person following a challenge.
func (s *Store) Unfollow(ctx context.Context, userID, challengeID int64) error {
	err := s.Writes(ctx, store.Unseen).Where("user_id = ? AND challenge_id = ?", userID, challengeID).
		Delete(&challengeFollow{}).Error
	return store.MapErr("unfollow challenge", err)
}

// Follows tells whether a person follows a challenge.
func (s *Store) Follows(ctx context.Context, userID, challengeID int64) (bool, error) {
	var n int64
	err := s.DB.WithContext(ctx).Model(&challengeFollow{}).
		Where("user_id = ? AND challenge_id = ?", userID, challengeID).Count(&n).Error
	return n > 0, store.MapErr("follows challenge", err)
}
