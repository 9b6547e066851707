package admin

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/moderation"
	"github.com/labstack/echo/v4"
)

// Limits of the people pages.
const (
	// SuspendReasonMax is the longest reason for a suspension, an
	// unsuspension or a mass hide (the columns that keep them).
	SuspendReasonMax = 500
	peoplePerPage    = 50
	// personListMax is how many ideas, comments and reports a person's
	// page lists, newest first.
	personListMax = 50
	searchMax     = 200
)

// roleText names each role for people, in English; pages translate it.
var roleText = map[string]string{
	accounts.RoleContributor: "Contributor",
	accounts.RoleModerator:   "Moderator",
	accounts.RoleSponsor:     "Sponsor",
	accounts.RoleAdmin:       "Admin",
}

func roleLabel(p handlers.Page, role string) string {
	if text, ok := roleText[role]; ok {
		return p.T(text)
	}
	return role
}

// PeopleQuery is the query string of the list of people.
type PeopleQuery struct {
	Q         string
	Role      string
	Suspended bool
	Page      int
}

func bindPeopleQuery(c echo.Context) PeopleQuery {
	q := PeopleQuery{Q: strings.TrimSpace(c.QueryParam("q")), Role: c.QueryParam("role"),
		Suspended: c.QueryParam("suspended") != ""}
	if !utf8.ValidString(q.Q) || strings.ContainsRune(q.Q, 0) {
		q.Q = "" // PostgreSQL refuses such text; nobody's name holds it
	}
	if r := []rune(q.Q); len(r) > searchMax {
		q.Q = string(r[:searchMax])
	}
	if !slices.Contains(accounts.Roles, q.Role) {
		q.Role = ""
	}
	q.Page, _ = strconv.Atoi(c.QueryParam("page"))
	q.Page = min(max(q.Page, 1), handlers.MaxPage)
	return q
}

// Filtered tells whether the list is narrowed at all.
func (q PeopleQuery) Filtered() bool { return q.Q != "" || q.Role != "" || q.Suspended }

// PageURL is the address of another page of the same list.
func (q PeopleQuery) PageURL(page int) string {
	v := url.Values{}
	if q.Q != "" {
		v.Set("q", q.Q)
	}
	if q.Role != "" {
		v.Set("role", q.Role)
	}
	if q.Suspended {
		v.Set("suspended", "1")
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/admin/users"
	}
	return "/admin/users?" + v.Encode()
}

// AdminUsersPage is the data of the list of people.
type AdminUsersPage struct {
	handlers.Page
	Query   PeopleQuery
	People  []moderation.UserRow
	HasNext bool
	Roles   []string
	Now     time.Time
}

// RoleLabel is a role's name in the page's language.
func (p AdminUsersPage) RoleLabel(role string) string { return roleLabel(p.Page, role) }

// AdminUsers lists people for moderators: search by name or address,
// filter by role or current suspension.
func (h *Handler) AdminUsers(c echo.Context) error {
	q := bindPeopleQuery(c)
	people, more, err := h.Store.Moderation.SearchUsers(c.Request().Context(), moderation.UserFilter{
		Query: q.Q, Role: q.Role, Suspended: q.Suspended, Page: q.Page, PerPage: peoplePerPage})
	if err != nil {
		return err
	}
	p := AdminUsersPage{Page: h.Page(c, handlers.T(c, "People")), Query: q, People: people, HasNext: more,
		Roles: accounts.Roles, Now: time.Now()}
	return c.Render(http.StatusOK, "admin_users", p)
}

// SuspendForm is what a moderator writes to suspend a person.
type SuspendForm struct {
	Until, Reason string
}

// FlagRow is a report with the address of what it is about.
type FlagRow struct {
	moderation.FlagRecord
	URL string
}

