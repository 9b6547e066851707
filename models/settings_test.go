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

		tests := []struct {
			name string
			save models.Settings
		}{
			{"first save", models.Settings{SiteName: "Mio", WelcomeText: "Design the car with us.", SignupOpen: false, RequireVerify: true}},
			{"second save overwrites", models.Settings{SiteName: "Mio Città ✓", WelcomeText: "Línea 1\nLínea 2 <b>", SignupOpen: true, RequireVerify: false}},
			{"empty texts are kept empty", models.Settings{SiteName: "", WelcomeText: "", SignupOpen: false, RequireVerify: false}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				isErr(t, "save settings", store.SaveSettings(t.Context(), tt.save), nil)
				got, err := store.Settings(t.Context())
				isErr(t, "settings", err, nil)
				equal(t, "settings", got, tt.save)
				equal(t, "setting rows", rows(t, store, "settings", "1 = 1"), 4)
			})
		}
	})
}
