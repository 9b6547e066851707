package accounts

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models/slug"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// ErrHandleTaken means another person holds the handle.
var ErrHandleTaken = errors.New("accounts: handle taken")

// handleTries is how often sign-up picks a handle again when another
// sign-up took the same one at the same moment (PostgreSQL only: SQLite
// writes one at a time).
const handleTries = 3

// handleBatch is how many numbered forms of a handle one query checks.
const handleBatch = 20

// createWithHandle stores a new account with the handle its name
// suggests, numbered when taken, or user<id> when the name gives none.
func (s *Store) createWithHandle(ctx context.Context, u *User) error {
	for try := 1; ; try++ {
		err := s.Tx(ctx, store.People, func(tx *gorm.DB) error {
			h, err := freeHandle(tx, slug.Handle(u.Name))
			if err != nil {
				return err
			}
			u.Handle = h
			if err := tx.Create(u).Error; err != nil {
				return err
			}
			if h != "" {
				return nil
			}
			// The row had "" for a moment, inside this transaction only.
			u.Handle = slug.FallbackHandle(u.ID)
			return tx.Model(u).UpdateColumn("handle", u.Handle).Error
		})
		err = store.MapErr("create user", err)
		if !errors.Is(err, store.ErrDuplicate) || try == handleTries {
			return err
		}
		if _, lookErr := s.UserByEmail(ctx, u.Email); !errors.Is(lookErr, store.ErrNotFound) {
			return err // the address is taken (or the look-up failed)
		}
		u.ID = 0
	}
}

// freeHandle is base or its first free numbered form (base_2, ...),
// checked a batch at a time; "" when base is "".
func freeHandle(tx *gorm.DB, base string) (string, error) {
	if base == "" {
		return "", nil
	}
	candidates := []string{base}
	for n := 2; ; n += handleBatch {
		for i := n; i < n+handleBatch; i++ {
			candidates = append(candidates, slug.NumberedHandle(base, i))
		}
		var taken []string
		if err := tx.Model(&User{}).Where("handle IN ?", candidates).Pluck("handle", &taken).Error; err != nil {
			return "", err
		}
		for _, h := range candidates {
			if !slices.Contains(taken, h) {
				return h, nil
			}
		}
		candidates = candidates[:0]
	}
}

// NormalizeHandle is the form in which a typed handle is checked and
// stored: trimmed, without a leading @, lower-cased.
func NormalizeHandle(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}

// HandleFree tells whether the person userID may take the handle: nobody
// else holds it, and it is not another account's fallback (user<id>).
func (s *Store) HandleFree(ctx context.Context, userID int64, handle string) (bool, error) {
	if slug.IsFallbackHandle(handle) && handle != slug.FallbackHandle(userID) {
		return false, nil
	}
	var ids []int64
	err := s.DB.WithContext(ctx).Model(&User{}).Where("handle = ? AND id <> ?", handle, userID).Limit(1).Pluck("id", &ids).Error
	return len(ids) == 0, store.MapErr("handle free", err)
}

// PeopleByHandle finds the people who hold the given handles (lower-case),
// in one query: their ids by handle. Handles nobody holds are left out.
func PeopleByHandle(tx *gorm.DB, handles []string) (map[string]int64, error) {
	people := make(map[string]int64, len(handles))
	if len(handles) == 0 {
		return people, nil
	}
	var rows []struct {
		ID     int64
		Handle string
	}
	if err := tx.Model(&User{}).Select("id, handle").Where("handle IN ?", handles).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		people[r.Handle] = r.ID
	}
	return people, nil
}

// RenderMentions renders a Markdown text with its @mentions of people
// linked to their profiles (see markdown.Doc), the handles looked up in
// one query in tx. It answers the HTML and the people mentioned.
func RenderMentions(tx *gorm.DB, src string) (html string, mentioned []int64, err error) {
	doc := markdown.Parse(src)
	people, err := PeopleByHandle(tx, doc.Handles())
	if err != nil {
		return "", nil, err
	}
	html, mentioned = doc.HTML(people)
	return html, mentioned, nil
}