// AdminUserPage is the data of a person's page for moderators.
type AdminUserPage struct {
	handlers.Page
	Person       *accounts.User
	Ideas        []ideas.IdeaCard
	MoreIdeas    bool
	Comments     []comments.CommentWithIdea
	FlagsAgainst []FlagRow
	FlagsBy      []FlagRow
	History      []AuditRow
	MoreHistory  bool
	Roles        []string
	// Manage tells whether the viewer may suspend this person and hide
	// what they posted; ChangeRole whether they may change the role.
	Manage     bool
	ChangeRole bool
	Form       SuspendForm
	Errors     handlers.FormErrors
	Now        time.Time
	Tomorrow   string
}

// RoleLabel is a role's name in the page's language.
func (p AdminUserPage) RoleLabel(role string) string { return roleLabel(p.Page, role) }

// mayManagePerson mirrors the models' rule (moderators act on contributors
// and sponsors, admins on anyone but themselves) so that the page offers
// only what will work; the models check it again.
func mayManagePerson(viewer, person *accounts.User) bool {
	if viewer.ID == person.ID {
		return false
	}
	return viewer.IsAdmin() || (viewer.IsModerator() && !person.IsModerator())
}

// AdminUser shows everything a moderator needs to know about a person,
// hidden and pending posts included, with the actions on them.
func (h *Handler) AdminUser(c echo.Context) error {
	id, err := handlers.PathID(c, "id")
	if err != nil {
		return err
	}
	p, err := h.personPage(c, id)
	if err != nil {
		return err
	}
	if u := p.Person; u.Suspended(p.Now) {
		// Changing a suspension starts from the one in force.
		p.Form = SuspendForm{Until: u.SuspendedUntil.UTC().Format(time.DateOnly), Reason: u.SuspendReason}
	}
	return c.Render(http.StatusOK, "admin_user", p)
}

func (h *Handler) personPage(c echo.Context, id int64) (*AdminUserPage, error) {
	ctx := c.Request().Context()
	person, err := h.Store.Accounts.UserByID(ctx, id)
	if err != nil {
		return nil, handlers.HTTPError(err)
	}
	viewer := handlers.CurrentUser(c)
	now := time.Now()
	p := &AdminUserPage{Page: h.Page(c, person.Name), Person: person, Roles: accounts.Roles,
		Manage: mayManagePerson(viewer, person), ChangeRole: viewer.IsAdmin() && viewer.ID != person.ID,
		Errors: handlers.FormErrors{}, Now: now, Tomorrow: now.UTC().AddDate(0, 0, 1).Format(time.DateOnly)}
	ideas, err := h.Store.Ideas.ListIdeas(ctx, ideas.IdeaFilter{Sort: ideas.SortNew, AuthorID: id,
		IncludeHidden: true, PerPage: personListMax})
	if err != nil {
		return nil, err
	}
	p.Ideas, p.MoreIdeas = ideas.Ideas, ideas.HasNext
	if p.Comments, err = h.Store.Comments.UserComments(ctx, id, personListMax, true); err != nil {
		return nil, err
	}
	links := newTargetLinks(c)
	for _, cm := range p.Comments {
		links.comments[cm.ID] = cm.URL()
	}
	against, err := h.Store.Moderation.FlagsAgainst(ctx, id, personListMax)
	if err != nil {
		return nil, err
	}
	by, err := h.Store.Moderation.FlagsBy(ctx, id, personListMax)
	if err != nil {
		return nil, err
	}
	if p.FlagsAgainst, err = h.flagRows(links, against); err != nil {
		return nil, err
	}
	if p.FlagsBy, err = h.flagRows(links, by); err != nil {
		return nil, err
	}
	entries, more, err := h.Store.Audit.AuditLog(ctx, audit.AuditFilter{TargetType: audit.TargetUser, TargetID: id, PerPage: 20})
	if err != nil {
		return nil, err
	}
	p.MoreHistory = more
	p.History, err = h.auditRows(links, entries)
	return p, err
}

func (h *Handler) flagRows(links *targetLinks, flags []moderation.FlagRecord) ([]FlagRow, error) {
	out := make([]FlagRow, len(flags))
	for i, f := range flags {
		u, err := links.url(h, f.TargetType, f.TargetID)
		if err != nil {
			return nil, err
		}
		out[i] = FlagRow{FlagRecord: f, URL: u}
	}
	return out, nil
}
