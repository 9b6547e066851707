package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/testutil"
)

// figure reads one number of the dashboard's figures by its label.
func figure(body, label string) string {
	m := regexp.MustCompile(`<dt>` + regexp.QuoteMeta(label) + `</dt><dd>(\d+)</dd>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestReportsDashboard(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.user(t, "Dashboard Author")
		voter := w.user(t, "Dashboard Voter")
		a := w.idea(t, author, "Seats from bottles", w.open, w.design)
		w.idea(t, author, "Solar roof", w.open, w.materials)
		w.idea(t, voter, "Quiet horn", nil, nil)
		must(w.Store.Votes.Vote(t.Context(), voter.ID, a.ID))(t)
		must(w.Store.Comments.CreateComment(t.Context(), voter, a.ID, nil, "Yes please"))(t)
		sponsor := w.login(t, w.userWithRole(t, "A sponsor", accounts.RoleSponsor))

		r := sponsor.get("/reports")
		wantCode(t, r, http.StatusOK)
		for label, want := range map[string]string{"Ideas": "3", "Votes": "1", "Comments": "1", "Contributors": "2", "Countries": "1"} {
			check(t, label, figure(r.Body, label), want)
		}
		check(t, "charts", strings.Count(r.Body, `<svg xmlns="http://www.w3.org/2000/svg"`), 9)
		wantIn(t, r, `role="img" aria-labelledby="by-status-title"`)
		wantIn(t, r, "Show the numbers")
		wantIn(t, r, `<th scope="row">Brazil</th><td class="num">2</td>`)
		wantIn(t, r, `<th scope="row">Design</th><td class="num">1</td>`)
		wantIn(t, r, "Seats from bottles")
		today := time.Now().UTC()
		wantIn(t, r, `name="to" value="`+today.Format(time.DateOnly)+`"`)
		wantIn(t, r, `name="from" value="`+today.AddDate(0, 0, -89).Format(time.DateOnly)+`"`)

		t.Run("challenge filter", func(t *testing.T) {
			r := sponsor.get("/reports?challenge=" + w.open.Slug)
			wantCode(t, r, http.StatusOK)
			check(t, "ideas", figure(r.Body, "Ideas"), "2")
			wantIn(t, r, `<option value="`+w.open.Slug+`" selected>`)
		})
		t.Run("date filter", func(t *testing.T) {
			r := sponsor.get("/reports?from=2020-01-01&to=2020-12-31")
			wantCode(t, r, http.StatusOK)
			check(t, "ideas", figure(r.Body, "Ideas"), "0")
			wantIn(t, r, "grouped by week")
			wantIn(t, r, "Nothing in this period")
		})
		t.Run("bad filter", func(t *testing.T) {
			r := sponsor.get("/reports?from=yesterday&challenge=nope")
			wantCode(t, r, http.StatusUnprocessableEntity)
			check(t, "from", fieldError(r.Body, "from"), "Enter a date as YYYY-MM-DD.")
			check(t, "challenge", fieldError(r.Body, "challenge"), "There is no such challenge.")
		})
		t.Run("a period of millennia", func(t *testing.T) {
			r := sponsor.get("/reports?from=0001-01-01&to=9999-12-31")
			wantCode(t, r, http.StatusUnprocessableEntity)
			check(t, "from", fieldError(r.Body, "from"), "Choose a period of at most 5 years; the page shows the last 5 years up to the end date.")
			wantIn(t, r, `value="9994-12-31"`)
			if len(r.Body) > 500_000 {
				t.Errorf("the page is %d bytes", len(r.Body))
			}
		})
		t.Run("contributor", func(t *testing.T) {
			wantCode(t, w.login(t, author).get("/reports"), http.StatusForbidden)
		})
	})
}

// visit opens a page as a browser with a User-Agent.
func visit(t *testing.T, w *world, path, agent string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, w.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", agent)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
}

func TestVisitorCounting(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		today := time.Now().UTC().Format(time.DateOnly)
		yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
		if err := testutil.Behind(w.Store).Exec("INSERT INTO visitor_salts (day, salt) VALUES (?, ?)", yesterday, "old-salt").Error; err != nil {
			t.Fatal(err)
		}
		firefox := "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
		visit(t, w, "/", firefox)
		visit(t, w, "/ideas", firefox)
		visit(t, w, "/", firefox)
		check(t, "one visitor, three pages", w.count(t, "visitor_days", "day = ?", today), 1)

		for _, agent := range []string{"", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0",
			"Mozilla/5.0 HeadlessChrome/120.0", "python-requests/2.31"} {
			visit(t, w, "/", agent)
		}
		check(t, "robots", w.count(t, "visitor_days", "day = ?", today), 1)
		visit(t, w, "/assets/css/app.css", "Mozilla/5.0 Safari/605.1.15")
		visit(t, w, "/healthz", "Mozilla/5.0 Safari/605.1.15")
		visit(t, w, "/no-such-page", "Mozilla/5.0 Safari/605.1.15")
		check(t, "not pages", w.count(t, "visitor_days", "day = ?", today), 1)
		visit(t, w, "/ideas", "Mozilla/5.0 Safari/605.1.15")
		check(t, "another browser", w.count(t, "visitor_days", "day = ?", today), 2)

		check(t, "yesterday's salt", w.count(t, "visitor_salts", "day = ?", yesterday), 0)
		check(t, "today's salt", w.count(t, "visitor_salts", "day = ?", today), 1)
		var stored []string
		if err := w.Store.DB.Raw("SELECT visitor FROM visitor_days").Scan(&stored).Error; err != nil {
			t.Fatal(err)
		}
		hex64 := regexp.MustCompile(`^[0-9a-f]{64}$`)
		for _, v := range stored {
			if !hex64.MatchString(v) || strings.Contains(v, "127.0.0.1") {
				t.Errorf("stored visitor %q is not an opaque hash", v)
			}
		}
	})
}

// TestMembersAndContributors: the home page counts the members (everyone
// with an account), the report the contributors (those who took part in
// its period): two words for two figures, so that they never disagree.
func TestMembersAndContributors(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ana := w.user(t, "Ana")
		w.user(t, "Bia") // has an account, has not taken part
		w.idea(t, ana, "Cork dashboard", nil, nil)
		wantIn(t, newClient(t, w.Server).get("/"), "<dt>Members</dt><dd>2</dd>")
		sponsor := w.userWithRole(t, "Sam", accounts.RoleSponsor)
		wantIn(t, w.login(t, sponsor).get("/reports"), "<dt>Contributors</dt><dd>1</dd>")
	})
}
