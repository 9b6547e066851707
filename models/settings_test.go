package models_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestSettings(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		got, err := store.Settings(t.Context())
		isErr(t, "settings", err, nil)
		equal(t, "settings of an empty database", got, models.DefaultSettings)

		threshold := func(s models.Settings, n int) models.Settings { s.FlagThreshold = n; return s }
		tests := []struct {
			name string
			save models.Settings
			want models.Settings
		}{
			{"first save", models.Settings{SiteName: "Mio", WelcomeText: "Design the car with us.", SignupOpen: false, RequireVerify: true, FlagThreshold: 2, Premoderate: true}, models.Settings{}},
			{"second save overwrites", models.Settings{SiteName: "Mio Città ✓", WelcomeText: "Línea 1\nLínea 2 <b>", SignupOpen: true, RequireVerify: false, FlagThreshold: 7}, models.Settings{}},
			{"empty texts are kept empty", models.Settings{SiteName: "", WelcomeText: "", SignupOpen: false, RequireVerify: false, FlagThreshold: 1}, models.Settings{}},
			{"a threshold below one reads as the default", threshold(models.Settings{SiteName: "x"}, 0), threshold(models.Settings{SiteName: "x"}, models.DefaultSettings.FlagThreshold)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				want := tt.want
				if want == (models.Settings{}) {
					want = tt.save
				}
				isErr(t, "save settings", store.SaveSettings(t.Context(), tt.save), nil)
				got, err := store.Settings(t.Context())
				isErr(t, "settings", err, nil)
				equal(t, "settings", got, want)
				equal(t, "setting rows", rows(t, store, "settings", "1 = 1"), 6)
			})
		}
	})
}
