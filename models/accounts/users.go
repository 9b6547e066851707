package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ideario/ideario/models/passwords"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// dummyHash is checked against when an address is unknown, so that a wrong
// address takes as long as a wrong password.
var dummyHash, _ = passwords.Hash("ideario-dummy-password")

// Roles, from least to most powerful.
const (
	RoleContributor = "contributor"
	RoleModerator   = "moderator"
	RoleSponsor     = "sponsor"
	RoleAdmin       = "admin"
)

// Roles lists every role, for validation and forms.
var Roles = []string{RoleContributor, RoleModerator, RoleSponsor, RoleAdmin}

// User is a registered person.
type User struct {
	ID   int64
	Name string
	// Handle is the name an @mention uses: unique, lower-case, see
	// markdown.ValidHandle.
	Handle         string
	Email          string
	PasswordHash   string `json:"-"`
	Country        string
	Locale         string
	Role           string
	VerifiedAt     *time.Time
	SuspendedUntil *time.Time
	SuspendReason  string
	NotifyEmail    bool
	// HideFromLeaderboard keeps the person off the leaderboards.
	HideFromLeaderboard bool
	// SessionVersion is copied into the session cookie at log-in; raising
	// it ends every session made before, which a cookie alone cannot do.
	SessionVersion int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// IsModerator tells whether the user may moderate (moderators and admins).
func (u *User) IsModerator() bool {
	return u != nil && (u.Role == RoleModerator || u.Role == RoleAdmin)
}

// IsAdmin tells whether the user is an admin.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin }

// CanReadReports tells whether the user may open sponsor reports.
func (u *User) CanReadReports() bool {
	return u != nil && (u.Role == RoleSponsor || u.Role == RoleAdmin)
}

// Suspended tells whether the user may not post at the given time.
func (u *User) Suspended(now time.Time) bool {
	return u != nil && u.SuspendedUntil != nil && now.Before(*u.SuspendedUntil)
}

// NormalizeEmail is the form in which addresses are stored and compared.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// NewUser holds what sign-up and the command line give to CreateUser.
type NewUser struct {
	Name, Email, Password, Country, Locale, Role string
}

// CreateUser stores a new account with its password hashed. It returns
// ErrDuplicate when the address is taken.
func (s *Store) CreateUser(ctx context.Context, in NewUser) (*User, error) {
	hash, err := passwords.Hash(in.Password)
	if err != nil {
		return nil, err
	}
	u := &User{
		Name:         strings.TrimSpace(in.Name),
		Email:        NormalizeEmail(in.Email),
		PasswordHash: hash,
		Country:      strings.ToUpper(in.Country),
		Locale:       in.Locale,
		Role:         in.Role,
		NotifyEmail:  true,
	}
	if u.Locale == "" {
		u.Locale = "en"
	}
	if u.Role == "" {
		u.Role = RoleContributor
	}
	if err := s.createWithHandle(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// UserByID finds one user. Every request of a signed-in person asks for
// it, so it is one plain query, without GORM's reflection. It takes
// microseconds: it does not stop when ctx is cancelled, which would cost
// a goroutine per query in database/sql.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	var u User
	err := s.DB.ConnPool.QueryRowContext(context.WithoutCancel(ctx), "SELECT "+userColumns+" FROM users WHERE id = $1", id).
		Scan(u.columns()...)
	if errors.Is(err, sql.ErrNoRows) {
		return &u, store.ErrNotFound
	}
	return &u, store.MapErr("user", err)
}

// userColumns are the columns of User, in the order of (*User).columns.
const userColumns = `id, name, handle, email, password_hash, country, locale, role, verified_at, suspended_until,
	suspend_reason, notify_email, hide_from_leaderboard, session_version, created_at, updated_at`

// columns are where a row of userColumns goes.
func (u *User) columns() []any {
	return []any{&u.ID, &u.Name, &u.Handle, &u.Email, &u.PasswordHash, &u.Country, &u.Locale, &u.Role, &u.VerifiedAt,
		&u.SuspendedUntil, &u.SuspendReason, &u.NotifyEmail, &u.HideFromLeaderboard, &u.SessionVersion, &u.CreatedAt, &u.UpdatedAt}
}

// UserByEmail finds a user by address, whatever its case.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	if !store.Storable(email) {
		return nil, store.ErrNotFound
	}
	var u User
	err := s.DB.WithContext(ctx).Where("email = ?", NormalizeEmail(email)).First(&u).Error
	return &u, store.MapErr("user by email", err)
}

// ErrBadCredentials means the address or the password is wrong; callers do
// not say which.
var ErrBadCredentials = errors.New("wrong email or password")

// Authenticate checks an address and password. It spends the same time on
// an unknown address as on a wrong password.
func (s *Store) Authenticate(ctx context.Context, email, password string) (*User, error) {
	u, err := s.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		passwords.Check(dummyHash, password)
		return nil, ErrBadCredentials
	}
	if err != nil {
		return nil, err
	}
	if !passwords.Check(u.PasswordHash, password) {
		return nil, ErrBadCredentials
	}
	return u, nil
}

