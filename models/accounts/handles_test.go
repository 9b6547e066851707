package accounts_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/slug"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

func TestSignUpHandles(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		tests := []struct {
			name, person string
			want         string // "" for the fallback user<id>
		}{
			{"from the name, accents folded", "João Gonçalves", "joao_goncalves"},
			{"the same name again is numbered", "Joao Goncalves", "joao_goncalves_2"},
			{"and again", "JOÃO  GONÇALVES!", "joao_goncalves_3"},
			{"a name without usable letters", "李小龙", ""},
			{"a name too short", "Al", ""},
			{"a name of the fallback's form", "User42", ""},
			{"a long name cut to fit", "Maximiliano Alessandro Bartolomeu Silva", "maximiliano_alessandro_bartolo"},
			{"and numbered within the limit", "Maximiliano Alessandro Bartolomeu Sousa", "maximiliano_alessandro_barto_2"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u, err := db.Accounts.CreateUser(t.Context(), accounts.NewUser{Name: tt.person,
					Email: testutil.Name("h") + "@example.com", Password: "password-123", Country: "br"})
				testutil.IsErr(t, "create user", err, nil)
				want := tt.want
				if want == "" {
					want = slug.FallbackHandle(u.ID)
				}
				testutil.Equal(t, "handle", u.Handle, want)
				stored, err := db.Accounts.UserByID(t.Context(), u.ID)
				testutil.IsErr(t, "reload", err, nil)
				testutil.Equal(t, "stored handle", stored.Handle, want)
			})
		}
		t.Run("a taken address is still ErrDuplicate", func(t *testing.T) {
			in := accounts.NewUser{Name: "Bia Lima", Email: testutil.Name("b") + "@example.com", Password: "password-123", Country: "br"}
			_, err := db.Accounts.CreateUser(t.Context(), in)
			testutil.IsErr(t, "first", err, nil)
			_, err = db.Accounts.CreateUser(t.Context(), in)
			testutil.IsErr(t, "second", err, store.ErrDuplicate)
		})
	})
}

func TestChangeHandle(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ana, bia := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		keep := accounts.AccountUpdate{Name: "Bia", Country: "BR", Locale: "en"}
		tests := []struct {
			name     string
			who      *accounts.User
			handle   string
			wantFree bool
			wantErr  error
		}{
			{"a free handle", ana, "ana_costa", true, nil},
			{"someone else's", bia, "ana_costa", false, accounts.ErrHandleTaken},
			{"one's own", ana, "ana_costa", true, nil},
			{"another account's fallback", bia, slug.FallbackHandle(ana.ID), false, nil},
			{"one's own fallback", bia, slug.FallbackHandle(bia.ID), true, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				free, err := db.Accounts.HandleFree(t.Context(), tt.who.ID, tt.handle)
				testutil.IsErr(t, "handle free", err, nil)
				testutil.Equal(t, "free", free, tt.wantFree)
				if !tt.wantFree && tt.wantErr == nil {
					return // the form refuses it before any write
				}
				before, _ := db.Accounts.UserByID(t.Context(), tt.who.ID)
				in := keep
				in.Handle = tt.handle
				err = db.Accounts.UpdateAccount(t.Context(), tt.who.ID, in)
				testutil.IsErr(t, "update", err, tt.wantErr)
				after, _ := db.Accounts.UserByID(t.Context(), tt.who.ID)
				if tt.wantErr != nil {
					testutil.Equal(t, "handle kept", after.Handle, before.Handle)
					testutil.Equal(t, "name kept", after.Name, before.Name)
					return
				}
				testutil.Equal(t, "handle", after.Handle, tt.handle)
			})
		}
	})
}

func TestNormalizeHandle(t *testing.T) {
	for in, want := range map[string]string{" @Ana_Costa ": "ana_costa", "bia": "bia", "@@x": "@x"} {
		testutil.Equal(t, "NormalizeHandle("+in+")", accounts.NormalizeHandle(in), want)
	}
}
