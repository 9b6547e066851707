package accounts_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

func TestAPITokens(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		sponsor, other := testutil.NewUser(t, db, accounts.RoleSponsor), testutil.NewUser(t, db, accounts.RoleSponsor)

		tok, secret, err := db.Accounts.CreateAPIToken(ctx, sponsor.ID, "nightly export")
		testutil.IsErr(t, "create", err, nil)
		testutil.Equal(t, "prefix", strings.HasPrefix(secret, accounts.APITokenPrefix), true)
		testutil.Equal(t, "length", len(secret), len(accounts.APITokenPrefix)+43)
		testutil.Equal(t, "shape", accounts.LooksLikeAPIToken(secret), true)
		testutil.Equal(t, "secret stored in clear", testutil.Rows(t, db, "api_tokens", "hash = ?", secret), 0)
		testutil.Equal(t, "stored hashed", testutil.Rows(t, db, "api_tokens", "id = ? AND hash <> ''", tok.ID), 1)

		t.Run("lookup by secret", func(t *testing.T) {
			u, err := db.Accounts.UserByAPIToken(ctx, secret)
			testutil.IsErr(t, "lookup", err, nil)
			testutil.Equal(t, "owner", u.ID, sponsor.ID)
			testutil.Equal(t, "marked used", testutil.Rows(t, db, "api_tokens", "id = ? AND last_used_at IS NOT NULL", tok.ID), 1)
		})

		t.Run("unknown and malformed secrets", func(t *testing.T) {
			for _, s := range []string{"", "nope", accounts.APITokenPrefix, secret + "AB",
				strings.TrimPrefix(secret, accounts.APITokenPrefix), secret + "x"} {
				_, err := db.Accounts.UserByAPIToken(ctx, s)
				testutil.IsErr(t, "lookup "+s, err, store.ErrNotFound)
			}
			// Right shape, never issued.
			_, err := db.Accounts.UserByAPIToken(ctx, accounts.APITokenPrefix+strings.Repeat("A", 43))
			testutil.IsErr(t, "lookup unissued", err, store.ErrNotFound)
		})

		t.Run("list shows own live tokens", func(t *testing.T) {
			_, _, err := db.Accounts.CreateAPIToken(ctx, other.ID, "someone else's")
			testutil.IsErr(t, "create other", err, nil)
			toks, err := db.Accounts.APITokens(ctx, sponsor.ID)
			testutil.IsErr(t, "list", err, nil)
			testutil.Equal(t, "count", len(toks), 1)
			testutil.Equal(t, "name", toks[0].Name, "nightly export")
		})

		t.Run("another user's token cannot be revoked", func(t *testing.T) {
			testutil.IsErr(t, "revoke other's", db.Accounts.RevokeAPIToken(ctx, other.ID, tok.ID), store.ErrNotFound)
			testutil.IsErr(t, "revoke unknown", db.Accounts.RevokeAPIToken(ctx, sponsor.ID, tok.ID+1000), store.ErrNotFound)
			_, err := db.Accounts.UserByAPIToken(ctx, secret)
			testutil.IsErr(t, "still works", err, nil)
		})

		t.Run("revoked lookup fails", func(t *testing.T) {
			testutil.IsErr(t, "revoke", db.Accounts.RevokeAPIToken(ctx, sponsor.ID, tok.ID), nil)
			testutil.IsErr(t, "revoke again", db.Accounts.RevokeAPIToken(ctx, sponsor.ID, tok.ID), nil)
			_, err := db.Accounts.UserByAPIToken(ctx, secret)
			testutil.IsErr(t, "lookup revoked", err, store.ErrNotFound)
			toks, err := db.Accounts.APITokens(ctx, sponsor.ID)
			testutil.IsErr(t, "list", err, nil)
			testutil.Equal(t, "live after revoke", len(toks), 0)
		})

		t.Run("limit of live tokens", func(t *testing.T) {
			var last *accounts.APIToken
			for range accounts.APITokenLimit {
				last, _, err = db.Accounts.CreateAPIToken(ctx, sponsor.ID, "token")
				testutil.IsErr(t, "create", err, nil)
			}
			_, _, err := db.Accounts.CreateAPIToken(ctx, sponsor.ID, "one too many")
			testutil.IsErr(t, "over the limit", err, accounts.ErrTokenLimit)
			// Revoked tokens do not count.
			testutil.IsErr(t, "revoke", db.Accounts.RevokeAPIToken(ctx, sponsor.ID, last.ID), nil)
			_, _, err = db.Accounts.CreateAPIToken(ctx, sponsor.ID, "after a revoke")
			testutil.IsErr(t, "create after revoke", err, nil)
			// Another person's limit is theirs.
			_, _, err = db.Accounts.CreateAPIToken(ctx, other.ID, "other")
			testutil.IsErr(t, "other person", err, nil)
		})
	})
}

// TestAPITokenLastUsed checks that the last-used time is written at most
// once a minute.
func TestAPITokenLastUsed(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		u := testutil.NewUser(t, db, accounts.RoleAdmin)
		tok, secret, err := db.Accounts.CreateAPIToken(ctx, u.ID, "ci")
		testutil.IsErr(t, "create", err, nil)
		recent := testutil.Ago(10 * time.Second).Truncate(time.Second)
		stale := testutil.Ago(2 * time.Minute).Truncate(time.Second)
		for _, tc := range []struct {
			name      string
			set       time.Time
			wantMoved bool
		}{
			{"used seconds ago: kept", recent, false},
			{"used minutes ago: moved", stale, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				testutil.IsErr(t, "set", testutil.Behind(db).Model(&accounts.APIToken{}).Where("id = ?", tok.ID).Update("last_used_at", tc.set).Error, nil)
				_, err := db.Accounts.UserByAPIToken(ctx, secret)
				testutil.IsErr(t, "lookup", err, nil)
				var got accounts.APIToken
				testutil.IsErr(t, "reload", db.DB.First(&got, tok.ID).Error, nil)
				testutil.Equal(t, "moved", got.LastUsedAt.After(tc.set.Add(time.Second)), tc.wantMoved)
			})
		}
	})
}
