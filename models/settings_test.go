package models_test

import (
	"cmp"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestSettings(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		got, err := store.Settings(t.Context())
		isErr(t, "settings", err, nil)
		equal(t, "settings of an empty database", got.Equal(models.DefaultSettings), true)

		threshold := func(s models.Settings, n int) models.Settings { s.FlagThreshold = n; return s }
		tests := []struct {
			name string
			save models.Settings
			want models.Settings
		}{
			{"first save", models.Settings{SiteName: "Mio", WelcomeText: "Design the car with us.", SignupOpen: false, RequireVerify: true, FlagThreshold: 2, Premoderate: true,
				DefaultLocale: "pt-BR", Welcomes: map[string]string{"en": "Design the car with us.", "fr": "Dessinez la voiture avec nous."}}, models.Settings{}},
			{"second save overwrites", models.Settings{SiteName: "Mio Città ✓", WelcomeText: "Línea 1\nLínea 2 <b>", SignupOpen: true, RequireVerify: false, FlagThreshold: 7,
				DefaultLocale: "es", Welcomes: map[string]string{"en": "", "fr": "Ligne 1"}}, models.Settings{}},
			{"empty texts are kept empty", models.Settings{SiteName: "", WelcomeText: "", SignupOpen: false, RequireVerify: false, FlagThreshold: 1}, models.Settings{}},
			{"a threshold below one reads as the default", threshold(models.Settings{SiteName: "x"}, 0), threshold(models.Settings{SiteName: "x"}, models.DefaultSettings.FlagThreshold)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				want := tt.want
				if want.SiteName == "" && want.FlagThreshold == 0 {
					want = tt.save
				}
				isErr(t, "save settings", store.SaveSettings(t.Context(), tt.save), nil)
				got, err := store.Settings(t.Context())
				isErr(t, "settings", err, nil)
				if want.DefaultLocale == "" {
					want.DefaultLocale = models.DefaultSettings.DefaultLocale
				}
				if !got.Equal(want) {
					t.Errorf("settings = %+v, want %+v", got, want)
				}
				for locale, text := range want.Welcomes {
					equal(t, "welcome in "+locale, got.Welcome(locale), cmp.Or(text, want.WelcomeText))
				}
			})
		}
	})
}
