package admin

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// auditActionText names each audit action for people, in English; pages
// translate it. An action missing here is shown by its code.
var auditActionText = map[string]string{
	"user.suspend":     "Suspended a person",
	"user.unsuspend":   "Lifted a suspension",
	"user.hide_all":    "Hid everything a person posted",
	"user.role":        "Changed a role",
	"idea.status":      "Changed an idea's status",
	"idea.approve":     "Approved an idea",
	"idea.hide":        "Hid an idea",
	"idea.unhide":      "Showed an idea again",
	"idea.autohide":    "Hid an idea after reports",
	"idea.dismiss":     "Dismissed reports on an idea",
	"idea.merge":       "Merged an idea into another",
	"comment.hide":     "Hid a comment",
	"comment.unhide":   "Showed a comment again",
	"comment.autohide": "Hid a comment after reports",
	"comment.dismiss":  "Dismissed reports on a comment",
	"challenge.create": "Created a challenge",
	"challenge.update": "Edited a challenge",
	"category.create":  "Created a category",
	"category.update":  "Edited a category",
	"settings.update":  "Changed the site settings",
}

// auditTargetText names the kinds of item an entry is about.
var auditTargetText = map[string]string{
	audit.TargetIdea:      "Idea",
	audit.TargetComment:   "Comment",
	audit.TargetUser:      "Person",
	audit.TargetChallenge: "Challenge",
	audit.TargetCategory:  "Category",
	audit.TargetSettings:  "Site settings",
}

// auditTargets lists the kinds of item, in the order the filter offers them.
var auditTargets = []string{audit.TargetIdea, audit.TargetComment, audit.TargetUser,
	audit.TargetChallenge, audit.TargetCategory, audit.TargetSettings}

// AuditQuery is the audit log's query string.
type AuditQuery struct {
	Actor    int64
	Action   string
	Target   string
	TargetID int64
	Page     int
}

func bindAuditQuery(c echo.Context) AuditQuery {
	q := AuditQuery{Action: c.QueryParam("action"), Target: c.QueryParam("target")}
	q.Actor, _ = strconv.ParseInt(c.QueryParam("actor"), 10, 64)
	q.TargetID, _ = strconv.ParseInt(c.QueryParam("target_id"), 10, 64)
	q.Actor, q.TargetID = max(q.Actor, 0), max(q.TargetID, 0)
	if !utf8.ValidString(q.Action) || strings.ContainsRune(q.Action, 0) || len(q.Action) > 40 {
		q.Action = ""
	}
	if !slices.Contains(auditTargets, q.Target) {
		q.Target = ""
	}
	q.Page, _ = strconv.Atoi(c.QueryParam("page"))
	q.Page = min(max(q.Page, 1), handlers.MaxPage)
	return q
}

// Filtered tells whether the log is narrowed at all.
func (q AuditQuery) Filtered() bool {
	return q.Actor > 0 || q.Action != "" || q.Target != "" || q.TargetID > 0
}

// PageURL is the address of another page of the same log.
func (q AuditQuery) PageURL(page int) string {
	v := url.Values{}
	if q.Actor > 0 {
		v.Set("actor", strconv.FormatInt(q.Actor, 10))
	}
	if q.Action != "" {
		v.Set("action", q.Action)
	}
	if q.Target != "" {
		v.Set("target", q.Target)
	}
	if q.TargetID > 0 {
		v.Set("target_id", strconv.FormatInt(q.TargetID, 10))
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/admin/audit"
	}
	return "/admin/audit?" + v.Encode()
}

// AuditPage is the data of the audit log.
type AuditPage struct {
	handlers.Page
	Query     AuditQuery
	Entries   []AuditRow
	HasNext   bool
	Actions   []handlers.Choice
	Targets   []handlers.Choice
	ActorName string
}

// AuditLog shows who did what to which item, when and why, newest first;
// nothing on it can be changed.
func (h *Handler) AuditLog(c echo.Context) error {
	ctx := c.Request().Context()
	q := bindAuditQuery(c)
	entries, more, err := h.Store.Audit.AuditLog(ctx, audit.AuditFilter{ActorID: q.Actor, Action: q.Action,
		TargetType: q.Target, TargetID: q.TargetID, Page: q.Page, PerPage: 50})
	if err != nil {
		return err
	}
	p := AuditPage{Page: h.Page(c, handlers.T(c, "Audit log")), Query: q, HasNext: more}
	if p.Entries, err = h.auditRows(newTargetLinks(c), entries); err != nil {
		return err
	}
	actions, err := h.Store.Audit.AuditActions(ctx)
	if err != nil {
		return err
	}
	for _, a := range actions {
		label := a
		if text, ok := auditActionText[a]; ok {
			label = handlers.T(c, text)
		}
		p.Actions = append(p.Actions, handlers.Choice{Value: a, Label: label})
	}
	if q.Action != "" && !slices.Contains(actions, q.Action) {
		p.Actions = append(p.Actions, handlers.Choice{Value: q.Action, Label: q.Action})
	}
	for _, kind := range auditTargets {
		p.Targets = append(p.Targets, handlers.Choice{Value: kind, Label: handlers.T(c, auditTargetText[kind])})
	}
	if q.Actor > 0 {
		actor, err := h.Store.Accounts.UserByID(ctx, q.Actor)
		switch {
		case err == nil:
			p.ActorName = actor.Name
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	return c.Render(http.StatusOK, "admin_audit", p)
}
