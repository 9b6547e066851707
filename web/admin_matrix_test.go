package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ideario/ideario/models/accounts"
	"github.com/labstack/echo/v4"
)

// access is what a person gets from a route.
type access int

const (
	// askLogin: a visitor is sent to log in (303 to /login?next=...).
	askLogin access = iota
	// forbidden: a signed-in person without the role gets 403.
	forbidden
	// answered: the page or action answers for itself, whatever it says (200,
	// 303, 409, 422...), but not 401, 403, 404, 405 or 500, and not a
	// redirect to log in.
	answered
)

func (a access) String() string { return [...]string{"login", "forbidden", "answered"}[a] }

// matrixPeople are the kinds of person asked, in the order of each row's
// answers.
var matrixPeople = [5]string{"anonymous", accounts.RoleContributor, accounts.RoleModerator, accounts.RoleSponsor, accounts.RoleAdmin}

// The answers of each group of routes, for anonymous, contributor,
// moderator, sponsor, admin.
var (
	forModerators = [5]access{askLogin, forbidden, answered, forbidden, answered}
	forAdmins     = [5]access{askLogin, forbidden, forbidden, forbidden, answered}
	forReaders    = [5]access{askLogin, forbidden, forbidden, answered, answered}
)

// matrixRow is one route: its method and pattern as the router knows them,
// a path with real ids ({idea}, {comment}, {user}, {challenge},
// {category}), and the answers.
type matrixRow struct {
	method, route, path string
	want                [5]access
	// planned names a route that SPEC promises and that other work brings:
	// until it is in the router, only the refusals are checked. Once it is,
	// the row is checked whole.
	planned bool
}

// matrix is every route under /admin and /reports. A route added to the
// router without a row here fails TestAuthorisationMatrix.
var matrix = []matrixRow{
	{"GET", "/admin", "/admin", forModerators, false},
	{"GET", "/admin/moderation", "/admin/moderation", forModerators, false},
	{"POST", "/admin/moderation/bulk", "/admin/moderation/bulk", forModerators, false},
	{"POST", "/admin/ideas/:id/status", "/admin/ideas/{idea}/status", forModerators, false},
	{"POST", "/admin/ideas/:id/hide", "/admin/ideas/{idea}/hide", forModerators, false},
	{"POST", "/admin/ideas/:id/unhide", "/admin/ideas/{idea}/unhide", forModerators, false},
	{"POST", "/admin/ideas/:id/approve", "/admin/ideas/{idea}/approve", forModerators, false},
	{"POST", "/admin/ideas/:id/dismiss", "/admin/ideas/{idea}/dismiss", forModerators, false},
	{"GET", "/admin/ideas/:id/merge", "/admin/ideas/{idea}/merge", forModerators, false},
	{"POST", "/admin/ideas/:id/merge", "/admin/ideas/{idea}/merge", forModerators, false},
	{"POST", "/admin/comments/:id/hide", "/admin/comments/{comment}/hide", forModerators, false},
	{"POST", "/admin/comments/:id/unhide", "/admin/comments/{comment}/unhide", forModerators, false},
	{"POST", "/admin/comments/:id/dismiss", "/admin/comments/{comment}/dismiss", forModerators, false},
	{"GET", "/admin/users", "/admin/users", forModerators, false},
	{"GET", "/admin/users/:id", "/admin/users/{user}", forModerators, false},
	{"POST", "/admin/users/:id/suspend", "/admin/users/{user}/suspend", forModerators, false},
	{"POST", "/admin/users/:id/unsuspend", "/admin/users/{user}/unsuspend", forModerators, false},
	{"POST", "/admin/users/:id/hide-all", "/admin/users/{user}/hide-all", forModerators, false},
	{"POST", "/admin/users/:id/role", "/admin/users/{user}/role", forAdmins, false},
	{"GET", "/admin/challenges", "/admin/challenges", forModerators, false},
	{"GET", "/admin/challenges/new", "/admin/challenges/new", forModerators, false},
	{"POST", "/admin/challenges", "/admin/challenges", forModerators, false},
	{"GET", "/admin/challenges/:id/edit", "/admin/challenges/{challenge}/edit", forModerators, false},
	{"POST", "/admin/challenges/:id/edit", "/admin/challenges/{challenge}/edit", forModerators, false},
	{"GET", "/admin/categories", "/admin/categories", forModerators, false},
	{"POST", "/admin/categories", "/admin/categories", forModerators, false},
	{"POST", "/admin/categories/:id/edit", "/admin/categories/{category}/edit", forModerators, false},
	{"GET", "/admin/audit", "/admin/audit", forModerators, false},
	{"GET", "/admin/settings", "/admin/settings", forAdmins, false},
	{"POST", "/admin/settings", "/admin/settings", forAdmins, false},
	{"GET", "/reports", "/reports", forReaders, false},
	{"GET", "/reports/ideas.csv", "/reports/ideas.csv", forReaders, false},
	{"GET", "/reports/ideas.xlsx", "/reports/ideas.xlsx", forReaders, false},
	{"GET", "/reports/ideas.json", "/reports/ideas.json", forReaders, false},
	{"GET", "/reports/ideas.pdf", "/reports/ideas.pdf", forReaders, false},
	{"GET", "/reports/comments.csv", "/reports/comments.csv", forReaders, false},
}

