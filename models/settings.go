package models

import (
	"context"
	"strconv"

	"gorm.io/gorm/clause"
)

// Settings are the site settings an admin can change from the web.
type Settings struct {
	SiteName      string
	WelcomeText   string
	SignupOpen    bool
	RequireVerify bool
	// FlagThreshold is how many people must flag an item for it to be
	// hidden at once, pending a moderator's review.
	FlagThreshold int
	// Premoderate holds every idea from an account without an approved
	// idea in the queue, site-wide (challenges can ask for it alone).
	Premoderate bool
}

// DefaultSettings are in force until an admin changes them.
var DefaultSettings = Settings{
	SiteName:      "Ideario",
	WelcomeText:   "Share your ideas, support the best ones, and help shape what comes next.",
	SignupOpen:    true,
	FlagThreshold: 3,
}

type settingRow struct {
	Name  string `gorm:"primaryKey"`
	Value string
}

func (settingRow) TableName() string { return "settings" }

// Settings reads the site settings, with defaults for what was never set.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	rows, err := siteCached(s.site, "settings", func() ([]settingRow, error) {
		var rows []settingRow
		err := s.DB.WithContext(ctx).Find(&rows).Error
		return rows, err
	})
	if err != nil {
		return DefaultSettings, mapErr("settings", err)
	}
	st := DefaultSettings
	for _, r := range rows {
		switch r.Name {
		case "site_name":
			st.SiteName = r.Value
		case "welcome_text":
			st.WelcomeText = r.Value
		case "signup_open":
			st.SignupOpen, _ = strconv.ParseBool(r.Value)
		case "require_verify":
			st.RequireVerify, _ = strconv.ParseBool(r.Value)
		case "flag_threshold":
			if n, err := strconv.Atoi(r.Value); err == nil && n > 0 {
				st.FlagThreshold = n
			}
		case "premoderate":
			st.Premoderate, _ = strconv.ParseBool(r.Value)
		}
	}
	return st, nil
}

// SaveSettings stores every site setting.
func (s *Store) SaveSettings(ctx context.Context, st Settings) error {
	rows := []settingRow{
		{"site_name", st.SiteName},
		{"welcome_text", st.WelcomeText},
		{"signup_open", strconv.FormatBool(st.SignupOpen)},
		{"require_verify", strconv.FormatBool(st.RequireVerify)},
		{"flag_threshold", strconv.Itoa(st.FlagThreshold)},
		{"premoderate", strconv.FormatBool(st.Premoderate)},
	}
	err := s.DB.WithContext(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(&rows).Error
	return mapErr("save settings", err)
}
