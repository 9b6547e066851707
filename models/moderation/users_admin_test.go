package moderation_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/moderation"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/testutil"
)

// namedUser makes an account with a chosen name and address.
func namedUser(t testing.TB, db *models.Store, name, email, role string) *accounts.User {
	t.Helper()
	u, err := db.Accounts.CreateUser(t.Context(), accounts.NewUser{Name: name, Email: email,
		Password: "password-123", Country: "BR", Role: role})
	if err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

// searchNames runs SearchUsers and returns the names found, in order.
func searchNames(t testing.TB, db *models.Store, f moderation.UserFilter) []string {
	t.Helper()
	found, _, err := db.Moderation.SearchUsers(t.Context(), f)
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
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		ana := namedUser(t, db, "Ana Souza", "ana.souza@example.org", "")
		namedUser(t, db, "Bruno Lima", "bruno@mail.example", accounts.RoleModerator)
		namedUser(t, db, "Carla 100% Real", "carla_x@example.org", "")
		namedUser(t, db, "Dora 1000 Real", "doraxx@example.org", accounts.RoleSponsor)
		eva := namedUser(t, db, "Eva Past", "eva@example.org", "")
		fabio := namedUser(t, db, "Fabio Now", "fabio@example.org", "")
		admin := testutil.NewUser(t, db, accounts.RoleAdmin)
		// Ana is searched for by what she wrote; Eva's suspension is over.
		testutil.IsErr(t, "suspend fabio", db.Moderation.Suspend(ctx, admin, fabio.ID, time.Now().Add(48*time.Hour), "spam"), nil)
		testutil.IsErr(t, "suspend eva", db.Moderation.Suspend(ctx, admin, eva.ID, time.Now().Add(48*time.Hour), "spam"), nil)
		testutil.IsErr(t, "expire eva", testutil.Behind(db).Exec("UPDATE users SET suspended_until = ? WHERE id = ?",
			time.Now().UTC().Add(-time.Hour), eva.ID).Error, nil)

		cases := []struct {
			name string
			f    moderation.UserFilter
			want []string
		}{
			{"part of a name", moderation.UserFilter{Query: "souz"}, []string{"Ana Souza"}},
			{"name in other case", moderation.UserFilter{Query: "ANA SOUZA"}, []string{"Ana Souza"}},
			{"part of an address", moderation.UserFilter{Query: "mail.exam"}, []string{"Bruno Lima"}},
			{"address in other case", moderation.UserFilter{Query: "  BRUNO@Mail  "}, []string{"Bruno Lima"}},
			{"percent sign is literal", moderation.UserFilter{Query: "100%"}, []string{"Carla 100% Real"}},
			{"percent alone is literal", moderation.UserFilter{Query: "%"}, []string{"Carla 100% Real"}},
			{"underscore is literal", moderation.UserFilter{Query: "a_x"}, []string{"Carla 100% Real"}},
			{"underscore alone is literal", moderation.UserFilter{Query: "_"}, []string{"Carla 100% Real"}},
			{"backslash is literal", moderation.UserFilter{Query: `\`}, []string{}},
			{"role", moderation.UserFilter{Role: accounts.RoleModerator}, []string{"Bruno Lima"}},
			{"role and query", moderation.UserFilter{Role: accounts.RoleSponsor, Query: "real"}, []string{"Dora 1000 Real"}},
			{"suspended now only", moderation.UserFilter{Suspended: true}, []string{"Fabio Now"}},
			{"nothing matches", moderation.UserFilter{Query: "zzz"}, []string{}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if got := searchNames(t, db, tc.f); !slices.Equal(got, tc.want) {
					t.Errorf("found %q, want %q", got, tc.want)
				}
			})
		}

		t.Run("unknown role lists everybody, newest first", func(t *testing.T) {
			got := searchNames(t, db, moderation.UserFilter{Role: "emperor"})
			if len(got) != 7 || got[0] != admin.Name || got[6] != "Ana Souza" {
				t.Errorf("found %q", got)
			}
		})

		t.Run("pages", func(t *testing.T) {
			var all []string
			for page := 1; ; page++ {
				found, more, err := db.Moderation.SearchUsers(ctx, moderation.UserFilter{Page: page, PerPage: 3})
				testutil.IsErr(t, "search", err, nil)
				for _, u := range found {
					all = append(all, u.Name)
				}
				if !more {
					testutil.Equal(t, "last page", page, 3)
					testutil.Equal(t, "on the last page", len(found), 1)
					break
				}
				testutil.Equal(t, "on a full page", len(found), 3)
			}
			if want := searchNames(t, db, moderation.UserFilter{}); !slices.Equal(all, want) {
				t.Errorf("pages give %q, one page %q", all, want)
			}
		})

		t.Run("figures", func(t *testing.T) {
			other := testutil.NewUser(t, db, "")
			idea := testutil.NewIdea(t, db, ana.ID, ideas.IdeaInput{})
			testutil.NewIdea(t, db, ana.ID, ideas.IdeaInput{})
			hiddenIdea := testutil.NewIdea(t, db, ana.ID, ideas.IdeaInput{})
			testutil.IsErr(t, "hide", db.Moderation.HideIdea(ctx, admin, hiddenIdea.ID, "spam"), nil)
			c1 := mustValue[*comments.Comment](t)(db.Comments.CreateComment(ctx, ana, idea.ID, nil, "one"))
			mustValue[*comments.Comment](t)(db.Comments.CreateComment(ctx, ana, idea.ID, nil, "two"))
			gone := mustValue[*comments.Comment](t)(db.Comments.CreateComment(ctx, ana, idea.ID, nil, "three"))
			mustValue[*comments.Comment](t)(db.Comments.DeleteComment(ctx, gone.ID, ana))
			mustValue[bool](t)(db.Moderation.Flag(ctx, other, audit.TargetIdea, idea.ID, "spam", ""))
			mustValue[bool](t)(db.Moderation.Flag(ctx, other, audit.TargetComment, c1.ID, "offensive", ""))
			mustValue[bool](t)(db.Moderation.Flag(ctx, admin, audit.TargetComment, c1.ID, "offensive", ""))
			testutil.IsErr(t, "dismiss", db.Moderation.DismissFlags(ctx, admin, audit.TargetIdea, idea.ID), nil)

			found, _, err := db.Moderation.SearchUsers(ctx, moderation.UserFilter{Query: "ana.souza"})
			testutil.IsErr(t, "search", err, nil)
			if len(found) != 1 {
				t.Fatalf("found %d people", len(found))
			}
			testutil.Equal(t, "ideas, hidden ones included", found[0].IdeaCount, int64(3))
			testutil.Equal(t, "comments, deleted ones left out", found[0].CommentCount, int64(2))
			testutil.Equal(t, "open reports against her", found[0].FlagsAgainst, int64(2))
			testutil.Equal(t, "email", found[0].Email, "ana.souza@example.org")
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
	admin, admin2, mod, mod2, sponsor, contributor *accounts.User
}

func newPeople(t testing.TB, db *models.Store) people {
	return people{
		admin: testutil.NewUser(t, db, accounts.RoleAdmin), admin2: testutil.NewUser(t, db, accounts.RoleAdmin),
		mod: testutil.NewUser(t, db, accounts.RoleModerator), mod2: testutil.NewUser(t, db, accounts.RoleModerator),
		sponsor: testutil.NewUser(t, db, accounts.RoleSponsor), contributor: testutil.NewUser(t, db, accounts.RoleContributor),
	}
}

// permissionCases is who may act on whom: moderators on contributors and
// sponsors, admins on everybody but themselves.
func permissionCases(p people) []struct {
	name          string
	actor, target *accounts.User
	want          error
} {
	return []struct {
		name          string
		actor, target *accounts.User
		want          error
	}{
		{"sponsor on a contributor", p.sponsor, p.contributor, store.ErrForbidden},
		{"contributor on a sponsor", p.contributor, p.sponsor, store.ErrForbidden},
		{"moderator on a contributor", p.mod, p.contributor, nil},
		{"moderator on a sponsor", p.mod, p.sponsor, nil},
		{"moderator on themselves", p.mod, p.mod, moderation.ErrProtected},
		{"moderator on another moderator", p.mod, p.mod2, moderation.ErrProtected},
		{"moderator on an admin", p.mod, p.admin, moderation.ErrProtected},
		{"admin on a moderator", p.admin, p.mod2, nil},
		{"admin on another admin", p.admin, p.admin2, nil},
		{"admin on themselves", p.admin, p.admin, moderation.ErrProtected},
		{"nobody", p.admin, &accounts.User{ID: 1 << 40}, store.ErrNotFound},
	}
}

func TestSuspendPermissions(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		p := newPeople(t, db)
		until := time.Now().Add(72 * time.Hour).Truncate(time.Second)
		for _, tc := range permissionCases(p) {
			t.Run(tc.name, func(t *testing.T) {
				before := testutil.Rows(t, db, "audit_entries", "1 = 1")
				err := db.Moderation.Suspend(ctx, tc.actor, tc.target.ID, until, "rude to everyone")
				testutil.IsErr(t, "suspend", err, tc.want)
				if tc.want != nil {
					testutil.Equal(t, "audit entries", testutil.Rows(t, db, "audit_entries", "1 = 1"), before)
					if tc.want != store.ErrNotFound {
						u := mustValue[*accounts.User](t)(db.Accounts.UserByID(ctx, tc.target.ID))
						testutil.Equal(t, "still free", u.Suspended(time.Now()), false)
					}
					return
				}
				u := mustValue[*accounts.User](t)(db.Accounts.UserByID(ctx, tc.target.ID))
				testutil.Equal(t, "suspended", u.Suspended(time.Now()), true)
				testutil.Equal(t, "until", u.SuspendedUntil.Equal(until), true)
				testutil.Equal(t, "reason", u.SuspendReason, "rude to everyone")
				testutil.Equal(t, "suspension over then", u.Suspended(until.Add(time.Second)), false)
				entries, _, err := db.Audit.AuditLog(ctx, audit.AuditFilter{TargetType: audit.TargetUser, TargetID: u.ID})
				testutil.IsErr(t, "audit", err, nil)
				if len(entries) == 0 || entries[0].Action != "user.suspend" || entries[0].Reason != "rude to everyone" ||
					*entries[0].ActorID != tc.actor.ID {
					t.Fatalf("audit entries %+v", entries)
				}

				testutil.IsErr(t, "unsuspend", db.Moderation.Unsuspend(ctx, tc.actor, tc.target.ID, "apologised"), nil)
				u = mustValue[*accounts.User](t)(db.Accounts.UserByID(ctx, tc.target.ID))
				testutil.Equal(t, "suspended after unsuspend", u.Suspended(time.Now()), false)
				testutil.Equal(t, "reason after unsuspend", u.SuspendReason, "")
				entries, _, err = db.Audit.AuditLog(ctx, audit.AuditFilter{TargetType: audit.TargetUser, TargetID: u.ID})
				testutil.IsErr(t, "audit", err, nil)
				testutil.Equal(t, "last action", entries[0].Action, "user.unsuspend")
				testutil.Equal(t, "last reason", entries[0].Reason, "apologised")
			})
		}
		t.Run("unsuspend is protected too", func(t *testing.T) {
			testutil.IsErr(t, "admin suspends a moderator", db.Moderation.Suspend(ctx, p.admin, p.mod2.ID, until, "x"), nil)
			testutil.IsErr(t, "moderator lifts it", db.Moderation.Unsuspend(ctx, p.mod, p.mod2.ID, ""), moderation.ErrProtected)
			u := mustValue[*accounts.User](t)(db.Accounts.UserByID(ctx, p.mod2.ID))
			testutil.Equal(t, "still suspended", u.Suspended(time.Now()), true)
		})
	})
}

func TestHideEverythingPermissions(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		p := newPeople(t, db)
		host := testutil.NewUser(t, db, "")
		hostIdea := testutil.NewIdea(t, db, host.ID, ideas.IdeaInput{})
		for _, tc := range permissionCases(p) {
			t.Run(tc.name, func(t *testing.T) {
				var idea *ideas.Idea
				if tc.target.ID < 1<<40 {
					idea = testutil.NewIdea(t, db, tc.target.ID, ideas.IdeaInput{})
					mustValue[*comments.Comment](t)(db.Comments.CreateComment(ctx, tc.target, hostIdea.ID, nil, "hello"))
				}
				wantIdeas := testutil.Rows(t, db, "ideas", "author_id = ? AND hidden = ?", tc.target.ID, false)
				wantComments := testutil.Rows(t, db, "comments", "author_id = ? AND hidden = ?", tc.target.ID, false)
				ideas, comments, err := db.Moderation.HideEverything(ctx, tc.actor, tc.target.ID, "")
				testutil.IsErr(t, "hide everything", err, tc.want)
				if tc.want != nil {
					testutil.Equal(t, "ideas hidden", ideas, 0)
					testutil.Equal(t, "comments hidden", comments, 0)
					if idea != nil {
						testutil.Equal(t, "idea still visible", testutil.Reload(t, db, idea.ID).Hidden, false)
					}
					return
				}
				testutil.Equal(t, "ideas hidden", ideas, wantIdeas)
				testutil.Equal(t, "comments hidden", comments, wantComments)
				testutil.Equal(t, "idea hidden", testutil.Reload(t, db, idea.ID).Hidden, true)
				testutil.Equal(t, "visible left", testutil.Rows(t, db, "ideas", "author_id = ? AND hidden = ?", tc.target.ID, false)+
					testutil.Rows(t, db, "comments", "author_id = ? AND hidden = ?", tc.target.ID, false), 0)
			})
		}
	})
}

func TestHideEverything(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		mod := testutil.NewUser(t, db, accounts.RoleModerator)
		spammer, ana, bia := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		ch := testutil.NewChallenge(t, db, challenges.PhaseIdeation, 0)

		anaIdea := testutil.NewIdea(t, db, ana.ID, ideas.IdeaInput{ChallengeID: &ch.ID})
		biaIdea := testutil.NewIdea(t, db, bia.ID, ideas.IdeaInput{})
		spam1 := testutil.NewIdea(t, db, spammer.ID, ideas.IdeaInput{ChallengeID: &ch.ID})
		spam2 := testutil.NewIdea(t, db, spammer.ID, ideas.IdeaInput{})
		comment := func(by *accounts.User, ideaID int64, body string) *comments.Comment {
			return mustValue[*comments.Comment](t)(db.Comments.CreateComment(ctx, by, ideaID, nil, body))
		}
		comment(ana, anaIdea.ID, "my own words")
		c1 := comment(spammer, anaIdea.ID, "buy now")
		comment(spammer, anaIdea.ID, "buy now again")
		comment(spammer, biaIdea.ID, "cheap pills")
		already := comment(spammer, biaIdea.ID, "hidden before")
		testutil.IsErr(t, "hide one comment", db.Moderation.HideComment(ctx, mod, already.ID, "spam"), nil)
		gone := comment(spammer, biaIdea.ID, "deleted by the author")
		mustValue[*comments.Comment](t)(db.Comments.DeleteComment(ctx, gone.ID, spammer))
		comment(spammer, spam1.ID, "on my own spam")
		anaOnSpam := comment(ana, spam1.ID, "is this spam?")
		mustValue[bool](t)(db.Moderation.Flag(ctx, ana, audit.TargetIdea, spam1.ID, "spam", ""))
		mustValue[bool](t)(db.Moderation.Flag(ctx, bia, audit.TargetComment, c1.ID, "spam", ""))

		ideaList, commentList, err := db.Moderation.HideEverything(ctx, mod, spammer.ID, "spam wave")
		testutil.IsErr(t, "hide everything", err, nil)
		testutil.Equal(t, "ideas hidden", ideaList, 2)
		testutil.Equal(t, "comments hidden", commentList, 4)

		testutil.Equal(t, "spammer's visible ideas", testutil.Rows(t, db, "ideas", "author_id = ? AND hidden = ?", spammer.ID, false), 0)
		testutil.Equal(t, "spammer's visible comments", testutil.Rows(t, db, "comments", "author_id = ? AND hidden = ? AND deleted = ?", spammer.ID, false, false), 0)
		testutil.Equal(t, "reason on the idea", mustValue[*ideas.Idea](t)(db.Ideas.IdeaByID(ctx, spam2.ID)).HiddenReason, "spam wave")
		testutil.Equal(t, "other people's comments untouched", mustValue[*comments.Comment](t)(db.Comments.CommentByID(ctx, anaOnSpam.ID)).Hidden, false)
		for _, id := range []int64{anaIdea.ID, biaIdea.ID} {
			idea := testutil.Reload(t, db, id)
			testutil.Equal(t, "comment_count of idea", idea.CommentCount,
				testutil.Rows(t, db, "comments", "idea_id = ? AND hidden = ? AND deleted = ?", id, false, false))
			testutil.Near(t, "hot", idea.Hot, testutil.HotFromRows(t, db, id), 1e-9)
		}
		testutil.Equal(t, "ana's idea keeps her comment", testutil.Reload(t, db, anaIdea.ID).CommentCount, 1)
		testutil.Equal(t, "bia's idea has none left", testutil.Reload(t, db, biaIdea.ID).CommentCount, 0)
		chNow := mustValue[*challenges.Challenge](t)(db.Challenges.ChallengeByID(ctx, ch.ID))
		testutil.Equal(t, "challenge idea_count", chNow.IdeaCount,
			testutil.Rows(t, db, "ideas", "challenge_id = ? AND hidden = ? AND merged_into_id IS NULL", ch.ID, false))
		testutil.Equal(t, "open reports left", testutil.Rows(t, db, "flags", "resolved_at IS NULL"), 0)

		entries, _, err := db.Audit.AuditLog(ctx, audit.AuditFilter{Action: "user.hide_all"})
		testutil.IsErr(t, "audit", err, nil)
		if len(entries) != 1 {
			t.Fatalf("%d hide_all entries", len(entries))
		}
		e := entries[0]
		testutil.Equal(t, "target", fmt.Sprint(e.TargetType, " ", e.TargetID), fmt.Sprint("user ", spammer.ID))
		testutil.Equal(t, "actor", e.ActorName, mod.Name)
		testutil.Equal(t, "reason", e.Reason, "spam wave")
		testutil.Equal(t, "after", e.AfterState, `{"comments_hidden":4,"ideas_hidden":2}`)

		ideaList, commentList, err = db.Moderation.HideEverything(ctx, mod, spammer.ID, "again")
		testutil.IsErr(t, "again", err, nil)
		testutil.Equal(t, "ideas hidden again", ideaList, 0)
		testutil.Equal(t, "comments hidden again", commentList, 0)
		testutil.Equal(t, "bia's idea still at zero", testutil.Reload(t, db, biaIdea.ID).CommentCount, 0)
	})
}

func TestChangeRole(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		p := newPeople(t, db)
		cases := []struct {
			name          string
			actor, target *accounts.User
			role          string
			want          error
		}{
			{"moderator may not", p.mod, p.contributor, accounts.RoleModerator, store.ErrForbidden},
			{"sponsor may not", p.sponsor, p.contributor, accounts.RoleAdmin, store.ErrForbidden},
			{"unknown role", p.admin, p.contributor, "emperor", store.ErrForbidden},
			{"admin on themselves", p.admin, p.admin, accounts.RoleContributor, moderation.ErrProtected},
			{"nobody", p.admin, &accounts.User{ID: 1 << 40}, accounts.RoleSponsor, store.ErrNotFound},
			{"admin makes a moderator", p.admin, p.contributor, accounts.RoleModerator, nil},
			{"admin makes an admin a sponsor", p.admin, p.admin2, accounts.RoleSponsor, nil},
			{"admin takes the role back", p.admin, p.mod, accounts.RoleContributor, nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var before *accounts.User
				if tc.target.ID < 1<<40 {
					before = mustValue[*accounts.User](t)(db.Accounts.UserByID(ctx, tc.target.ID))
				}
				testutil.IsErr(t, "change role", db.Moderation.ChangeRole(ctx, tc.actor, tc.target.ID, tc.role), tc.want)
				if before == nil {
					return
				}
				after := mustValue[*accounts.User](t)(db.Accounts.UserByID(ctx, tc.target.ID))
				if tc.want != nil {
					testutil.Equal(t, "role unchanged", after.Role, before.Role)
					testutil.Equal(t, "sessions kept", after.SessionVersion, before.SessionVersion)
					return
				}
				testutil.Equal(t, "role", after.Role, tc.role)
				testutil.Equal(t, "old sessions ended", after.SessionVersion, before.SessionVersion+1)
				entries, _, err := db.Audit.AuditLog(ctx, audit.AuditFilter{Action: "user.role", TargetID: tc.target.ID})
				testutil.IsErr(t, "audit", err, nil)
				if len(entries) != 1 {
					t.Fatalf("%d role entries", len(entries))
				}
				testutil.Equal(t, "before", entries[0].BeforeState, `{"role":"`+before.Role+`"}`)
				testutil.Equal(t, "after", entries[0].AfterState, `{"role":"`+tc.role+`"}`)
			})
		}
		t.Run("the same role again changes nothing", func(t *testing.T) {
			before := mustValue[*accounts.User](t)(db.Accounts.UserByID(ctx, p.contributor.ID))
			testutil.IsErr(t, "same role", db.Moderation.ChangeRole(ctx, p.admin, p.contributor.ID, before.Role), nil)
			after := mustValue[*accounts.User](t)(db.Accounts.UserByID(ctx, p.contributor.ID))
			testutil.Equal(t, "sessions kept", after.SessionVersion, before.SessionVersion)
			testutil.Equal(t, "role entries", testutil.Rows(t, db, "audit_entries", "action = ? AND target_id = ?", "user.role", p.contributor.ID), 1)
		})
	})
}

func TestFlagsByAndAgainst(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *models.Store) {
		ctx := t.Context()
		ana, bia, caio := testutil.NewUser(t, db, ""), testutil.NewUser(t, db, ""), testutil.NewUser(t, db, "")
		idea := testutil.NewIdea(t, db, ana.ID, ideas.IdeaInput{})
		c := mustValue[*comments.Comment](t)(db.Comments.CreateComment(ctx, ana, idea.ID, nil, "hm"))
		biaIdea := testutil.NewIdea(t, db, bia.ID, ideas.IdeaInput{})
		mustValue[bool](t)(db.Moderation.Flag(ctx, bia, audit.TargetIdea, idea.ID, "spam", ""))
		mustValue[bool](t)(db.Moderation.Flag(ctx, caio, audit.TargetComment, c.ID, "offensive", ""))
		mustValue[bool](t)(db.Moderation.Flag(ctx, ana, audit.TargetIdea, biaIdea.ID, "duplicate", ""))

		against := mustValue[[]moderation.FlagRecord](t)(db.Moderation.FlagsAgainst(ctx, ana.ID, 10))
		testutil.Equal(t, "reports against ana", len(against), 2)
		names := map[string]bool{}
		for _, f := range against {
			names[f.UserName] = true
		}
		testutil.Equal(t, "reporters named", names[bia.Name] && names[caio.Name], true)
		by := mustValue[[]moderation.FlagRecord](t)(db.Moderation.FlagsBy(ctx, ana.ID, 10))
		testutil.Equal(t, "reports by ana", len(by), 1)
		testutil.Equal(t, "her report", by[0].TargetID, biaIdea.ID)
		testutil.Equal(t, "limit", len(mustValue[[]moderation.FlagRecord](t)(db.Moderation.FlagsAgainst(ctx, ana.ID, 1))), 1)
	})
}
