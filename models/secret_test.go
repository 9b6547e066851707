package models_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

func TestSharedSecret(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		first, err := store.SharedSecret(t.Context())
		isErr(t, "first", err, nil)
		equal(t, "length", len(first), 64)
		again, err := store.SharedSecret(t.Context())
		isErr(t, "again", err, nil)
		equal(t, "the key is made once and kept", again, first)
		settings, err := store.Settings(t.Context())
		isErr(t, "settings", err, nil)
		equal(t, "settings unchanged", settings.Equal(models.DefaultSettings), true)
	})
}
