package admin

import (
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/moderation"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// similarShown is how many similar ideas the merge page offers.
const similarShown = 8

// MergePage is the data of the page that merges a duplicate idea.
type MergePage struct {
	handlers.Page
	Idea    *ideas.IdeaCard
	Similar []ideas.IdeaCard
	Into    string // the chosen target, as typed or picked
	Reason  string
	Errors  handlers.FormErrors
}

// Picked tells whether a similar idea is the chosen target.
func (p MergePage) Picked(id int64) bool { return p.Into == strconv.FormatInt(id, 10) }

// Typed is the target to show in the number field: what the moderator
// typed, unless it is one of the similar ideas (then its button is on).
func (p MergePage) Typed() string {
	for _, s := range p.Similar {
		if p.Picked(s.ID) {
			return ""
		}
	}
	return p.Into
}

// MergeForm shows an idea beside the ideas that look like it, to pick the
// one it duplicates.
func (h *Handler) MergeForm(c echo.Context) error {
	id, err := handlers.PathID(c, "id")
	if err != nil {
		return err
	}
	p, err := h.mergePage(c, id, handlers.Form(c, "into"))
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "admin_merge", p)
}

// mergePage gathers the idea and its look-alikes; a target given by the
// moderator (?into=N) is offered first even when it does not look alike.
func (h *Handler) mergePage(c echo.Context, id int64, into string) (*MergePage, error) {
	ctx := c.Request().Context()
	idea, err := h.Store.Ideas.IdeaCardByID(ctx, id)
	if err != nil {
		return nil, handlers.HTTPError(err)
	}
	p := &MergePage{Page: h.Page(c, handlers.T(c, "Merge “%s”", idea.Title)), Idea: idea, Into: into, Errors: handlers.FormErrors{}}
	if p.Similar, err = h.Store.Moderation.SimilarIdeas(ctx, id, similarShown); err != nil {
		return nil, err
	}
	target, ok := ideaRef(into)
	if !ok || target == id {
		return p, nil
	}
	if !slices.ContainsFunc(p.Similar, func(card ideas.IdeaCard) bool { return card.ID == target }) {
		card, err := h.Store.Ideas.IdeaCardByID(ctx, target)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if err != nil || card.MergedIntoID != nil || card.Hidden {
			return p, nil // the number stays in its field, with the form's message
		}
		p.Similar = append([]ideas.IdeaCard{*card}, p.Similar...)
	}
	p.Into = strconv.FormatInt(target, 10) // "/ideas/12-seats" picks idea 12's button
	return p, nil
}

// ideaRefPattern reads an idea's number as a moderator may give it: "12",
// "#12", "/ideas/12-seats" or the idea's whole address.
var ideaRefPattern = regexp.MustCompile(`^(?:.*/ideas/|#)?(\d{1,18})(?:[-/?#].*)?$`)

func ideaRef(s string) (int64, bool) {
	m := ideaRefPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	id, err := strconv.ParseInt(m[1], 10, 64)
	return id, err == nil && id > 0
}

// MergeIdea folds a duplicate into the idea it repeats: votes (each
// person once), comments and followers move, and the duplicate's address
// leads to the target from then on.
func (h *Handler) MergeIdea(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := handlers.PathID(c, "id")
	if err != nil {
		return err
	}
	source, err := h.Store.Ideas.IdeaByID(ctx, id)
	if err != nil {
		return handlers.HTTPError(err)
	}
	into, intoRaw, errs, err := h.validateMerge(c, source)
	if err != nil {
		return err
	}
	reason := handlers.Form(c, "reason")
	if n := handlers.TextLength(reason); n > ModReasonMax {
		errs["reason"] = handlers.TN(c, "Please keep this to %d characters or fewer (it has %d).", ModReasonMax, ModReasonMax, n)
	}
	if len(errs) == 0 {
		err = h.Store.Moderation.MergeIdeas(ctx, handlers.CurrentUser(c), id, into.ID, reason)
		if errors.Is(err, moderation.ErrMergeTarget) {
			errs["into"] = handlers.T(c, "Please choose another idea to merge into.")
		} else if err != nil {
			return handlers.HTTPError(err)
		}
	}
	if len(errs) > 0 {
		if handlers.WantsJSON(c) {
			return c.JSON(http.StatusUnprocessableEntity, map[string]any{"errors": errs})
		}
		p, err := h.mergePage(c, id, intoRaw)
		if err != nil {
			return err
		}
		p.Errors, p.Reason = errs, reason
		return c.Render(http.StatusUnprocessableEntity, "admin_merge", p)
	}
	if handlers.WantsJSON(c) {
		return c.JSON(http.StatusOK, map[string]any{"ok": true, "into": into.ID, "url": h.Config.BaseURL + into.URL()})
	}
	h.Sessions.Flash(c, handlers.T(c, "Merged: the votes, comments and followers of “%s” are now on this idea.", source.Title))
	return handlers.Redirect(c, into.URL())
}

// validateMerge finds the target the moderator chose: one of the similar
// ideas (radio buttons named "into") or a number typed in the field of
// the same name; scripts send "into" alone.
func (h *Handler) validateMerge(c echo.Context, source *ideas.Idea) (*ideas.Idea, string, handlers.FormErrors, error) {
	errs := handlers.FormErrors{}
	var given []string
	if params, err := c.FormParams(); err == nil {
		for _, v := range params["into"] {
			if v = strings.TrimSpace(v); v != "" && !slices.Contains(given, v) {
				given = append(given, v)
			}
		}
	}
	raw := ""
	if len(given) > 0 {
		raw = given[0]
	}
	targetID, ok := ideaRef(raw)
	switch {
	case source.MergedIntoID != nil:
		errs["into"] = handlers.T(c, "This idea was already merged into another one.")
	case len(given) == 0:
		errs["into"] = handlers.T(c, "Please choose the idea to merge into.")
	case len(given) > 1:
		errs["into"] = handlers.T(c, "Please pick one of the similar ideas or type a number, not both.")
	case !ok:
		errs["into"] = handlers.T(c, "Please enter an idea's number, as in its address (/ideas/123).")
	case targetID == source.ID:
		errs["into"] = handlers.T(c, "An idea cannot be merged into itself.")
	}
	if len(errs) > 0 {
		return nil, raw, errs, nil
	}
	target, err := h.Store.Ideas.IdeaByID(c.Request().Context(), targetID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		errs["into"] = handlers.T(c, "There is no idea number %d.", i18n.ID(targetID))
	case err != nil:
		return nil, raw, nil, err
	case target.MergedIntoID != nil:
		errs["into"] = handlers.T(c, "That idea was merged into idea %d; merge into that one instead.", i18n.ID(*target.MergedIntoID))
	case target.Hidden:
		errs["into"] = handlers.T(c, "That idea is hidden; please choose a visible one.")
	}
	return target, raw, errs, nil
}
