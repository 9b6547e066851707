package models_test

import (
	"strings"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestCreateUser(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		tests := []struct {
			name        string
			before      []models.NewUser
			in          models.NewUser
			wantErr     error
			wantEmail   string
			wantCountry string
			wantRole    string
			wantLocale  string
		}{
			{
				name:      "email stored trimmed and lower-case",
				in:        models.NewUser{Name: " Ana ", Email: "  Ana.Souza@Example.COM ", Password: "pw-123456", Country: "br"},
				wantEmail: "ana.souza@example.com", wantCountry: "BR", wantRole: models.RoleContributor, wantLocale: "en",
			},
			{
				name:      "role and locale kept",
				in:        models.NewUser{Name: "Mod", Email: "mod@example.com", Password: "pw-123456", Country: "it", Locale: "it", Role: models.RoleModerator},
				wantEmail: "mod@example.com", wantCountry: "IT", wantRole: models.RoleModerator, wantLocale: "it",
			},
			{
				name:    "same address in another case is a duplicate",
				before:  []models.NewUser{{Name: "First", Email: "dup@example.com", Password: "pw-123456"}},
				in:      models.NewUser{Name: "Second", Email: "DUP@Example.com", Password: "pw-654321"},
				wantErr: models.ErrDuplicate,
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for _, b := range tt.before {
					if _, err := store.CreateUser(t.Context(), b); err != nil {
						t.Fatalf("create %s: %v", b.Email, err)
					}
				}
				u, err := store.CreateUser(t.Context(), tt.in)
				isErr(t, "create user", err, tt.wantErr)
				if tt.wantErr != nil {
					equal(t, "accounts with that address", rows(t, store, "users", "email = ?", models.NormalizeEmail(tt.in.Email)), 1)
					return
				}
				got, err := store.UserByEmail(t.Context(), strings.ToUpper(tt.in.Email))
				isErr(t, "user by email", err, nil)
				equal(t, "id", got.ID, u.ID)
				equal(t, "email", got.Email, tt.wantEmail)
				equal(t, "name", got.Name, strings.TrimSpace(tt.in.Name))
				equal(t, "country", got.Country, tt.wantCountry)
				equal(t, "role", got.Role, tt.wantRole)
				equal(t, "locale", got.Locale, tt.wantLocale)
				equal(t, "notify email", got.NotifyEmail, true)
				equal(t, "password stored in clear", got.PasswordHash == tt.in.Password, false)
			})
		}
	})
}

func TestAuthenticate(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		u, err := store.CreateUser(t.Context(), models.NewUser{Name: "Ana", Email: "ana@example.com", Password: "correct horse"})
		isErr(t, "create user", err, nil)
		tests := []struct {
			name, email, password string
			wantErr               error
		}{
			{"right password", "ana@example.com", "correct horse", nil},
			{"address in another case", " ANA@Example.com ", "correct horse", nil},
			{"wrong password", "ana@example.com", "Correct horse", models.ErrBadCredentials},
			{"empty password", "ana@example.com", "", models.ErrBadCredentials},
			{"unknown address", "nobody@example.com", "correct horse", models.ErrBadCredentials},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := store.Authenticate(t.Context(), tt.email, tt.password)
				isErr(t, "authenticate", err, tt.wantErr)
				if tt.wantErr == nil {
					equal(t, "user id", got.ID, u.ID)
				} else if got != nil {
					t.Errorf("authenticate returned user %d with an error", got.ID)
				}
			})
		}
	})
}

func TestUpdateAccount(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		tests := []struct {
			name         string
			in           models.AccountUpdate
			wantName     string
			wantCountry  string
			wantLocale   string
			wantNotify   bool
			wantPassword string // the password that logs in afterwards
		}{
			{
				name:     "profile without a new password",
				in:       models.AccountUpdate{Name: "  Bia Lima ", Country: "pt", Locale: "pt", NotifyEmail: false},
				wantName: "Bia Lima", wantCountry: "PT", wantLocale: "pt", wantNotify: false, wantPassword: "password-123",
			},
			{
				name:     "new password",
				in:       models.AccountUpdate{Name: "Bia", Country: "BR", Locale: "en", NotifyEmail: true, NewPassword: "brand-new-pass"},
				wantName: "Bia", wantCountry: "BR", wantLocale: "en", wantNotify: true, wantPassword: "brand-new-pass",
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u := newUser(t, store, "")
				isErr(t, "update account", store.UpdateAccount(t.Context(), u.ID, tt.in), nil)
				got, err := store.UserByID(t.Context(), u.ID)
				isErr(t, "user", err, nil)
				equal(t, "name", got.Name, tt.wantName)
				equal(t, "country", got.Country, tt.wantCountry)
				equal(t, "locale", got.Locale, tt.wantLocale)
				equal(t, "notify email", got.NotifyEmail, tt.wantNotify)
				equal(t, "email unchanged", got.Email, u.Email)
				_, err = store.Authenticate(t.Context(), u.Email, tt.wantPassword)
				isErr(t, "log in with "+tt.wantPassword, err, nil)
				if tt.wantPassword != "password-123" {
					_, err = store.Authenticate(t.Context(), u.Email, "password-123")
					isErr(t, "log in with the old password", err, models.ErrBadCredentials)
				}
			})
		}
	})
}

func TestSetRole(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		u := newUser(t, store, "")
		tests := []struct {
			name     string
			id       int64
			role     string
			wantErr  error
			wantRole string
		}{
			{"contributor to moderator", u.ID, models.RoleModerator, nil, models.RoleModerator},
			{"same role again", u.ID, models.RoleModerator, nil, models.RoleModerator},
			{"to admin", u.ID, models.RoleAdmin, nil, models.RoleAdmin},
			{"unknown user", u.ID + 1000, models.RoleAdmin, models.ErrNotFound, models.RoleAdmin},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				isErr(t, "set role", store.SetRole(t.Context(), tt.id, tt.role), tt.wantErr)
				got, err := store.UserByID(t.Context(), u.ID)
				isErr(t, "user", err, nil)
				equal(t, "role", got.Role, tt.wantRole)
			})
		}
		_, err := store.UserByID(t.Context(), u.ID+1000)
		isErr(t, "unknown user by id", err, models.ErrNotFound)
	})
}
