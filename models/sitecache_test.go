package models_test

import (
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// TestSiteListsFollowChanges reads the cached site-wide lists, changes
// them through the app and behind its back, and reads them again: every
// change shows at once, and what a caller does to a list it got does not
// reach the next caller.
func TestSiteListsFollowChanges(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		cats, err := store.Categories(ctx)
		isErr(t, "categories", err, nil)
		equal(t, "no categories yet", len(cats), 0)
		_, err = store.CreateCategory(ctx, "design", "Design", "", 1)
		isErr(t, "create", err, nil)
		cats, err = store.Categories(ctx)
		isErr(t, "categories", err, nil)
		equal(t, "a new category shows at once", len(cats), 1)
		cats[0].Name = "changed by a caller"
		again, err := store.Categories(ctx)
		isErr(t, "categories", err, nil)
		equal(t, "the kept list is the caller's copy", again[0].Name, "Design")

		st, err := store.Settings(ctx)
		isErr(t, "settings", err, nil)
		st.SiteName = "Mio"
		isErr(t, "save", store.SaveSettings(ctx, st), nil)
		st, err = store.Settings(ctx)
		isErr(t, "settings", err, nil)
		equal(t, "saved settings show at once", st.SiteName, "Mio")

		isErr(t, "raw write", store.DB.Exec("UPDATE settings SET value = ? WHERE name = ?", "Mio 2", "site_name").Error, nil)
		st, err = store.Settings(ctx)
		isErr(t, "settings", err, nil)
		equal(t, "a raw write shows at once", st.SiteName, "Mio 2")

		ch := newChallenge(t, store, models.PhaseIdeation, 0)
		list, err := store.Challenges(ctx)
		isErr(t, "challenges", err, nil)
		equal(t, "a new challenge shows at once", len(list) == 1 && list[0].ID == ch.ID, true)
	})
}
