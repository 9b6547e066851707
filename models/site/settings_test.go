package site_test

import (
	"cmp"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/site"
	"github.com/ideario/ideario/testutil"
)

func TestSettings(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		got, err := store.Site.Settings(t.Context())
		testutil.IsErr(t, "settings", err, nil)
		testutil.Equal(t, "settings of an empty database", got.Equal(site.DefaultSettings), true)

		threshold := func(s site.Settings, n int) site.Settings { s.FlagThreshold = n; return s }
		tests := []struct {
			name string
			save site.Settings
			want site.Settings
		}{
			{"first save", site.Settings{SiteName: "Mio", WelcomeText: "Design the car with us.", SignupOpen: false, RequireVerify: true, FlagThreshold: 2, Premoderate: true,
				DefaultLocale: "pt-BR", Welcomes: map[string]string{"en": "Design the car with us.", "fr": "Dessinez la voiture avec nous."}}, site.Settings{}},
			{"second save overwrites", site.Settings{SiteName: "Mio Città ✓", WelcomeText: "Línea 1\nLínea 2 <b>", SignupOpen: true, RequireVerify: false, FlagThreshold: 7,
				DefaultLocale: "es", Welcomes: map[string]string{"en": "", "fr": "Ligne 1"}}, site.Settings{}},
			{"empty texts are kept empty", site.Settings{SiteName: "", WelcomeText: "", SignupOpen: false, RequireVerify: false, FlagThreshold: 1}, site.Settings{}},
			{"a threshold below one reads as the default", threshold(site.Settings{SiteName: "x"}, 0), threshold(site.Settings{SiteName: "x"}, site.DefaultSettings.FlagThreshold)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				want := tt.want
				if want.SiteName == "" && want.FlagThreshold == 0 {
					want = tt.save
				}
				testutil.IsErr(t, "save settings", store.Site.SaveSettings(t.Context(), tt.save), nil)
				got, err := store.Site.Settings(t.Context())
				testutil.IsErr(t, "settings", err, nil)
				if want.DefaultLocale == "" {
					want.DefaultLocale = site.DefaultSettings.DefaultLocale
				}
				if !got.Equal(want) {
					t.Errorf("settings = %+v, want %+v", got, want)
				}
				for locale, text := range want.Welcomes {
					testutil.Equal(t, "welcome in "+locale, got.Welcome(locale), cmp.Or(text, want.WelcomeText))
				}
			})
		}
	})
}
