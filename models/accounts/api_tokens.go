package accounts

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Personal API tokens let a sponsor's scripts read the reports. The secret
// is shown once when it is made; only its hash is kept.
const (
	// APITokenPrefix starts every secret, so that a leaked one is easy to
	// recognise (by people and by secret scanners).
	APITokenPrefix = "idr_"
	// APITokenLimit is how many live tokens one person may hold.
	APITokenLimit = 20
	// apiTokenTouchEvery spares the database a write per request: the
	// last-used time is kept to the minute.
	apiTokenTouchEvery = time.Minute
)

// ErrTokenLimit is returned when a person already holds APITokenLimit live tokens.
var ErrTokenLimit = errors.New("too many API tokens")

// APIToken is a personal API token, without its secret.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Hash       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// TableName names the table of API tokens.
func (APIToken) TableName() string { return "api_tokens" }

// newAPITokenSecret is the prefix and 32 random bytes in base64url (43 characters).
func newAPITokenSecret() (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("models: api token: %w", err)
	}
	return APITokenPrefix + base64.RawURLEncoding.EncodeToString(raw), nil
}

// LooksLikeAPIToken tells whether a string has the shape of a secret made
// by CreateAPIToken, so that garbage is refused without a query.
func LooksLikeAPIToken(secret string) bool {
	rest, ok := strings.CutPrefix(secret, APITokenPrefix)
	if !ok || len(rest) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}

// CreateAPIToken makes a named token for a user and returns it with its
// secret, which is not stored and cannot be shown again. It fails with
// ErrTokenLimit when the user already holds APITokenLimit live tokens.
func (s *Store) CreateAPIToken(ctx context.Context, userID int64, name string) (*APIToken, string, error) {
	secret, err := newAPITokenSecret()
	if err != nil {
		return nil, "", err
	}
	tok := &APIToken{UserID: userID, Name: name, Hash: hashToken(secret), CreatedAt: time.Now().UTC()}
	err = s.Tx(ctx, store.Unseen, func(tx *gorm.DB) error {
		// Locking the owner's row makes two concurrent requests count one
		// after the other (PostgreSQL; SQLite has one writer anyway).
		var u User
		if err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).Select("id").First(&u, userID).Error; err != nil {
			return err
		}
		var live int64
		if err := tx.Model(&APIToken{}).Where("user_id = ? AND revoked_at IS NULL", userID).Count(&live).Error; err != nil {
			return err
		}
		if live >= APITokenLimit {
			return ErrTokenLimit
		}
		return tx.Create(tok).Error
	})
	if errors.Is(err, ErrTokenLimit) {
		return nil, "", err
	}
	if err != nil {
		return nil, "", store.MapErr("create api token", err)
	}
	return tok, secret, nil
}

// APITokens lists a user's live tokens, newest first.
func (s *Store) APITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	var toks []APIToken
	err := s.DB.WithContext(ctx).Where("user_id = ? AND revoked_at IS NULL", userID).
		Order("created_at DESC, id DESC").Limit(APITokenLimit).Find(&toks).Error
	return toks, store.MapErr("api tokens", err)
}

// RevokeAPIToken ends one of the user's own tokens; someone else's token,
// or one that does not exist, is ErrNotFound. Revoking twice is harmless.
func (s *Store) RevokeAPIToken(ctx context.Context, userID, id int64) error {
	var tok APIToken
	err := s.DB.WithContext(ctx).Where("id = ? AND user_id = ?", id, userID).First(&tok).Error
	if err != nil {
		return store.MapErr("revoke api token", err)
	}
	err = s.Writes(ctx, store.Unseen).Model(&APIToken{}).Where("id = ? AND revoked_at IS NULL", id).
		Update("revoked_at", time.Now().UTC()).Error
	return store.MapErr("revoke api token", err)
}

// UserByAPIToken finds the owner of a live token from its secret, and
// notes that the token was used (at most once a minute). An unknown or
// revoked token is ErrNotFound.
func (s *Store) UserByAPIToken(ctx context.Context, secret string) (*User, error) {
	if !LooksLikeAPIToken(secret) {
		return nil, store.ErrNotFound
	}
	var tok APIToken
	err := s.DB.WithContext(ctx).Where("hash = ? AND revoked_at IS NULL", hashToken(secret)).First(&tok).Error
	if err != nil {
		return nil, store.MapErr("api token", err)
	}
	u, err := s.UserByID(ctx, tok.UserID)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	if tok.LastUsedAt == nil || now.Sub(*tok.LastUsedAt) >= apiTokenTouchEvery {
		// The condition is repeated in the query so that instances serving
		// the same token at once write it once.
		err := s.Writes(ctx, store.Unseen).Model(&APIToken{}).
			Where("id = ? AND (last_used_at IS NULL OR last_used_at <= ?)", tok.ID, now.Add(-apiTokenTouchEvery)).
			Update("last_used_at", now).Error
		if err != nil {
			return nil, store.MapErr("api token used", err)
		}
	}
	return u, nil
}
