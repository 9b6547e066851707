package reporting_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reporting"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/testutil"
)

// reportWorld is a small campaign with known dates: days are counted back
// from a fixed "today" so that every bucket is known.
type reportWorld struct {
	store          *models.Store
	today          time.Time
	challenge      *challenges.Challenge
	design, energy *challenges.Category
	ana, bea, caio *accounts.User
}

func (w *reportWorld) at(t *testing.T, table string, id int64, daysAgo int) {
	t.Helper()
	when := w.today.AddDate(0, 0, -daysAgo).Add(10 * time.Hour)
	if err := testutil.Behind(w.store).Exec("UPDATE "+table+" SET created_at = ? WHERE id = ?", when, id).Error; err != nil {
		t.Fatal(err)
	}
}

func newReportWorld(t *testing.T, store *models.Store) *reportWorld {
	ctx := context.Background()
	w := &reportWorld{store: store, today: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)} // a Wednesday
	w.challenge = testutil.NewChallenge(t, store, challenges.PhaseIdeation, 0)
	var err error
	if w.design, err = store.Challenges.CreateCategory(ctx, "design", "Design", "", 1); err != nil {
		t.Fatal(err)
	}
	if w.energy, err = store.Challenges.CreateCategory(ctx, "energy", "Energy", "", 2); err != nil {
		t.Fatal(err)
	}
	mk := func(name, country string, daysAgo int) *accounts.User {
		u, err := store.Accounts.CreateUser(ctx, accounts.NewUser{Name: name, Email: testutil.Name("r") + "@example.com",
			Password: "password-123", Country: country})
		if err != nil {
			t.Fatal(err)
		}
		w.at(t, "users", u.ID, daysAgo)
		return u
	}
	w.ana, w.bea, w.caio = mk("Ana", "BR", 10), mk("Béa", "FR", 3), mk("Caio", "BR", 200)
	mk("Quiet", "IT", 1) // signs up, takes no part
	return w
}

