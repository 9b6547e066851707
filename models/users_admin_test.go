package models_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/testutil"
)

// namedUser makes an account with a chosen name and address.
func namedUser(t testing.TB, store *models.Store, name, email, role string) *models.User {
	t.Helper()
	u, err := store.CreateUser(t.Context(), models.NewUser{Name: name, Email: email,
		Password: "password-123", Country: "BR", Role: role})
	if err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

// searchNames runs SearchUsers and returns the names found, in order.
func searchNames(t testing.TB, store *models.Store, f models.UserFilter) []string {
	t.Helper()
	found, _, err := store.SearchUsers(t.Context(), f)
	if err != nil {
		t.Fatalf("search %+v: %v", f, err)
	}
	names := []string{}
	for _, u := range found {
		names = append(names, u.Name)
	}
	return names
}

func TestSearchUsers(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		ana := namedUser(t, store, "Ana Souza", "ana.souza@example.org", "")
		namedUser(t, store, "Bruno Lima", "bruno@mail.example", models.RoleModerator)
		namedUser(t, store, "Carla 100% Real", "carla_x@example.org", "")
		namedUser(t, store, "Dora 1000 Real", "doraxx@example.org", models.RoleSponsor)
		eva := namedUser(t, store, "Eva Past", "eva@example.org", "")
		fabio := namedUser(t, store, "Fabio Now", "fabio@example.org", "")
		admin := newUser(t, store, models.RoleAdmin)
		// Ana is searched for by what she wrote; Eva's suspension is over.
		isErr(t, "suspend fabio", store.Suspend(ctx, admin, fabio.ID, time.Now().Add(48*time.Hour), "spam"), nil)
		isErr(t, "suspend eva", store.Suspend(ctx, admin, eva.ID, time.Now().Add(48*time.Hour), "spam"), nil)
		isErr(t, "expire eva", store.DB.Exec("UPDATE users SET suspended_until = ? WHERE id = ?",
			time.Now().UTC().Add(-time.Hour), eva.ID).Error, nil)

		cases := []struct {
			name string
			f    models.UserFilter
			want []string
		}{
			{"part of a name", models.UserFilter{Query: "souz"}, []string{"Ana Souza"}},
			{"name in other case", models.UserFilter{Query: "ANA SOUZA"}, []string{"Ana Souza"}},
			{"part of an address", models.UserFilter{Query: "mail.exam"}, []string{"Bruno Lima"}},
			{"address in other case", models.UserFilter{Query: "  BRUNO@Mail  "}, []string{"Bruno Lima"}},
			{"percent sign is literal", models.UserFilter{Query: "100%"}, []string{"Carla 100% Real"}},
			{"percent alone is literal", models.UserFilter{Query: "%"}, []string{"Carla 100% Real"}},
			{"underscore is literal", models.UserFilter{Query: "a_x"}, []string{"Carla 100% Real"}},
			{"underscore alone is literal", models.UserFilter{Query: "_"}, []string{"Carla 100% Real"}},
			{"backslash is literal", models.UserFilter{Query: `\`}, []string{}},
			{"role", models.UserFilter{Role: models.RoleModerator}, []string{"Bruno Lima"}},
			{"role and query", models.UserFilter{Role: models.RoleSponsor, Query: "real"}, []string{"Dora 1000 Real"}},
			{"suspended now only", models.UserFilter{Suspended: true}, []string{"Fabio Now"}},
			{"nothing matches", models.UserFilter{Query: "zzz"}, []string{}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if got := searchNames(t, store, tc.f); !slices.Equal(got, tc.want) {
					t.Errorf("found %q, want %q", got, tc.want)
				}
			})
		}

		t.Run("unknown role lists everybody, newest first", func(t *testing.T) {
			got := searchNames(t, store, models.UserFilter{Role: "emperor"})
			if len(got) != 7 || got[0] != admin.Name || got[6] != "Ana Souza" {
				t.Errorf("found %q", got)
			}
		})

		t.Run("pages", func(t *testing.T) {
			var all []string
			for page := 1; ; page++ {
				found, more, err := store.SearchUsers(ctx, models.UserFilter{Page: page, PerPage: 3})
				isErr(t, "search", err, nil)
				for _, u := range found {
					all = append(all, u.Name)
				}
				if !more {
					equal(t, "last page", page, 3)
					equal(t, "on the last page", len(found), 1)
					break
				}
				equal(t, "on a full page", len(found), 3)
			}
			if want := searchNames(t, store, models.UserFilter{}); !slices.Equal(all, want) {
				t.Errorf("pages give %q, one page %q", all, want)
			}
		})

		t.Run("figures", func(t *testing.T) {
			other := newUser(t, store, "")
			idea := newIdea(t, store, ana.ID, models.IdeaInput{})
			newIdea(t, store, ana.ID, models.IdeaInput{})
			hiddenIdea := newIdea(t, store, ana.ID, models.IdeaInput{})
			isErr(t, "hide", store.HideIdea(ctx, admin, hiddenIdea.ID, "spam"), nil)
			c1 := mustValue[*models.Comment](t)(store.CreateComment(ctx, ana, idea.ID, nil, "one"))
			mustValue[*models.Comment](t)(store.CreateComment(ctx, ana, idea.ID, nil, "two"))
			gone := mustValue[*models.Comment](t)(store.CreateComment(ctx, ana, idea.ID, nil, "three"))
			mustValue[*models.Comment](t)(store.DeleteComment(ctx, gone.ID, ana))
			mustValue[bool](t)(store.Flag(ctx, other, models.TargetIdea, idea.ID, "spam", ""))
			mustValue[bool](t)(store.Flag(ctx, other, models.TargetComment, c1.ID, "offensive", ""))
			mustValue[bool](t)(store.Flag(ctx, admin, models.TargetComment, c1.ID, "offensive", ""))
			isErr(t, "dismiss", store.DismissFlags(ctx, admin, models.TargetIdea, idea.ID), nil)

			found, _, err := store.SearchUsers(ctx, models.UserFilter{Query: "ana.souza"})
			isErr(t, "search", err, nil)
			if len(found) != 1 {
				t.Fatalf("found %d people", len(found))
			}
			equal(t, "ideas, hidden ones included", found[0].IdeaCount, int64(3))
			equal(t, "comments, deleted ones left out", found[0].CommentCount, int64(2))
			equal(t, "open reports against her", found[0].FlagsAgainst, int64(2))
			equal(t, "email", found[0].Email, "ana.souza@example.org")
		})
	})
}

// mustValue takes the value of a call that cannot fail in a test.
func mustValue[T any](t testing.TB) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// people are the accounts of the permission tests.
type people struct {
	admin, admin2, mod, mod2, sponsor, contributor *models.User
}

func newPeople(t testing.TB, store *models.Store) people {
	return people{
		admin: newUser(t, store, models.RoleAdmin), admin2: newUser(t, store, models.RoleAdmin),
		mod: newUser(t, store, models.RoleModerator), mod2: newUser(t, store, models.RoleModerator),
		sponsor: newUser(t, store, models.RoleSponsor), contributor: newUser(t, store, models.RoleContributor),
	}
}

// permissionCases is who may act on whom: moderators on contributors and
// sponsors, admins on everybody but themselves.
func permissionCases(p people) []struct {
	name          string
	actor, target *models.User
	want          error
} {
	return []struct {
		name          string
		actor, target *models.User
		want          error
	}{
		{"sponsor on a contributor", p.sponsor, p.contributor, models.ErrForbidden},
		{"contributor on a sponsor", p.contributor, p.sponsor, models.ErrForbidden},
		{"moderator on a contributor", p.mod, p.contributor, nil},
		{"moderator on a sponsor", p.mod, p.sponsor, nil},
		{"moderator on themselves", p.mod, p.mod, models.ErrProtected},
		{"moderator on another moderator", p.mod, p.mod2, models.ErrProtected},
		{"moderator on an admin", p.mod, p.admin, models.ErrProtected},
		{"admin on a moderator", p.admin, p.mod2, nil},
		{"admin on another admin", p.admin, p.admin2, nil},
		{"admin on themselves", p.admin, p.admin, models.ErrProtected},
		{"nobody", p.admin, &models.User{ID: 1 << 40}, models.ErrNotFound},
	}
}

func TestSuspendPermissions(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		p := newPeople(t, store)
		until := time.Now().Add(72 * time.Hour).Truncate(time.Second)
		for _, tc := range permissionCases(p) {
			t.Run(tc.name, func(t *testing.T) {
				before := rows(t, store, "audit_entries", "1 = 1")
				err := store.Suspend(ctx, tc.actor, tc.target.ID, until, "rude to everyone")
				isErr(t, "suspend", err, tc.want)
				if tc.want != nil {
					equal(t, "audit entries", rows(t, store, "audit_entries", "1 = 1"), before)
					if tc.want != models.ErrNotFound {
						u := mustValue[*models.User](t)(store.UserByID(ctx, tc.target.ID))
						equal(t, "still free", u.Suspended(time.Now()), false)
					}
					return
				}
				u := mustValue[*models.User](t)(store.UserByID(ctx, tc.target.ID))
				equal(t, "suspended", u.Suspended(time.Now()), true)
				equal(t, "until", u.SuspendedUntil.Equal(until), true)
				equal(t, "reason", u.SuspendReason, "rude to everyone")
				equal(t, "suspension over then", u.Suspended(until.Add(time.Second)), false)
				entries, _, err := store.AuditLog(ctx, models.AuditFilter{TargetType: models.TargetUser, TargetID: u.ID})
				isErr(t, "audit", err, nil)
				if len(entries) == 0 || entries[0].Action != "user.suspend" || entries[0].Reason != "rude to everyone" ||
					*entries[0].ActorID != tc.actor.ID {
					t.Fatalf("audit entries %+v", entries)
				}

				isErr(t, "unsuspend", store.Unsuspend(ctx, tc.actor, tc.target.ID, "apologised"), nil)
				u = mustValue[*models.User](t)(store.UserByID(ctx, tc.target.ID))
				equal(t, "suspended after unsuspend", u.Suspended(time.Now()), false)
				equal(t, "reason after unsuspend", u.SuspendReason, "")
				entries, _, err = store.AuditLog(ctx, models.AuditFilter{TargetType: models.TargetUser, TargetID: u.ID})
				isErr(t, "audit", err, nil)
				equal(t, "last action", entries[0].Action, "user.unsuspend")
				equal(t, "last reason", entries[0].Reason, "apologised")
			})
		}
		t.Run("unsuspend is protected too", func(t *testing.T) {
			isErr(t, "admin suspends a moderator", store.Suspend(ctx, p.admin, p.mod2.ID, until, "x"), nil)
			isErr(t, "moderator lifts it", store.Unsuspend(ctx, p.mod, p.mod2.ID, ""), models.ErrProtected)
			u := mustValue[*models.User](t)(store.UserByID(ctx, p.mod2.ID))
			equal(t, "still suspended", u.Suspended(time.Now()), true)
		})
	})
}

func TestHideEverythingPermissions(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		p := newPeople(t, store)
		host := newUser(t, store, "")
		hostIdea := newIdea(t, store, host.ID, models.IdeaInput{})
		for _, tc := range permissionCases(p) {
			t.Run(tc.name, func(t *testing.T) {
				var idea *models.Idea
				if tc.target.ID < 1<<40 {
					idea = newIdea(t, store, tc.target.ID, models.IdeaInput{})
					mustValue[*models.Comment](t)(store.CreateComment(ctx, tc.target, hostIdea.ID, nil, "hello"))
				}
				wantIdeas := rows(t, store, "ideas", "author_id = ? AND hidden = ?", tc.target.ID, false)
				wantComments := rows(t, store, "comments", "author_id = ? AND hidden = ?", tc.target.ID, false)
				ideas, comments, err := store.HideEverything(ctx, tc.actor, tc.target.ID, "")
				isErr(t, "hide everything", err, tc.want)
				if tc.want != nil {
					equal(t, "ideas hidden", ideas, 0)
					equal(t, "comments hidden", comments, 0)
					if idea != nil {
						equal(t, "idea still visible", reload(t, store, idea.ID).Hidden, false)
					}
					return
				}
				equal(t, "ideas hidden", ideas, wantIdeas)
				equal(t, "comments hidden", comments, wantComments)
				equal(t, "idea hidden", reload(t, store, idea.ID).Hidden, true)
				equal(t, "visible left", rows(t, store, "ideas", "author_id = ? AND hidden = ?", tc.target.ID, false)+
					rows(t, store, "comments", "author_id = ? AND hidden = ?", tc.target.ID, false), 0)
			})
		}
	})
}

func TestHideEverything(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		mod := newUser(t, store, models.RoleModerator)
		spammer, ana, bia := newUser(t, store, ""), newUser(t, store, ""), newUser(t, store, "")
		ch := newChallenge(t, store, models.PhaseIdeation, 0)

		anaIdea := newIdea(t, store, ana.ID, models.IdeaInput{ChallengeID: &ch.ID})
		biaIdea := newIdea(t, store, bia.ID, models.IdeaInput{})
		spam1 := newIdea(t, store, spammer.ID, models.IdeaInput{ChallengeID: &ch.ID})
		spam2 := newIdea(t, store, spammer.ID, models.IdeaInput{})
		comment := func(by *models.User, ideaID int64, body string) *models.Comment {
			return mustValue[*models.Comment](t)(store.CreateComment(ctx, by, ideaID, nil, body))
		}
		comment(ana, anaIdea.ID, "my own words")
		c1 := comment(spammer, anaIdea.ID, "buy now")
		comment(spammer, anaIdea.ID, "buy now again")
		comment(spammer, biaIdea.ID, "cheap pills")
		already := comment(spammer, biaIdea.ID, "hidden before")
		isErr(t, "hide one comment", store.HideComment(ctx, mod, already.ID, "spam"), nil)
		gone := comment(spammer, biaIdea.ID, "deleted by the author")
		mustValue[*models.Comment](t)(store.DeleteComment(ctx, gone.ID, spammer))
		comment(spammer, spam1.ID, "on my own spam")
		anaOnSpam := comment(ana, spam1.ID, "is this spam?")
		mustValue[bool](t)(store.Flag(ctx, ana, models.TargetIdea, spam1.ID, "spam", ""))
		mustValue[bool](t)(store.Flag(ctx, bia, models.TargetComment, c1.ID, "spam", ""))

		ideas, comments, err := store.HideEverything(ctx, mod, spammer.ID, "spam wave")
		isErr(t, "hide everything", err, nil)
		equal(t, "ideas hidden", ideas, 2)
		equal(t, "comments hidden", comments, 4)

		equal(t, "spammer's visible ideas", rows(t, store, "ideas", "author_id = ? AND hidden = ?", spammer.ID, false), 0)
		equal(t, "spammer's visible comments", rows(t, store, "comments", "author_id = ? AND hidden = ? AND deleted = ?", spammer.ID, false, false), 0)
		equal(t, "reason on the idea", mustValue[*models.Idea](t)(store.IdeaByID(ctx, spam2.ID)).HiddenReason, "spam wave")
		equal(t, "other people's comments untouched", mustValue[*models.Comment](t)(store.CommentByID(ctx, anaOnSpam.ID)).Hidden, false)
		for _, id := range []int64{anaIdea.ID, biaIdea.ID} {
			idea := reload(t, store, id)
			equal(t, "comment_count of idea", idea.CommentCount,
				rows(t, store, "comments", "idea_id = ? AND hidden = ? AND deleted = ?", id, false, false))
			near(t, "hot", idea.Hot, hotFromRows(t, store, id), 1e-9)
		}
		equal(t, "ana's idea keeps her comment", reload(t, store, anaIdea.ID).CommentCount, 1)
		equal(t, "bia's idea has none left", reload(t, store, biaIdea.ID).CommentCount, 0)
		chNow := mustValue[*models.Challenge](t)(store.ChallengeByID(ctx, ch.ID))
		equal(t, "challenge idea_count", chNow.IdeaCount,
			rows(t, store, "ideas", "challenge_id = ? AND hidden = ? AND merged_into_id IS NULL", ch.ID, false))
		equal(t, "open reports left", rows(t, store, "flags", "resolved_at IS NULL"), 0)

		entries, _, err := store.AuditLog(ctx, models.AuditFilter{Action: "user.hide_all"})
		isErr(t, "audit", err, nil)
		if len(entries) != 1 {
			t.Fatalf("%d hide_all entries", len(entries))
		}
		e := entries[0]
		equal(t, "target", fmt.Sprint(e.TargetType, " ", e.TargetID), fmt.Sprint("user ", spammer.ID))
		equal(t, "actor", e.ActorName, mod.Name)
		equal(t, "reason", e.Reason, "spam wave")
		equal(t, "after", e.AfterState, `{"comments_hidden":4,"ideas_hidden":2}`)

		ideas, comments, err = store.HideEverything(ctx, mod, spammer.ID, "again")
		isErr(t, "again", err, nil)
		equal(t, "ideas hidden again", ideas, 0)
		equal(t, "comments hidden again", comments, 0)
		equal(t, "bia's idea still at zero", reload(t, store, biaIdea.ID).CommentCount, 0)
	})
}

func TestChangeRole(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		p := newPeople(t, store)
		cases := []struct {
			name          string
			actor, target *models.User
			role          string
			want          error
		}{
			{"moderator may not", p.mod, p.contributor, models.RoleModerator, models.ErrForbidden},
			{"sponsor may not", p.sponsor, p.contributor, models.RoleAdmin, models.ErrForbidden},
			{"unknown role", p.admin, p.contributor, "emperor", models.ErrForbidden},
			{"admin on themselves", p.admin, p.admin, models.RoleContributor, models.ErrProtected},
			{"nobody", p.admin, &models.User{ID: 1 << 40}, models.RoleSponsor, models.ErrNotFound},
			{"admin makes a moderator", p.admin, p.contributor, models.RoleModerator, nil},
			{"admin makes an admin a sponsor", p.admin, p.admin2, models.RoleSponsor, nil},
			{"admin takes the role back", p.admin, p.mod, models.RoleContributor, nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var before *models.User
				if tc.target.ID < 1<<40 {
					before = mustValue[*models.User](t)(store.UserByID(ctx, tc.target.ID))
				}
				isErr(t, "change role", store.ChangeRole(ctx, tc.actor, tc.target.ID, tc.role), tc.want)
				if before == nil {
					return
				}
				after := mustValue[*models.User](t)(store.UserByID(ctx, tc.target.ID))
				if tc.want != nil {
					equal(t, "role unchanged", after.Role, before.Role)
					equal(t, "sessions kept", after.SessionVersion, before.SessionVersion)
					return
				}
				equal(t, "role", after.Role, tc.role)
				equal(t, "old sessions ended", after.SessionVersion, before.SessionVersion+1)
				entries, _, err := store.AuditLog(ctx, models.AuditFilter{Action: "user.role", TargetID: tc.target.ID})
				isErr(t, "audit", err, nil)
				if len(entries) != 1 {
					t.Fatalf("%d role entries", len(entries))
				}
				equal(t, "before", entries[0].BeforeState, `{"role":"`+before.Role+`"}`)
				equal(t, "after", entries[0].AfterState, `{"role":"`+tc.role+`"}`)
			})
		}
		t.Run("the same role again changes nothing", func(t *testing.T) {
			before := mustValue[*models.User](t)(store.UserByID(ctx, p.contributor.ID))
			isErr(t, "same role", store.ChangeRole(ctx, p.admin, p.contributor.ID, before.Role), nil)
			after := mustValue[*models.User](t)(store.UserByID(ctx, p.contributor.ID))
			equal(t, "sessions kept", after.SessionVersion, before.SessionVersion)
			equal(t, "role entries", rows(t, store, "audit_entries", "action = ? AND target_id = ?", "user.role", p.contributor.ID), 1)
		})
	})
}

func TestFlagsByAndAgainst(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		ana, bia, caio := newUser(t, store, ""), newUser(t, store, ""), newUser(t, store, "")
		idea := newIdea(t, store, ana.ID, models.IdeaInput{})
		c := mustValue[*models.Comment](t)(store.CreateComment(ctx, ana, idea.ID, nil, "hm"))
		biaIdea := newIdea(t, store, bia.ID, models.IdeaInput{})
		mustValue[bool](t)(store.Flag(ctx, bia, models.TargetIdea, idea.ID, "spam", ""))
		mustValue[bool](t)(store.Flag(ctx, caio, models.TargetComment, c.ID, "offensive", ""))
		mustValue[bool](t)(store.Flag(ctx, ana, models.TargetIdea, biaIdea.ID, "duplicate", ""))

		against := mustValue[[]models.FlagRecord](t)(store.FlagsAgainst(ctx, ana.ID, 10))
		equal(t, "reports against ana", len(against), 2)
		names := map[string]bool{}
		for _, f := range against {
			names[f.UserName] = true
		}
		equal(t, "reporters named", names[bia.Name] && names[caio.Name], true)
		by := mustValue[[]models.FlagRecord](t)(store.FlagsBy(ctx, ana.ID, 10))
		equal(t, "reports by ana", len(by), 1)
		equal(t, "her report", by[0].TargetID, biaIdea.ID)
		equal(t, "limit", len(mustValue[[]models.FlagRecord](t)(store.FlagsAgainst(ctx, ana.ID, 1))), 1)
	})
}
