package store_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/testutil"
)

// TestSiteListsFollowChanges reads the cached site-wide lists, changes
// them through the app and behind its back, and reads them again: every
// change shows at once, and what a caller does to a list it got does not
// reach the next caller.
func TestSiteListsFollowChanges(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		cats, err := store.Challenges.Categories(ctx)
		testutil.IsErr(t, "categories", err, nil)
		testutil.Equal(t, "no categories yet", len(cats), 0)
		_, err = store.Challenges.CreateCategory(ctx, "design", "Design", "", 1)
		testutil.IsErr(t, "create", err, nil)
		cats, err = store.Challenges.Categories(ctx)
		testutil.IsErr(t, "categories", err, nil)
		testutil.Equal(t, "a new category shows at once", len(cats), 1)
		cats[0].Name = "changed by a caller"
		again, err := store.Challenges.Categories(ctx)
		testutil.IsErr(t, "categories", err, nil)
		testutil.Equal(t, "the kept list is the caller's copy", again[0].Name, "Design")

		st, err := store.Site.Settings(ctx)
		testutil.IsErr(t, "settings", err, nil)
		st.SiteName = "Mio"
		testutil.IsErr(t, "save", store.Site.SaveSettings(ctx, st), nil)
		st, err = store.Site.Settings(ctx)
		testutil.IsErr(t, "settings", err, nil)
		testutil.Equal(t, "saved settings show at once", st.SiteName, "Mio")

		testutil.IsErr(t, "raw write", testutil.Behind(store).Exec("UPDATE settings SET value = ? WHERE name = ?", "Mio 2", "site_name").Error, nil)
		st, err = store.Site.Settings(ctx)
		testutil.IsErr(t, "settings", err, nil)
		testutil.Equal(t, "a raw write shows at once", st.SiteName, "Mio 2")

		ch := testutil.NewChallenge(t, store, challenges.PhaseIdeation, 0)
		list, err := store.Challenges.List(ctx)
		testutil.IsErr(t, "challenges", err, nil)
		testutil.Equal(t, "a new challenge shows at once", len(list) == 1 && list[0].ID == ch.ID, true)
	})
}
