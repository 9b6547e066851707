package site_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/site"
	"github.com/ideario/ideario/testutil"
)

func TestSharedSecret(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		first, err := store.Site.SharedSecret(t.Context())
		testutil.IsErr(t, "first", err, nil)
		testutil.Equal(t, "length", len(first), 64)
		again, err := store.Site.SharedSecret(t.Context())
		testutil.IsErr(t, "again", err, nil)
		testutil.Equal(t, "the key is made once and kept", again, first)
		settings, err := store.Site.Settings(t.Context())
		testutil.IsErr(t, "settings", err, nil)
		testutil.Equal(t, "settings unchanged", settings.Equal(site.DefaultSettings), true)
	})
}
