package audit_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/testutil"
)

// auditReasons lists the reasons of entries, in the order given.
func auditReasons(entries []audit.AuditEntry) []string {
	out := []string{}
	for _, e := range entries {
		out = append(out, e.Reason)
	}
	return out
}

func TestAuditLogFilters(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		mod, admin := testutil.NewUser(t, store, accounts.RoleModerator), testutil.NewUser(t, store, accounts.RoleAdmin)
		steps := []struct {
			actor        *accounts.User
			action, kind string
			id           int64
		}{
			{mod, "idea.hide", audit.TargetIdea, 7},     // e1
			{nil, "idea.autohide", audit.TargetIdea, 8}, // e2
			{admin, "user.suspend", audit.TargetUser, 7},
			{mod, "comment.hide", audit.TargetComment, 7},
			{admin, "idea.hide", audit.TargetIdea, 7}, // e5
		}
		for i, s := range steps {
			err := store.Audit.Log(ctx, s.actor, s.action, s.kind, s.id, fmt.Sprintf("e%d", i+1),
				map[string]any{"n": i}, map[string]any{"n": i + 1})
			testutil.IsErr(t, "audit", err, nil)
		}
		cases := []struct {
			name string
			f    audit.AuditFilter
			want []string
		}{
			{"everything, newest first", audit.AuditFilter{}, []string{"e5", "e4", "e3", "e2", "e1"}},
			{"by actor", audit.AuditFilter{ActorID: mod.ID}, []string{"e4", "e1"}},
			{"by action", audit.AuditFilter{Action: "idea.hide"}, []string{"e5", "e1"}},
			{"by target type", audit.AuditFilter{TargetType: audit.TargetIdea}, []string{"e5", "e2", "e1"}},
			{"by target", audit.AuditFilter{TargetType: audit.TargetIdea, TargetID: 7}, []string{"e5", "e1"}},
			{"by target id of any type", audit.AuditFilter{TargetID: 7}, []string{"e5", "e4", "e3", "e1"}},
			{"actor and action", audit.AuditFilter{ActorID: admin.ID, Action: "idea.hide"}, []string{"e5"}},
			{"unknown action", audit.AuditFilter{Action: "idea.burn"}, []string{}},
			{"unknown actor", audit.AuditFilter{ActorID: 1 << 40}, []string{}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got, more, err := store.Audit.AuditLog(ctx, tc.f)
				testutil.IsErr(t, "audit log", err, nil)
				testutil.Equal(t, "more", more, false)
				if r := auditReasons(got); !slices.Equal(r, tc.want) {
					t.Errorf("got %q, want %q", r, tc.want)
				}
			})
		}

		t.Run("names and states", func(t *testing.T) {
			got, _, err := store.Audit.AuditLog(ctx, audit.AuditFilter{})
			testutil.IsErr(t, "audit log", err, nil)
			byReason := map[string]audit.AuditEntry{}
			for _, e := range got {
				byReason[e.Reason] = e
			}
			testutil.Equal(t, "actor name", byReason["e3"].ActorName, admin.Name)
			testutil.Equal(t, "system has no actor", byReason["e2"].ActorID == nil, true)
			testutil.Equal(t, "system has no name", byReason["e2"].ActorName, "")
			testutil.Equal(t, "before", byReason["e3"].BeforeState, `{"n":2}`)
			testutil.Equal(t, "after", byReason["e3"].AfterState, `{"n":3}`)
			testutil.Equal(t, "time set", byReason["e3"].CreatedAt.IsZero(), false)
		})

		t.Run("pages", func(t *testing.T) {
			var all []string
			for page := 1; page < 10; page++ {
				got, more, err := store.Audit.AuditLog(ctx, audit.AuditFilter{Page: page, PerPage: 2})
				testutil.IsErr(t, "audit log", err, nil)
				all = append(all, auditReasons(got)...)
				if !more {
					testutil.Equal(t, "pages", page, 3)
					break
				}
			}
			if want := []string{"e5", "e4", "e3", "e2", "e1"}; !slices.Equal(all, want) {
				t.Errorf("pages give %q, want %q", all, want)
			}
			got, more, err := store.Audit.AuditLog(ctx, audit.AuditFilter{Page: 4, PerPage: 2})
			testutil.IsErr(t, "past the end", err, nil)
			testutil.Equal(t, "past the end: entries", len(got), 0)
			testutil.Equal(t, "past the end: more", more, false)
		})

		t.Run("actions", func(t *testing.T) {
			got, err := store.Audit.AuditActions(ctx)
			testutil.IsErr(t, "actions", err, nil)
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
		admin, person := testutil.NewUser(t, store, accounts.RoleAdmin), testutil.NewUser(t, store, "")
		actions := []struct {
			action string
			do     func() error
			reason string
		}{
			{"user.suspend", func() error {
				return store.Moderation.Suspend(ctx, admin, person.ID, testutil.Ago(-3*testutil.Day), "insults")
			}, "insults"},
			{"user.unsuspend", func() error { return store.Moderation.Unsuspend(ctx, admin, person.ID, "talked it over") }, "talked it over"},
			{"user.hide_all", func() error {
				_, _, err := store.Moderation.HideEverything(ctx, admin, person.ID, "spam")
				return err
			}, "spam"},
			{"user.role", func() error { return store.Moderation.ChangeRole(ctx, admin, person.ID, accounts.RoleSponsor) }, ""},
		}
		for _, a := range actions {
			t.Run(a.action, func(t *testing.T) {
				testutil.IsErr(t, a.action, a.do(), nil)
				got, _, err := store.Audit.AuditLog(ctx, audit.AuditFilter{TargetType: audit.TargetUser, TargetID: person.ID})
				testutil.IsErr(t, "audit log", err, nil)
				if len(got) == 0 {
					t.Fatal("no entry")
				}
				e := got[0]
				testutil.Equal(t, "action", e.Action, a.action)
				testutil.Equal(t, "actor", *e.ActorID, admin.ID)
				testutil.Equal(t, "reason", e.Reason, a.reason)
				testutil.Equal(t, "after state", e.AfterState != "", true)
			})
		}
	})
}
