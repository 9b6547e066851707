package site

import (
	"cmp"
	"context"
	"reflect"
	"strconv"
	"strings"

	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
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
	// DefaultLocale is the language of visitors whose browser asks for
	// none that Ideario offers, and of the site's own texts.
	DefaultLocale string
	// Welcomes are the welcome text in other languages than the default,
	// by locale; a language without one shows WelcomeText.
	Welcomes map[string]string
}

// Welcome is the welcome text in a language, or in the default one.
func (st Settings) Welcome(locale string) string {
	if w := st.Welcomes[locale]; w != "" {
		return w
	}
	return st.WelcomeText
}

// Equal tells whether two settings say the same; a welcome text left
// empty is the same as none.
func (st Settings) Equal(o Settings) bool {
	st.Welcomes, o.Welcomes = givenWelcomes(st.Welcomes), givenWelcomes(o.Welcomes)
	return reflect.DeepEqual(st, o)
}

// givenWelcomes are the welcome texts that are not empty, or nil.
func givenWelcomes(w map[string]string) map[string]string {
	var out map[string]string
	for locale, text := range w {
		if text != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[locale] = text
		}
	}
	return out
}

// welcomePrefix names the settings that hold the welcome text in another
// language: "welcome_text.pt-BR".
const welcomePrefix = "welcome_text."

// DefaultSettings are in force until an admin changes them.
var DefaultSettings = Settings{
	SiteName:      "Ideario",
	WelcomeText:   "Share your ideas, support the best ones, and help shape what comes next.",
	SignupOpen:    true,
	FlagThreshold: 3,
	DefaultLocale: "en",
}

type settingRow struct {
	Name  string `gorm:"primaryKey"`
	Value string
}

func (settingRow) TableName() string { return "settings" }

// Settings reads the site settings, with defaults for what was never set.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	rows, err := store.SiteCached(s.SiteCache(), "settings", func() ([]settingRow, error) {
		var rows []settingRow
		err := s.DB.WithContext(ctx).Find(&rows).Error
		return rows, err
	})
	if err != nil {
		return DefaultSettings, store.MapErr("settings", err)
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
		case "default_locale":
			st.DefaultLocale = r.Value
		default:
			if locale, ok := strings.CutPrefix(r.Name, welcomePrefix); ok && r.Value != "" {
				if st.Welcomes == nil {
					st.Welcomes = map[string]string{}
				}
				st.Welcomes[locale] = r.Value
			}
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
		{"default_locale", cmp.Or(st.DefaultLocale, DefaultSettings.DefaultLocale)},
	}
	for locale, text := range st.Welcomes {
		if text != "" {
			rows = append(rows, settingRow{welcomePrefix + locale, text})
		}
	}
	err := s.Tx(ctx, store.Site, func(tx *gorm.DB) error {
		// the welcome texts of languages not given are dropped
		if err := tx.Where("name LIKE ?", welcomePrefix+"%").Delete(&settingRow{}).Error; err != nil {
			return err
		}
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&rows).Error
	})
	return store.MapErr("save settings", err)
}