func TestReportStats(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, store *models.Store) {
		ctx := context.Background()
		w := newReportWorld(t, store)
		idea := func(author *accounts.User, cat *challenges.Category, inChallenge bool, daysAgo int) *ideas.Idea {
			in := ideas.IdeaInput{CategoryID: &cat.ID}
			if inChallenge {
				in.ChallengeID = &w.challenge.ID
			}
			i := testutil.NewIdea(t, store, author.ID, in)
			w.at(t, "ideas", i.ID, daysAgo)
			return i
		}
		a := idea(w.ana, w.design, true, 2)      // 3 votes, 1 comment
		b := idea(w.ana, w.energy, true, 2)      // 1 vote
		c := idea(w.bea, w.design, false, 0)     // accepted, outside the challenge
		old := idea(w.caio, w.design, true, 300) // before the range
		hidden := idea(w.bea, w.energy, true, 1)
		if err := testutil.Behind(store).Exec("UPDATE ideas SET hidden = ? WHERE id = ?", true, hidden.ID).Error; err != nil {
			t.Fatal(err)
		}
		testutil.IsErr(t, "status", store.Ideas.SetStatus(ctx, c.ID, w.ana, ideas.StatusAccepted, ""), nil)
		for _, v := range []struct {
			u       *accounts.User
			idea    int64
			daysAgo int
		}{{w.ana, a.ID, 2}, {w.bea, a.ID, 1}, {w.caio, a.ID, 1}, {w.bea, b.ID, 0}, {w.caio, old.ID, 250}} {
			if _, err := store.Votes.Vote(ctx, v.u.ID, v.idea); err != nil {
				t.Fatalf("vote: %v", err)
			}
			if err := testutil.Behind(store).Exec("UPDATE votes SET created_at = ? WHERE user_id = ? AND idea_id = ?",
				w.today.AddDate(0, 0, -v.daysAgo).Add(time.Hour), v.u.ID, v.idea).Error; err != nil {
				t.Fatal(err)
			}
		}
		cm, err := store.Comments.CreateComment(ctx, w.caio, a.ID, nil, "Good one")
		testutil.IsErr(t, "comment", err, nil)
		w.at(t, "comments", cm.ID, 1)
		// The test moved the rows back in time: the ledger follows them, as a
		// recount would make it.
		testutil.IsErr(t, "ledger", reputation.RebuildAll(testutil.Behind(store)), nil)

		last30 := reporting.ReportFilter{From: w.today.AddDate(0, 0, -29), To: w.today}
		st, err := store.Reporting.ReportStats(ctx, last30)
		testutil.IsErr(t, "stats", err, nil)
		testutil.Equal(t, "ideas", st.Figures.Ideas, 3)
		testutil.Equal(t, "votes", st.Figures.Votes, 4)
		testutil.Equal(t, "comments", st.Figures.Comments, 1)
		testutil.Equal(t, "sign-ups", st.Figures.SignUps, 3) // Ana, Béa, Quiet; Caio is older
		testutil.Equal(t, "contributors", st.Figures.Contributors, 3)
		testutil.Equal(t, "countries", st.Figures.Countries, 2)
		testutil.Equal(t, "by status", countsOf(st.ByStatus), "new:2 under_review:0 accepted:1 in_progress:0 implemented:0 declined:0")
		testutil.Equal(t, "by category", countsOf(st.ByCategory), "design:2 energy:1")
		testutil.Equal(t, "by country", countsOf(st.ByCountry), "BR:2 FR:1")
		buckets := last30.Buckets()
		testutil.Equal(t, "days", len(buckets), 30)
		testutil.Equal(t, "last day", buckets[29], "2026-03-18")
		testutil.Equal(t, "ideas by day", tail(st.Activity["ideas"], 3), "[2 0 1]")
		testutil.Equal(t, "votes by day", tail(st.Activity["votes"], 3), "[1 2 1]")
		testutil.Equal(t, "comments by day", tail(st.Activity["comments"], 3), "[0 1 0]")
		testutil.Equal(t, "sign-ups by day", tail(st.Activity["signups"], 4), "[1 0 1 0]")
		testutil.Equal(t, "top idea", st.TopIdeas[0].ID, a.ID)
		testutil.Equal(t, "top ideas", len(st.TopIdeas), 3)
		// The reputation earned in the period: Ana 2 ideas (10) and 3 supports
		// from others (her own earns nothing); Béa 1 idea (5: her idea's
		// acceptance is dated when the test runs, after the period); Caio nothing (a comment earns
		// only when others find it helpful).
		testutil.Equal(t, "top contributor", st.Contributors[0].User.Name, "Ana")
		testutil.Equal(t, "her points", st.Contributors[0].Points, 13)
		testutil.Equal(t, "Béa's points", st.Contributors[1].Points, 5)
		testutil.Equal(t, "then", st.Contributors[1].User.Name+" "+st.Contributors[2].User.Name, "Béa Caio")

		t.Run("challenge", func(t *testing.T) {
			f := last30
			f.ChallengeID = w.challenge.ID
			st, err := store.Reporting.ReportStats(ctx, f)
			testutil.IsErr(t, "stats", err, nil)
			testutil.Equal(t, "ideas", st.Figures.Ideas, 2)
			testutil.Equal(t, "votes", st.Figures.Votes, 4)
			testutil.Equal(t, "by challenge", len(st.ByChallenge), 1)
			testutil.Equal(t, "by category", countsOf(st.ByCategory), "design:1 energy:1")
		})
		t.Run("dates", func(t *testing.T) {
			f := reporting.ReportFilter{From: w.today.AddDate(0, 0, -1), To: w.today}
			st, err := store.Reporting.ReportStats(ctx, f)
			testutil.IsErr(t, "stats", err, nil)
			testutil.Equal(t, "ideas", st.Figures.Ideas, 1)
			testutil.Equal(t, "votes", st.Figures.Votes, 3)
			testutil.Equal(t, "all time ideas", mustStats(store.Reporting.ReportStats(ctx, reporting.ReportFilter{From: w.today.AddDate(-2, 0, 0), To: w.today})).Figures.Ideas, 4)
		})
		t.Run("weeks", func(t *testing.T) {
			f := reporting.ReportFilter{From: w.today.AddDate(0, 0, -364), To: w.today}
			if !f.Weekly() {
				t.Fatal("a year is not grouped by week")
			}
			st, err := store.Reporting.ReportStats(ctx, f)
			testutil.IsErr(t, "stats", err, nil)
			b := f.Buckets()
			testutil.Equal(t, "last week starts on Monday", b[len(b)-1], "2026-03-16")
			testutil.Equal(t, "ideas by week", tail(st.Activity["ideas"], 1), "[3]")
			testutil.Equal(t, "votes by week", tail(st.Activity["votes"], 1), "[4]")
			var sum int64
			for _, n := range st.Activity["ideas"] {
				sum += n
			}
			testutil.Equal(t, "ideas in the year", sum, 4)
		})
	})
}

func mustStats(st *reporting.ReportStats, err error) *reporting.ReportStats {
	if err != nil {
		panic(err)
	}
	return st
}

func countsOf(cs []reporting.Count) string {
	out := ""
	for i, c := range cs {
		if i > 0 {
			out += " "
		}
		out += fmt.Sprintf("%s:%d", c.Key, c.N)
	}
	return out
}

func tail(v []int64, n int) string { return fmt.Sprint(v[len(v)-n:]) }
