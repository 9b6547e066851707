package votes_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

// TestUserByID: the plain query behind every signed-in request (loading
// the voter, say) reads every field of User as GORM does, so that a field
// added to User and missed by the query fails here.
func TestUserByID(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		u := testutil.NewUser(t, db, accounts.RoleModerator)
		later := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Second)
		err := testutil.Behind(db).Model(&accounts.User{}).Where("id = ?", u.ID).Updates(map[string]any{
			"verified_at": later.Add(-time.Hour), "suspended_until": later, "suspend_reason": "spam",
			"notify_email": true, "hide_from_leaderboard": true, "session_version": 7, "locale": "pt",
		}).Error
		testutil.IsErr(t, "update", err, nil)

		got, err := db.Accounts.UserByID(t.Context(), u.ID)
		testutil.IsErr(t, "UserByID", err, nil)
		var want accounts.User
		testutil.IsErr(t, "First", db.DB.First(&want, u.ID).Error, nil)
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("UserByID = %+v\nGORM gives %+v", *got, want)
		}
		v := reflect.ValueOf(*got)
		for i := range v.NumField() {
			if v.Field(i).IsZero() {
				t.Errorf("field %s is zero: set it above, and read it in UserByID", v.Type().Field(i).Name)
			}
		}

		_, err = db.Accounts.UserByID(t.Context(), u.ID+1_000_000)
		testutil.IsErr(t, "unknown id", err, store.ErrNotFound)
	})
}
