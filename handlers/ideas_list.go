package handlers

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/views"
	"github.com/labstack/echo/v4"
)

// MaxPage bounds OFFSET so that a deep page number cannot make the
// database walk the whole table.
const MaxPage = 5000

func bindListQuery(c echo.Context) ideas.ListQuery {
	q := ideas.ListQuery{
		Sort:      c.QueryParam("sort"),
		Challenge: c.QueryParam("challenge"),
		Category:  c.QueryParam("category"),
		Status:    c.QueryParam("status"),
		Tag:       c.QueryParam("tag"),
		Lang:      i18n.Canonical(c.QueryParam("lang")),
		Q:         c.QueryParam("q"),
		From:      c.QueryParam("from"),
		To:        c.QueryParam("to"),
	}
	if !slices.Contains(ideas.Statuses, q.Status) {
		q.Status = ""
	}
	if len([]rune(q.Q)) > 200 {
		q.Q = string([]rune(q.Q)[:200])
	}
	q.Sort = ideas.ListSort(q.Sort, q.Q)
	q.Page, _ = strconv.Atoi(c.QueryParam("page"))
	q.Page = min(max(q.Page, 1), MaxPage)
	return q
}

// filter resolves the query's slugs into a models filter.
func (h *Handler) filter(c echo.Context, q ideas.ListQuery) (ideas.IdeaFilter, error) {
	return h.Store.Ideas.Resolve(c.Request().Context(), q)
}

// listIdeas runs the query, treating an unknown filter as no results.
func (h *Handler) listIdeas(c echo.Context, q ideas.ListQuery) (*ideas.IdeaPage, error) {
	return h.listIdeasWith(c, q, false)
}

// listIdeasWith is listIdeas; cardsOnly leaves out the ideas' long texts,
// for pages that show nothing but cards.
func (h *Handler) listIdeasWith(c echo.Context, q ideas.ListQuery, cardsOnly bool) (*ideas.IdeaPage, error) {
	f, err := h.filter(c, q)
	if errors.Is(err, ideas.ErrUnknownFilter) {
		return &ideas.IdeaPage{Page: q.Page}, nil
	}
	if err != nil {
		return nil, err
	}
	f.CardsOnly = cardsOnly
	return h.listCards(c, f)
}

// IdeasPage is the data of the idea list.
type IdeasPage struct {
	Page
	pagePart   // the list, when it comes from the part its readers share
	Query      ideas.ListQuery
	List       *ideas.IdeaPage
	Voted      map[int64]bool
	Challenges []challenges.Challenge
	Categories []challenges.Category
	Tags       []challenges.Tag
	Statuses   []string
	Sorts      []string
}

// ListIdeas shows the idea list with its sorts, filters and search. The
// list itself is a part shared by all its readers; only the support
// buttons are the reader's.
func (h *Handler) ListIdeas(c echo.Context) error {
	q := bindListQuery(c)
	p := IdeasPage{Page: h.Page(c, T(c, "Ideas")), Query: q, Statuses: ideas.Statuses, Sorts: ideas.SortsFor(q.Q)}
	if h.Whole.Load() {
		return h.listWhole(c, p)
	}
	part, err := h.Views.Part("ideas", "ideas-content", p.Locale+"\x00"+q.Key(), func() (any, any, error) {
		return h.sharedList(c, p)
	})
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(part.Slots()))
	for _, s := range part.Slots() {
		ids = append(ids, s.ID)
	}
	voted, err := h.votedOnIDs(c, ids)
	if err != nil {
		return err
	}
	p.pagePart = pagePart{part: part, fill: func(w io.Writer, s views.Slot) error {
		return h.voteBox(w, &p.Page, s, voted[s.ID], true)
	}}
	return h.renderPooled(c, http.StatusOK, "ideas", &p)
}

// listWhole renders the list for its reader alone, as it was before
// parts (see Handler.Whole).
func (h *Handler) listWhole(c echo.Context, p IdeasPage) error {
	data, _, err := h.sharedList(c, p)
	if err != nil {
		return err
	}
	whole := data.(*IdeasPage)
	whole.Page = p.Page
	if whole.Voted, err = h.votedOn(c, whole.List.Ideas); err != nil {
		return err
	}
	return h.renderPooled(c, http.StatusOK, "ideas", whole)
}

// sharedList loads what the list part shows, for a reader who is nobody
// in particular.
func (h *Handler) sharedList(c echo.Context, p IdeasPage) (any, any, error) {
	ctx := c.Request().Context()
	p.Page = p.shared()
	var err error
	if p.List, err = h.listIdeasWith(c, p.Query, true); err != nil {
		return nil, nil, err
	}
	if p.Challenges, err = h.Store.Challenges.List(ctx); err != nil {
		return nil, nil, err
	}
	if p.Challenges, err = h.localizeChallenges(c, p.Challenges); err != nil {
		return nil, nil, err
	}
	if p.Categories, err = h.Store.Challenges.Categories(ctx); err != nil {
		return nil, nil, err
	}
	if p.Tags, err = h.Store.Challenges.PopularTags(ctx, 15); err != nil {
		return nil, nil, err
	}
	return &p, nil, nil
}

// voteBox writes a "vote" slot (ID the idea, N its votes): the support
// button as the reader sees it.
func (h *Handler) voteBox(w io.Writer, p *Page, s views.Slot, voted, open bool) error {
	if p.User == nil {
		html, err := h.Views.Fragment("vote-card-anon", p.Locale, views.Version(s.ID, s.N, open, p.Path), func() any {
			return map[string]any{
				"L": p.Locale, "ID": s.ID, "Votes": s.N, "Voted": false, "Open": open, "Member": false, "Back": p.Path}
		})
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, string(html))
		return err
	}
	name := "vote-card-false"
	if voted {
		name = "vote-card-true"
	}
	html, err := h.Views.Fragment(name, p.Locale, views.Version(s.ID, s.N, open), func() any {
		return map[string]any{
			"L": p.Locale, "ID": s.ID, "Votes": s.N, "Voted": voted, "Open": open, "Member": true,
			"Token": views.CSRFSlot, "Back": views.BackSlot}
	})
	if err != nil {
		return err
	}
	return views.WriteWithSlots(w, html, p.CSRF(), p.Path)
}

// votedOn tells which of the listed ideas the signed-in person supports.
func (h *Handler) votedOn(c echo.Context, cards []ideas.IdeaCard) (map[int64]bool, error) {
	ids := make([]int64, len(cards))
	for i, card := range cards {
		ids[i] = card.ID
	}
	return h.votedOnIDs(c, ids)
}

// votedOnIDs tells which of these ideas the signed-in person supports, in
// one query.
func (h *Handler) votedOnIDs(c echo.Context, ids []int64) (map[int64]bool, error) {
	u := CurrentUser(c)
	if u == nil || len(ids) == 0 {
		return map[int64]bool{}, nil
	}
	return h.Store.Votes.VotedIdeas(c.Request().Context(), u.ID, ids)
}