// guardedPath tells whether a path is one the matrix must cover.
func guardedPath(path string) bool {
	for _, prefix := range []string{"/admin", "/reports"} {
		if path == prefix || strings.HasPrefix(path, prefix+"/") {
			return true
		}
	}
	return false
}

// TestAuthorisationMatrixCoversEveryRoute compares the table with the router.
func TestAuthorisationMatrixCoversEveryRoute(t *testing.T) {
	w := newWorld(t, "sqlite")
	inTable := map[string]matrixRow{}
	for _, row := range matrix {
		key := row.method + " " + row.route
		if _, dup := inTable[key]; dup {
			t.Errorf("%s is twice in the matrix", key)
		}
		inTable[key] = row
	}
	inRouter := map[string]bool{}
	for _, r := range w.App.Echo.Routes() {
		// Groups add catch-alls (Echo's RouteNotFound) so that their
		// guards run for unknown paths too; they are not pages.
		if r.Method == echo.RouteNotFound || !guardedPath(r.Path) {
			continue
		}
		key := r.Method + " " + r.Path
		inRouter[key] = true
		if _, ok := inTable[key]; !ok {
			t.Errorf("%s is in the router but not in the authorisation matrix: add a row saying who may use it", key)
		}
	}
	for key, row := range inTable {
		if !inRouter[key] && !row.planned {
			t.Errorf("%s is in the authorisation matrix but not in the router", key)
		}
	}
}

// TestAuthorisationMatrix asks every route as each kind of person.
func TestAuthorisationMatrix(t *testing.T) {
	w := newWorld(t, "sqlite")
	routes := map[string]bool{}
	for _, r := range w.App.Echo.Routes() {
		routes[r.Method+" "+r.Path] = true
	}
	author := w.user(t, "Idea Author")
	idea := w.idea(t, author, "Seats from recycled bottles", w.open, w.design)
	cm := must(w.Store.Comments.CreateComment(t.Context(), author, idea.ID, nil, "A comment to moderate"))(t)
	target := w.user(t, "Someone To Manage")
	ids := strings.NewReplacer("{idea}", itoa(idea.ID), "{comment}", itoa(cm.ID), "{user}", itoa(target.ID),
		"{challenge}", itoa(w.open.ID), "{category}", itoa(w.design.ID))

	var clients [5]*client
	clients[0] = newClient(t, w.Server)
	clients[0].csrf("/login")
	for i, role := range matrixPeople[1:] {
		clients[i+1] = w.login(t, w.userWithRole(t, "A "+role, role))
		clients[i+1].csrf("/account")
	}

	for _, row := range matrix {
		path := ids.Replace(row.path)
		exists := routes[row.method+" "+row.route]
		t.Run(row.method+" "+row.route, func(t *testing.T) {
			for i, c := range clients {
				want := row.want[i]
				if want == answered && !exists {
					continue // not built yet: only the refusals can be checked
				}
				var r *response
				if row.method == http.MethodGet {
					r = c.get(path)
				} else {
					// A valid token, so that the answer is about the role;
					// the empty form changes as little as possible.
					r = c.postForm(path, url.Values{"_csrf": {c.token}})
				}
				if msg := judgeAccess(r, row.method, path, want); msg != "" {
					t.Errorf("%s as %s (want %s): %s", row.method+" "+path, matrixPeople[i], want, msg)
				}
			}
		})
	}

	t.Run("unknown pages under /admin and /reports are guarded too", func(t *testing.T) {
		for _, tc := range []struct {
			path string
			want [5]int // anonymous, contributor, moderator, sponsor, admin
		}{
			{"/admin/no-such-page", [5]int{303, 403, 404, 403, 404}},
			{"/reports/no-such-report", [5]int{303, 403, 403, 404, 404}},
		} {
			for i, c := range clients {
				check(t, tc.path+" as "+matrixPeople[i], c.get(tc.path).Code, tc.want[i])
			}
		}
	})
}

// judgeAccess says how an answer differs from the expected access, or "".
func judgeAccess(r *response, method, path string, want access) string {
	toLogin := (r.Code == http.StatusSeeOther || r.Code == http.StatusFound) && strings.HasPrefix(r.Location, "/login?next=")
	switch want {
	case askLogin:
		if r.Code != http.StatusSeeOther || !toLogin {
			return fmt.Sprintf("got %d %s, want 303 to /login?next=", r.Code, r.Location)
		}
		if method == http.MethodGet && r.Location != "/login?next="+url.QueryEscape(path) {
			return fmt.Sprintf("sent to %s, want back to %s after logging in", r.Location, path)
		}
	case forbidden:
		if r.Code != http.StatusForbidden {
			return fmt.Sprintf("got %d %s, want 403", r.Code, r.Location)
		}
		if strings.Contains(r.Body, "This form has expired") {
			return "refused by the CSRF check, not by the role: the test sent a bad token"
		}
	case answered:
		switch {
		case toLogin:
			return "sent to log in, want the page"
		case r.Code == 0, r.Code == http.StatusUnauthorized, r.Code == http.StatusForbidden, r.Code == http.StatusNotFound,
			r.Code == http.StatusMethodNotAllowed, r.Code == http.StatusInternalServerError:
			return fmt.Sprintf("got %d, want the page or action to answer", r.Code)
		}
	}
	return ""
}
