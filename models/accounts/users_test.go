package accounts_test

import (
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

func TestCreateUser(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		tests := []struct {
			name        string
			before      []accounts.NewUser
			in          accounts.NewUser
			wantErr     error
			wantEmail   string
			wantCountry string
			wantRole    string
			wantLocale  string
		}{
			{
				name:      "email stored trimmed and lower-case",
				in:        accounts.NewUser{Name: " Ana ", Email: "  Ana.Souza@Example.COM ", Password: "pw-123456", Country: "br"},
				wantEmail: "ana.souza@example.com", wantCountry: "BR", wantRole: accounts.RoleContributor, wantLocale: "en",
			},
			{
				name:      "role and locale kept",
				in:        accounts.NewUser{Name: "Mod", Email: "mod@example.com", Password: "pw-123456", Country: "it", Locale: "it", Role: accounts.RoleModerator},
				wantEmail: "mod@example.com", wantCountry: "IT", wantRole: accounts.RoleModerator, wantLocale: "it",
			},
			{
				name:    "same address in another case is a duplicate",
				before:  []accounts.NewUser{{Name: "First", Email: "dup@example.com", Password: "pw-123456"}},
				in:      accounts.NewUser{Name: "Second", Email: "DUP@Example.com", Password: "pw-654321"},
				wantErr: store.ErrDuplicate,
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for _, b := range tt.before {
					if _, err := db.Accounts.CreateUser(t.Context(), b); err != nil {
						t.Fatalf("create %s: %v", b.Email, err)
					}
				}
				u, err := db.Accounts.CreateUser(t.Context(), tt.in)
				testutil.IsErr(t, "create user", err, tt.wantErr)
				if tt.wantErr != nil {
					testutil.Equal(t, "accounts with that address", testutil.Rows(t, db, "users", "email = ?", accounts.NormalizeEmail(tt.in.Email)), 1)
					return
				}
				got, err := db.Accounts.UserByEmail(t.Context(), strings.ToUpper(tt.in.Email))
				testutil.IsErr(t, "user by email", err, nil)
				testutil.Equal(t, "id", got.ID, u.ID)
				testutil.Equal(t, "email", got.Email, tt.wantEmail)
				testutil.Equal(t, "name", got.Name, strings.TrimSpace(tt.in.Name))
				testutil.Equal(t, "country", got.Country, tt.wantCountry)
				testutil.Equal(t, "role", got.Role, tt.wantRole)
				testutil.Equal(t, "locale", got.Locale, tt.wantLocale)
				testutil.Equal(t, "notify email", got.NotifyEmail, true)
				testutil.Equal(t, "password stored in clear", got.PasswordHash == tt.in.Password, false)
			})
		}
	})
}

func TestAuthenticate(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		u, err := db.Accounts.CreateUser(t.Context(), accounts.NewUser{Name: "Ana", Email: "ana@example.com", Password: "correct horse"})
		testutil.IsErr(t, "create user", err, nil)
		tests := []struct {
			name, email, password string
			wantErr               error
		}{
			{"right password", "ana@example.com", "correct horse", nil},
			{"address in another case", " ANA@Example.com ", "correct horse", nil},
			{"wrong password", "ana@example.com", "Correct horse", accounts.ErrBadCredentials},
			{"empty password", "ana@example.com", "", accounts.ErrBadCredentials},
			{"unknown address", "nobody@example.com", "correct horse", accounts.ErrBadCredentials},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.Accounts.Authenticate(t.Context(), tt.email, tt.password)
				testutil.IsErr(t, "authenticate", err, tt.wantErr)
				if tt.wantErr == nil {
					testutil.Equal(t, "user id", got.ID, u.ID)
				} else if got != nil {
					t.Errorf("authenticate returned user %d with an error", got.ID)
				}
			})
		}
	})
}

func TestUpdateAccount(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		tests := []struct {
			name         string
			in           accounts.AccountUpdate
			wantName     string
			wantCountry  string
			wantLocale   string
			wantPassword string // the password that logs in afterwards
		}{
			{
				name:     "profile without a new password",
				in:       accounts.AccountUpdate{Name: "  Bia Lima ", Country: "pt", Locale: "pt"},
				wantName: "Bia Lima", wantCountry: "PT", wantLocale: "pt", wantPassword: "password-123",
			},
			{
				name:     "new password",
				in:       accounts.AccountUpdate{Name: "Bia", Country: "BR", Locale: "en", NewPassword: "brand-new-pass"},
				wantName: "Bia", wantCountry: "BR", wantLocale: "en", wantPassword: "brand-new-pass",
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u := testutil.NewUser(t, db, "")
				testutil.IsErr(t, "update account", db.Accounts.UpdateAccount(t.Context(), u.ID, tt.in), nil)
				got, err := db.Accounts.UserByID(t.Context(), u.ID)
				testutil.IsErr(t, "user", err, nil)
				testutil.Equal(t, "name", got.Name, tt.wantName)
				testutil.Equal(t, "country", got.Country, tt.wantCountry)
				testutil.Equal(t, "locale", got.Locale, tt.wantLocale)
				testutil.Equal(t, "email unchanged", got.Email, u.Email)
				_, err = db.Accounts.Authenticate(t.Context(), u.Email, tt.wantPassword)
				testutil.IsErr(t, "log in with "+tt.wantPassword, err, nil)
				if tt.wantPassword != "password-123" {
					_, err = db.Accounts.Authenticate(t.Context(), u.Email, "password-123")
					testutil.IsErr(t, "log in with the old password", err, accounts.ErrBadCredentials)
				}
			})
		}
	})
}

func TestSetRole(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		u := testutil.NewUser(t, db, "")
		tests := []struct {
			name     string
			id       int64
			role     string
			wantErr  error
			wantRole string
		}{
			{"contributor to moderator", u.ID, accounts.RoleModerator, nil, accounts.RoleModerator},
			{"same role again", u.ID, accounts.RoleModerator, nil, accounts.RoleModerator},
			{"to admin", u.ID, accounts.RoleAdmin, nil, accounts.RoleAdmin},
			{"unknown user", u.ID + 1000, accounts.RoleAdmin, store.ErrNotFound, accounts.RoleAdmin},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				testutil.IsErr(t, "set role", db.Accounts.SetRole(t.Context(), tt.id, tt.role), tt.wantErr)
				got, err := db.Accounts.UserByID(t.Context(), u.ID)
				testutil.IsErr(t, "user", err, nil)
				testutil.Equal(t, "role", got.Role, tt.wantRole)
			})
		}
		_, err := db.Accounts.UserByID(t.Context(), u.ID+1000)
		testutil.IsErr(t, "unknown user by id", err, store.ErrNotFound)
	})
}
