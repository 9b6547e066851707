package site

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm/clause"
)

// secretSetting names the settings row that holds the generated key.
const secretSetting = "session_secret"

// SharedSecret returns the key that signs sessions and tokens when none is
// configured, generating it on first use. It lives in the database so that
// every instance of a PostgreSQL deployment signs and checks sessions with
// the same key without being told it; the first instance to start writes
// it and the others read that one.
func (s *Store) SharedSecret(ctx context.Context) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", store.MapErr("shared secret", err)
	}
	db := s.Writes(ctx, store.Unseen)
	err := db.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&settingRow{Name: secretSetting, Value: hex.EncodeToString(raw)}).Error
	if err != nil {
		return "", store.MapErr("shared secret", err)
	}
	var row settingRow
	err = db.Where("name = ?", secretSetting).First(&row).Error
	return row.Value, store.MapErr("shared secret", err)
}
