package models_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestAPITokens(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		sponsor, other := newUser(t, store, models.RoleSponsor), newUser(t, store, models.RoleSponsor)

		tok, secret, err := store.CreateAPIToken(ctx, sponsor.ID, "nightly export")
		isErr(t, "create", err, nil)
		equal(t, "prefix", strings.HasPrefix(secret, models.APITokenPrefix), true)
		equal(t, "length", len(secret), len(models.APITokenPrefix)+43)
		equal(t, "shape", models.LooksLikeAPIToken(secret), true)
		equal(t, "secret stored in clear", rows(t, store, "api_tokens", "hash = ?", secret), 0)
		equal(t, "stored hashed", rows(t, store, "api_tokens", "id = ? AND hash <> ''", tok.ID), 1)

		t.Run("lookup by secret", func(t *testing.T) {
			u, err := store.UserByAPIToken(ctx, secret)
			isErr(t, "lookup", err, nil)
			equal(t, "owner", u.ID, sponsor.ID)
			equal(t, "marked used", rows(t, store, "api_tokens", "id = ? AND last_used_at IS NOT NULL", tok.ID), 1)
		})

		t.Run("unknown and malformed secrets", func(t *testing.T) {
			for _, s := range []string{"", "nope", models.APITokenPrefix, secret + "AB",
				strings.TrimPrefix(secret, models.APITokenPrefix), secret + "x"} {
				_, err := store.UserByAPIToken(ctx, s)
				isErr(t, "lookup "+s, err, models.ErrNotFound)
			}
			// Right shape, never issued.
			_, err := store.UserByAPIToken(ctx, models.APITokenPrefix+strings.Repeat("A", 43))
			isErr(t, "lookup unissued", err, models.ErrNotFound)
		})

		t.Run("list shows own live tokens", func(t *testing.T) {
			_, _, err := store.CreateAPIToken(ctx, other.ID, "someone else's")
			isErr(t, "create other", err, nil)
			toks, err := store.APITokens(ctx, sponsor.ID)
			isErr(t, "list", err, nil)
			equal(t, "count", len(toks), 1)
			equal(t, "name", toks[0].Name, "nightly export")
		})

		t.Run("another user's token cannot be revoked", func(t *testing.T) {
			isErr(t, "revoke other's", store.RevokeAPIToken(ctx, other.ID, tok.ID), models.ErrNotFound)
			isErr(t, "revoke unknown", store.RevokeAPIToken(ctx, sponsor.ID, tok.ID+1000), models.ErrNotFound)
			_, err := store.UserByAPIToken(ctx, secret)
			isErr(t, "still works", err, nil)
		})

		t.Run("revoked lookup fails", func(t *testing.T) {
			isErr(t, "revoke", store.RevokeAPIToken(ctx, sponsor.ID, tok.ID), nil)
			isErr(t, "revoke again", store.RevokeAPIToken(ctx, sponsor.ID, tok.ID), nil)
			_, err := store.UserByAPIToken(ctx, secret)
			isErr(t, "lookup revoked", err, models.ErrNotFound)
			toks, err := store.APITokens(ctx, sponsor.ID)
			isErr(t, "list", err, nil)
			equal(t, "live after revoke", len(toks), 0)
		})

		t.Run("limit of live tokens", func(t *testing.T) {
			var last *models.APIToken
			for range models.APITokenLimit {
				last, _, err = store.CreateAPIToken(ctx, sponsor.ID, "token")
				isErr(t, "create", err, nil)
			}
			_, _, err := store.CreateAPIToken(ctx, sponsor.ID, "one too many")
			isErr(t, "over the limit", err, models.ErrTokenLimit)
			// Revoked tokens do not count.
			isErr(t, "revoke", store.RevokeAPIToken(ctx, sponsor.ID, last.ID), nil)
			_, _, err = store.CreateAPIToken(ctx, sponsor.ID, "after a revoke")
			isErr(t, "create after revoke", err, nil)
			// Another person's limit is theirs.
			_, _, err = store.CreateAPIToken(ctx, other.ID, "other")
			isErr(t, "other person", err, nil)
		})
	})
}

// TestAPITokenLastUsed checks that the last-used time is written at most
// once a minute.
func TestAPITokenLastUsed(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		u := newUser(t, store, models.RoleAdmin)
		tok, secret, err := store.CreateAPIToken(ctx, u.ID, "ci")
		isErr(t, "create", err, nil)
		recent := ago(10 * time.Second).Truncate(time.Second)
		stale := ago(2 * time.Minute).Truncate(time.Second)
		for _, tc := range []struct {
			name      string
			set       time.Time
			wantMoved bool
		}{
			{"used seconds ago: kept", recent, false},
			{"used minutes ago: moved", stale, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				isErr(t, "set", store.DB.Model(&models.APIToken{}).Where("id = ?", tok.ID).Update("last_used_at", tc.set).Error, nil)
				_, err := store.UserByAPIToken(ctx, secret)
				isErr(t, "lookup", err, nil)
				var got models.APIToken
				isErr(t, "reload", store.DB.First(&got, tok.ID).Error, nil)
				equal(t, "moved", got.LastUsedAt.After(tc.set.Add(time.Second)), tc.wantMoved)
			})
		}
	})
}
