package models_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// auditReasons lists the reasons of entries, in the order given.
func auditReasons(entries []models.AuditEntry) []string {
	out := []string{}
	for _, e := range entries {
		out = append(out, e.Reason)
	}
	return out
}

func TestAuditLogFilters(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		mod, admin := newUser(t, store, models.RoleModerator), newUser(t, store, models.RoleAdmin)
		steps := []struct {
			actor        *models.User
			action, kind string
			id           int64
		}{
			{mod, "idea.hide", models.TargetIdea, 7},     // e1
			{nil, "idea.autohide", models.TargetIdea, 8}, // e2
			{admin, "user.suspend", models.TargetUser, 7},
			{mod, "comment.hide", models.TargetComment, 7},
			{admin, "idea.hide", models.TargetIdea, 7}, // e5
		}
		for i, s := range steps {
			err := store.Audit(ctx, s.actor, s.action, s.kind, s.id, fmt.Sprintf("e%d", i+1),
				map[string]any{"n": i}, map[string]any{"n": i + 1})
			isErr(t, "audit", err, nil)
		}
		cases := []struct {
			name string
			f    models.AuditFilter
			want []string
		}{
			{"everything, newest first", models.AuditFilter{}, []string{"e5", "e4", "e3", "e2", "e1"}},
			{"by actor", models.AuditFilter{ActorID: mod.ID}, []string{"e4", "e1"}},
			{"by action", models.AuditFilter{Action: "idea.hide"}, []string{"e5", "e1"}},
			{"by target type", models.AuditFilter{TargetType: models.TargetIdea}, []string{"e5", "e2", "e1"}},
			{"by target", models.AuditFilter{TargetType: models.TargetIdea, TargetID: 7}, []string{"e5", "e1"}},
			{"by target id of any type", models.AuditFilter{TargetID: 7}, []string{"e5", "e4", "e3", "e1"}},
			{"actor and action", models.AuditFilter{ActorID: admin.ID, Action: "idea.hide"}, []string{"e5"}},
			{"unknown action", models.AuditFilter{Action: "idea.burn"}, []string{}},
			{"unknown actor", models.AuditFilter{ActorID: 1 << 40}, []string{}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got, more, err := store.AuditLog(ctx, tc.f)
				isErr(t, "audit log", err, nil)
				equal(t, "more", more, false)
				if r := auditReasons(got); !slices.Equal(r, tc.want) {
					t.Errorf("got %q, want %q", r, tc.want)
				}
			})
		}

		t.Run("names and states", func(t *testing.T) {
			got, _, err := store.AuditLog(ctx, models.AuditFilter{})
			isErr(t, "audit log", err, nil)
			byReason := map[string]models.AuditEntry{}
			for _, e := range got {
				byReason[e.Reason] = e
			}
			equal(t, "actor name", byReason["e3"].ActorName, admin.Name)
			equal(t, "system has no actor", byReason["e2"].ActorID == nil, true)
			equal(t, "system has no name", byReason["e2"].ActorName, "")
			equal(t, "before", byReason["e3"].BeforeState, `{"n":2}`)
			equal(t, "after", byReason["e3"].AfterState, `{"n":3}`)
			equal(t, "time set", byReason["e3"].CreatedAt.IsZero(), false)
		})

		t.Run("pages", func(t *testing.T) {
			var all []string
			for page := 1; page < 10; page++ {
				got, more, err := store.AuditLog(ctx, models.AuditFilter{Page: page, PerPage: 2})
				isErr(t, "audit log", err, nil)
				all = append(all, auditReasons(got)...)
				if !more {
					equal(t, "pages", page, 3)
					break
				}
			}
			if want := []string{"e5", "e4", "e3", "e2", "e1"}; !slices.Equal(all, want) {
				t.Errorf("pages give %q, want %q", all, want)
			}
			got, more, err := store.AuditLog(ctx, models.AuditFilter{Page: 4, PerPage: 2})
			isErr(t, "past the end", err, nil)
			equal(t, "past the end: entries", len(got), 0)
			equal(t, "past the end: more", more, false)
		})

		t.Run("actions", func(t *testing.T) {
			got, err := store.AuditActions(ctx)
			isErr(t, "actions", err, nil)
			want := []string{"comment.hide", "idea.autohide", "idea.hide", "user.suspend"}
			if !slices.Equal(got, want) {
				t.Errorf("actions %q, want %q", got, want)
			}
		})
	})
}

// TestAuditEveryPeopleAction checks that each action on a person leaves
// one entry naming who did it, to whom, why, and the state before and after.
func TestAuditEveryPeopleAction(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		admin, person := newUser(t, store, models.RoleAdmin), newUser(t, store, "")
		actions := []struct {
			action string
			do     func() error
			reason string
		}{
			{"user.suspend", func() error {
				return store.Suspend(ctx, admin, person.ID, ago(-3*day), "insults")
			}, "insults"},
			{"user.unsuspend", func() error { return store.Unsuspend(ctx, admin, person.ID, "talked it over") }, "talked it over"},
			{"user.hide_all", func() error {
				_, _, err := store.HideEverything(ctx, admin, person.ID, "spam")
				return err
			}, "spam"},
			{"user.role", func() error { return store.ChangeRole(ctx, admin, person.ID, models.RoleSponsor) }, ""},
		}
		for _, a := range actions {
			t.Run(a.action, func(t *testing.T) {
				isErr(t, a.action, a.do(), nil)
				got, _, err := store.AuditLog(ctx, models.AuditFilter{TargetType: models.TargetUser, TargetID: person.ID})
				isErr(t, "audit log", err, nil)
				if len(got) == 0 {
					t.Fatal("no entry")
				}
				e := got[0]
				equal(t, "action", e.Action, a.action)
				equal(t, "actor", *e.ActorID, admin.ID)
				equal(t, "reason", e.Reason, a.reason)
				equal(t, "after state", e.AfterState != "", true)
			})
		}
	})
}
