package admin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// AuditRow is an audit entry as the pages show it.
type AuditRow struct {
	audit.AuditEntry
	ActorLabel  string // "system" when nobody did it by hand
	ActorURL    string
	ActionLabel string
	TargetLabel string
	TargetURL   string
	Changes     []StateChange
}

// StateChange is one field that an action changed; Before is empty when
// the field did not exist before (something created), After when it is gone.
type StateChange struct {
	Key, Before, After string
}

// targetLinks finds the page of each item an entry or report is about.
// A comment's page is its idea's, at the comment; each comment is looked
// up once.
type targetLinks struct {
	c        echo.Context
	comments map[int64]string
}

func newTargetLinks(c echo.Context) *targetLinks {
	return &targetLinks{c: c, comments: map[int64]string{}}
}

func (l *targetLinks) url(h *Handler, kind string, id int64) (string, error) {
	switch kind {
	case audit.TargetIdea:
		return handlers.IdeaURL(id, ""), nil
	case audit.TargetUser:
		return fmt.Sprintf("/admin/users/%d", id), nil
	case audit.TargetChallenge:
		return fmt.Sprintf("/admin/challenges/%d/edit", id), nil
	case audit.TargetCategory:
		return "/admin/categories", nil
	case audit.TargetSettings:
		if handlers.CurrentUser(l.c).IsAdmin() {
			return "/admin/settings", nil
		}
	case audit.TargetComment:
		if u, ok := l.comments[id]; ok {
			return u, nil
		}
		_, err := h.Store.Comments.CommentByID(l.c.Request().Context(), id)
		if errors.Is(err, store.ErrNotFound) {
			l.comments[id] = ""
			return "", nil
		}
		if err != nil {
			return "", err
		}
		l.comments[id] = comments.Path(id)
		return l.comments[id], nil
	}
	return "", nil
}

// auditRows prepares entries for a page.
func (h *Handler) auditRows(links *targetLinks, entries []audit.AuditEntry) ([]AuditRow, error) {
	c := links.c
	out := make([]AuditRow, len(entries))
	for i, e := range entries {
		r := AuditRow{AuditEntry: e, ActionLabel: e.Action, Changes: translateChanges(handlers.Locale(c), stateChanges(handlers.Locale(c), e.BeforeState, e.AfterState))}
		switch {
		case e.ActorID == nil:
			r.ActorLabel = handlers.T(c, "system")
		case e.ActorName == "":
			r.ActorLabel, r.ActorURL = fmt.Sprintf("#%d", *e.ActorID), fmt.Sprintf("/admin/users/%d", *e.ActorID)
		default:
			r.ActorLabel, r.ActorURL = e.ActorName, fmt.Sprintf("/admin/users/%d", *e.ActorID)
		}
		if text, ok := auditActionText[e.Action]; ok {
			r.ActionLabel = handlers.T(c, text)
		}
		r.TargetLabel = e.TargetType
		if text, ok := auditTargetText[e.TargetType]; ok {
			r.TargetLabel = handlers.T(c, text)
		}
		switch {
		case e.TargetTitle != "":
			r.TargetLabel = e.TargetTitle
		case e.TargetID > 0:
			r.TargetLabel += fmt.Sprintf(" #%d", e.TargetID)
		}
		if e.TargetType == audit.TargetComment && e.TargetIdeaID > 0 {
			links.comments[e.TargetID] = comments.Path(e.TargetID)
		}
		var err error
		if r.TargetURL, err = links.url(h, e.TargetType, e.TargetID); err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// stateChanges lists the fields that differ between two JSON states, by
// name. A state that is not a JSON object counts as one field, "value".
func stateChanges(locale, before, after string) []StateChange {
	b, a := stateFields(locale, before), stateFields(locale, after)
	keys := make([]string, 0, len(b)+len(a))
	for k := range b {
		keys = append(keys, k)
	}
	for k := range a {
		if _, seen := b[k]; !seen {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []StateChange
	for _, k := range keys {
		bv, inBefore := b[k]
		av, inAfter := a[k]
		if inBefore && inAfter && bv == av {
			continue
		}
		out = append(out, StateChange{Key: k, Before: bv, After: av})
	}
	return out
}

func stateFields(locale, state string) map[string]string {
	if state == "" {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(state), &obj); err != nil {
		return map[string]string{"value": stateValue(locale, json.RawMessage(state))}
	}
	out := make(map[string]string, len(obj))
	for k, raw := range obj {
		out[k] = stateValue(locale, raw)
	}
	return out
}

// stateValue shows one JSON value compactly: text without quotes, times
// to the minute in UTC, lists joined by commas, nothing as a dash.
func stateValue(locale string, raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		if tm, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return i18n.DateTime(locale, tm)
		}
		if x == "" {
			return `""`
		}
		return x
	case []any:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil || len(items) == 0 {
			return "—"
		}
		parts := make([]string, len(items))
		for i, item := range items {
			parts[i] = stateValue(locale, item)
		}
		return strings.Join(parts, ", ")
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return string(raw)
	}
	return buf.String()
}
