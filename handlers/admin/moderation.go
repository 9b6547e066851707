package admin

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/moderation"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// Limits of the moderators' pages.
const (
	queueShown      = 200
	unansweredShown = 10
)

// OverviewPage is the data of /admin: what waits for a moderator now.
type OverviewPage struct {
	handlers.Page
	Overview   *moderation.Overview
	Unanswered []ideas.IdeaCard
	Recent     []AuditRow
}

// AdminOverview shows the counts of what waits, the ideas still without
// an answer, and the latest moderator actions.
func (h *Handler) AdminOverview(c echo.Context) error {
	ctx := c.Request().Context()
	o, err := h.Store.Moderation.ModerationOverview(ctx)
	if err != nil {
		return err
	}
	p := OverviewPage{Page: h.Page(c, handlers.T(c, "Moderation overview")), Overview: o}
	if p.Unanswered, err = h.Store.Moderation.UnansweredIdeas(ctx, unansweredShown); err != nil {
		return err
	}
	if p.Recent, err = h.auditRows(newTargetLinks(c), o.Recent); err != nil {
		return err
	}
	return c.Render(http.StatusOK, "admin_overview", p)
}

// QueuePage is the data of the moderation queue.
type QueuePage struct {
	handlers.Page
	Items    []QueueRow
	Show     string // "", "reports", "pending" or "hidden"
	Counts   map[string]int
	All      bool // every box ticked (?select=all)
	Selected map[string]bool
	Reason   string
	Errors   handlers.FormErrors
}

// QueueRow is one item of the queue as the page shows it.
type QueueRow struct {
	moderation.QueueItem
	Excerpt string
	URL     string
	Reasons []ReasonCount
}

// ReasonCount is how many open reports give one reason.
type ReasonCount struct {
	Reason, Label string
	N             int
}

// queueFilters are the queue's tabs; each keeps some items.
var queueFilters = map[string]func(QueueRow) bool{
	"":        func(QueueRow) bool { return true },
	"reports": func(r QueueRow) bool { return len(r.Flags) > 0 },
	"pending": func(r QueueRow) bool { return r.Pending },
	"hidden":  func(r QueueRow) bool { return r.Hidden && !r.Pending },
}

// ModerationQueue lists what waits, oldest first, with one-click actions
// on each item and bulk actions on the ticked ones.
func (h *Handler) ModerationQueue(c echo.Context) error {
	p, err := h.queuePage(c)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "admin_moderation", p)
}

func (h *Handler) queuePage(c echo.Context) (*QueuePage, error) {
	items, err := h.Store.Moderation.ModerationQueue(c.Request().Context(), queueShown)
	if err != nil {
		return nil, err
	}
	show := c.QueryParam("show")
	if queueFilters[show] == nil {
		show = ""
	}
	p := &QueuePage{Page: h.Page(c, handlers.T(c, "Moderation queue")), Show: show, Counts: map[string]int{},
		All: c.QueryParam("select") == "all", Selected: map[string]bool{}, Errors: handlers.FormErrors{}}
	for _, it := range items {
		row := queueRow(p.Page, it)
		for name, keep := range queueFilters {
			if keep(row) {
				p.Counts[name]++
			}
		}
		if queueFilters[show](row) {
			p.Items = append(p.Items, row)
		}
	}
	return p, nil
}

func queueRow(p handlers.Page, it moderation.QueueItem) QueueRow {
	row := QueueRow{QueueItem: it, Excerpt: clip(it.Text, 600), URL: ideas.IdeaPath(it.IdeaID, it.IdeaSlug)}
	if it.TargetType == audit.TargetComment {
		row.URL = comments.Path(it.TargetID) // which leads to the page that holds it
	}
	for reason, n := range it.Reasons {
		row.Reasons = append(row.Reasons, ReasonCount{Reason: reason, Label: p.ReasonLabel(reason), N: n})
	}
	sort.Slice(row.Reasons, func(i, j int) bool {
		a, b := row.Reasons[i], row.Reasons[j]
		return a.N > b.N || (a.N == b.N && a.Reason < b.Reason)
	})
	return row
}

// clip shortens a text to at most n characters, at a word if it can.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:n])
	if i := strings.LastIndexAny(cut, " \n"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + "…"
}

// bulkDone is the message after a bulk action, with the number done.
var bulkDone = map[string]string{
	actHide:    "%d items hidden.",
	actUnhide:  "%d items shown again.",
	actDismiss: "Reports dismissed on %d items.",
	actApprove: "%d ideas approved and published.",
}

// ModerationBulk applies one action to every ticked item of the queue.
func (h *Handler) ModerationBulk(c echo.Context) error {
	ctx, u := c.Request().Context(), handlers.CurrentUser(c)
	action, reason := handlers.Form(c, "action"), handlers.Form(c, "reason")
	var keys []string
	if params, err := c.FormParams(); err == nil {
		keys = params["items"]
	}
	v := handlers.NewValidator(c)
	if !slices.Contains(modActions, action) {
		v.Add("action", "Please choose what to do with the selected items.")
	}
	if len(keys) == 0 {
		v.Add("items", "Please tick at least one item first.")
	}
	if n := handlers.TextLength(reason); n > ModReasonMax {
		v.Add("reason", "Please keep this to %d characters or fewer (it has %d).", ModReasonMax, n)
	}
	if !v.OK() {
		return h.bulkError(c, keys, reason, v.Errors())
	}
	done, skipped, err := h.applyBulk(ctx, u, keys, action, reason)
	if err != nil {
		return err
	}
	if handlers.WantsJSON(c) {
		return c.JSON(http.StatusOK, map[string]any{"ok": true, "action": action, "done": done, "skipped": skipped})
	}
	msg := handlers.TN(c, bulkDone[action], done)
	if skipped > 0 {
		msg += " " + handlers.TN(c, "%d skipped: the action does not apply to them, or they are gone.", skipped)
	}
	h.Sessions.Flash(c, msg)
	return handlers.Redirect(c, handlers.BackTo(c, "/admin/moderation"))
}

// applyBulk runs an action on items named "idea:12" or "comment:7", each
// in its own transaction, and counts what was done and what was skipped.
func (h *Handler) applyBulk(ctx context.Context, u *accounts.User, keys []string, action, reason string) (done, skipped int, err error) {
	seen := map[string]bool{}
	for _, key := range keys {
		if seen[key] {
			continue
		}
		seen[key] = true
		targetType, raw, _ := strings.Cut(key, ":")
		id, perr := strconv.ParseInt(raw, 10, 64)
		if perr != nil || (targetType != audit.TargetIdea && targetType != audit.TargetComment) {
			skipped++
			continue
		}
		switch err := h.applyModeration(ctx, u, targetType, id, action, reason); {
		case errors.Is(err, errNotApplicable), errors.Is(err, store.ErrNotFound):
			skipped++
		case err != nil:
			return done, skipped, err
		default:
			done++
		}
	}
	return done, skipped, nil
}

// bulkError shows the queue again with the bulk form's messages and the
// items still ticked.
func (h *Handler) bulkError(c echo.Context, keys []string, reason string, errs handlers.FormErrors) error {
	if handlers.WantsJSON(c) {
		return c.JSON(http.StatusUnprocessableEntity, map[string]any{"errors": errs})
	}
	p, err := h.queuePage(c)
	if err != nil {
		return err
	}
	p.Path, p.Errors, p.Reason = "/admin/moderation", errs, reason
	for _, k := range keys {
		p.Selected[k] = true
	}
	return c.Render(http.StatusUnprocessableEntity, "admin_moderation", p)
}