// AccountUpdate holds the fields a person may change on their account.
type AccountUpdate struct {
	Name, Country, Locale string
	Handle                string // empty: unchanged
	HideFromLeaderboard   bool
	NewPassword           string // empty: unchanged
}

// UpdateAccount saves a person's own settings. A handle someone else
// holds is ErrHandleTaken, and then nothing changes.
func (s *Store) UpdateAccount(ctx context.Context, id int64, in AccountUpdate) error {
	fields := map[string]any{
		"name":                  strings.TrimSpace(in.Name),
		"country":               strings.ToUpper(in.Country),
		"locale":                in.Locale,
		"hide_from_leaderboard": in.HideFromLeaderboard,
		"updated_at":            time.Now().UTC(),
	}
	if in.Handle != "" {
		fields["handle"] = in.Handle
	}
	if in.NewPassword != "" {
		hash, err := passwords.Hash(in.NewPassword)
		if err != nil {
			return err
		}
		fields["password_hash"] = hash
		fields["session_version"] = gorm.Expr("session_version + 1")
	}
	err := store.MapErr("update account", s.Writes(ctx, store.People).Model(&User{}).Where("id = ?", id).Updates(fields).Error)
	if errors.Is(err, store.ErrDuplicate) {
		// The handle is the only unique column a person changes here:
		// someone took it between the form's check and this write.
		return ErrHandleTaken
	}
	return err
}

// SetPassword replaces a user's password.
func (s *Store) SetPassword(ctx context.Context, id int64, password string) error {
	hash, err := passwords.Hash(password)
	if err != nil {
		return err
	}
	err = s.Writes(ctx, store.People).Model(&User{}).Where("id = ?", id).
		Updates(map[string]any{"password_hash": hash, "session_version": gorm.Expr("session_version + 1"),
			"updated_at": time.Now().UTC()}).Error
	return store.MapErr("set password", err)
}

// EndSessions signs the person out everywhere: every session cookie made
// before stops working.
func (s *Store) EndSessions(ctx context.Context, id int64) error {
	err := s.Writes(ctx, store.People).Model(&User{}).Where("id = ?", id).
		UpdateColumn("session_version", gorm.Expr("session_version + 1")).Error
	return store.MapErr("end sessions", err)
}

// MarkVerified records that the user proved their address.
func (s *Store) MarkVerified(ctx context.Context, id int64) error {
	now := time.Now().UTC()
	err := s.Writes(ctx, store.People).Model(&User{}).Where("id = ? AND verified_at IS NULL", id).
		Update("verified_at", now).Error
	return store.MapErr("verify", err)
}

// SetRole changes a user's role.
func (s *Store) SetRole(ctx context.Context, id int64, role string) error {
	res := s.Writes(ctx, store.People).Model(&User{}).Where("id = ?", id).
		Updates(map[string]any{"role": role, "updated_at": time.Now().UTC()})
	if res.Error == nil && res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return store.MapErr("set role", res.Error)
}

// Profile is what a public profile page shows of a person.
type Profile struct {
	User          *User
	IdeaCount     int64
	CommentCount  int64
	VotesReceived int64
	// Points are the reputation earned in a report's period, filled by
	// the report's top contributors (a profile reads its total and its
	// reasons from the ledger itself).
	Points int64
}

// UserProfile gathers a person's public figures (their points are kept
// by package reputation).
func (s *Store) UserProfile(ctx context.Context, id int64) (*Profile, error) {
	u, err := s.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &Profile{User: u}
	db := s.DB.WithContext(ctx)
	row := db.Table("ideas").Select("COUNT(*), COALESCE(SUM(vote_count), 0)").
		Where("author_id = ? AND hidden = ?", id, false).Row()
	if err := row.Scan(&p.IdeaCount, &p.VotesReceived); err != nil {
		return nil, fmt.Errorf("models: profile: %w", err)
	}
	if err := db.Table("comments").Where("author_id = ? AND hidden = ? AND deleted = ?", id, false, false).
		Count(&p.CommentCount).Error; err != nil {
		return nil, fmt.Errorf("models: profile: %w", err)
	}
	return p, nil
}

// CountUsers counts accounts (used to make the first account an admin).
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := s.DB.WithContext(ctx).Model(&User{}).Count(&n).Error
	return n, store.MapErr("count users", err)
}

// SetLocale saves the language a person reads the site in.
func (s *Store) SetLocale(ctx context.Context, id int64, locale string) error {
	err := s.Writes(ctx, store.People).Model(&User{}).Where("id = ?", id).
		Updates(map[string]any{"locale": locale, "updated_at": time.Now().UTC()}).Error
	return store.MapErr("set locale", err)
}
