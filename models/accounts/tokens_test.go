package accounts_test

import (
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

func TestTokens(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		u := testutil.NewUser(t, db, "")
		type attempt struct {
			purpose string
			secret  string // "" for the issued one
			wantErr error
		}
		tests := []struct {
			name      string
			purpose   string
			ttl       time.Duration
			wantValid bool
			attempts  []attempt
		}{
			{
				name: "spent once only", purpose: accounts.PurposeVerify, ttl: time.Hour, wantValid: true,
				attempts: []attempt{{accounts.PurposeVerify, "", nil}, {accounts.PurposeVerify, "", store.ErrNotFound}},
			},
			{
				name: "expired", purpose: accounts.PurposeReset, ttl: -time.Minute, wantValid: false,
				attempts: []attempt{{accounts.PurposeReset, "", store.ErrNotFound}},
			},
			{
				name: "wrong purpose neither works nor spends it", purpose: accounts.PurposeVerify, ttl: time.Hour, wantValid: true,
				attempts: []attempt{{accounts.PurposeReset, "", store.ErrNotFound}, {accounts.PurposeVerify, "", nil}},
			},
			{
				name: "unknown secret", purpose: accounts.PurposeReset, ttl: time.Hour, wantValid: true,
				attempts: []attempt{{accounts.PurposeReset, "not-a-token", store.ErrNotFound}, {accounts.PurposeReset, "", nil}},
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				secret, err := db.Accounts.IssueToken(t.Context(), u.ID, tt.purpose, tt.ttl)
				testutil.IsErr(t, "issue", err, nil)
				testutil.Equal(t, "secret stored in clear", testutil.Rows(t, db, "tokens", "hash = ?", secret), 0)
				testutil.Equal(t, "valid before use", db.Accounts.TokenValid(t.Context(), tt.purpose, secret), tt.wantValid)
				for _, a := range tt.attempts {
					s := a.secret
					if s == "" {
						s = secret
					}
					userID, err := db.Accounts.ConsumeToken(t.Context(), a.purpose, s)
					testutil.IsErr(t, "consume", err, a.wantErr)
					if a.wantErr == nil {
						testutil.Equal(t, "user of the token", userID, u.ID)
					}
				}
				testutil.Equal(t, "valid after", db.Accounts.TokenValid(t.Context(), tt.purpose, secret), false)
			})
		}
	})
}

// TestConsumeTokenConcurrently checks that a link clicked many times at
// once (a reset link, say) works exactly once.
func TestConsumeTokenConcurrently(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		u := testutil.NewUser(t, db, "")
		secret, err := db.Accounts.IssueToken(t.Context(), u.ID, accounts.PurposeReset, time.Hour)
		testutil.IsErr(t, "issue", err, nil)
		const n = 10
		ok, refused := testutil.AtOnce(t, n, func() error {
			_, err := db.Accounts.ConsumeToken(t.Context(), accounts.PurposeReset, secret)
			return err
		}, store.ErrNotFound)
		testutil.Equal(t, "successful uses", ok, 1)
		testutil.Equal(t, "refused uses", refused, n-1)
	})
}
