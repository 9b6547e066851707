package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// One-time token purposes.
const (
	PurposeVerify = "verify"
	PurposeReset  = "reset"
)

type token struct {
	ID        int64
	UserID    int64
	Purpose   string
	Hash      string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}

// hashToken is how tokens are stored: whoever reads the database cannot
// use what it holds.
func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// IssueToken makes a one-time token for a purpose and returns the secret to
// put in a link; only its hash is stored.
func (s *Store) IssueToken(ctx context.Context, userID int64, purpose string, ttl time.Duration) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("models: token: %w", err)
	}
	secret := base64.RawURLEncoding.EncodeToString(raw)
	now := time.Now().UTC()
	t := token{UserID: userID, Purpose: purpose, Hash: hashToken(secret), ExpiresAt: now.Add(ttl), CreatedAt: now}
	if err := s.Writes(ctx, store.Unseen).Create(&t).Error; err != nil {
		return "", store.MapErr("issue token", err)
	}
	return secret, nil
}

// ConsumeToken checks a token's secret and spends it; it returns the user
// it was made for, or ErrNotFound when it is unknown, used or expired.
func (s *Store) ConsumeToken(ctx context.Context, purpose, secret string) (int64, error) {
	var userID int64
	err := s.Tx(ctx, store.People, func(tx *gorm.DB) error {
		var t token
		// The row lock makes a second spender of the same token wait, then
		// find it used (SQLite has one writer at a time anyway).
		err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).Where("hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
			hashToken(secret), purpose, time.Now().UTC()).First(&t).Error
		if err != nil {
			return err
		}
		userID = t.UserID
		return tx.Model(&t).Update("used_at", time.Now().UTC()).Error
	})
	return userID, store.MapErr("consume token", err)
}

// TokenValid tells whether a token could be spent, without spending it.
func (s *Store) TokenValid(ctx context.Context, purpose, secret string) bool {
	// A failed count reads as invalid: the form is then refused, which is safe.
	var n int64
	s.Writes(ctx, store.Unseen).Model(&token{}).Where("hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
		hashToken(secret), purpose, time.Now().UTC()).Count(&n)
	return n > 0
}
