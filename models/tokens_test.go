package models_test

import (
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestTokens(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		u := newUser(t, store, "")
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
				name: "spent once only", purpose: models.PurposeVerify, ttl: time.Hour, wantValid: true,
				attempts: []attempt{{models.PurposeVerify, "", nil}, {models.PurposeVerify, "", models.ErrNotFound}},
			},
			{
				name: "expired", purpose: models.PurposeReset, ttl: -time.Minute, wantValid: false,
				attempts: []attempt{{models.PurposeReset, "", models.ErrNotFound}},
			},
			{
				name: "wrong purpose neither works nor spends it", purpose: models.PurposeVerify, ttl: time.Hour, wantValid: true,
				attempts: []attempt{{models.PurposeReset, "", models.ErrNotFound}, {models.PurposeVerify, "", nil}},
			},
			{
				name: "unknown secret", purpose: models.PurposeReset, ttl: time.Hour, wantValid: true,
				attempts: []attempt{{models.PurposeReset, "not-a-token", models.ErrNotFound}, {models.PurposeReset, "", nil}},
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				secret, err := store.IssueToken(t.Context(), u.ID, tt.purpose, tt.ttl)
				isErr(t, "issue", err, nil)
				equal(t, "secret stored in clear", rows(t, store, "tokens", "hash = ?", secret), 0)
				equal(t, "valid before use", store.TokenValid(t.Context(), tt.purpose, secret), tt.wantValid)
				for _, a := range tt.attempts {
					s := a.secret
					if s == "" {
						s = secret
					}
					userID, err := store.ConsumeToken(t.Context(), a.purpose, s)
					isErr(t, "consume", err, a.wantErr)
					if a.wantErr == nil {
						equal(t, "user of the token", userID, u.ID)
					}
				}
				equal(t, "valid after", store.TokenValid(t.Context(), tt.purpose, secret), false)
			})
		}
	})
}

// TestConsumeTokenConcurrently checks that a link clicked many times at
// once (a reset link, say) works exactly once.
func TestConsumeTokenConcurrently(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		u := newUser(t, store, "")
		secret, err := store.IssueToken(t.Context(), u.ID, models.PurposeReset, time.Hour)
		isErr(t, "issue", err, nil)
		const n = 10
		ok, refused := atOnce(t, n, func() error {
			_, err := store.ConsumeToken(t.Context(), models.PurposeReset, secret)
			return err
		}, models.ErrNotFound)
		equal(t, "successful uses", ok, 1)
		equal(t, "refused uses", refused, n-1)
	})
}
