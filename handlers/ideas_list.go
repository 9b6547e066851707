package handlers

import (
	"errors"
	"github.com/ideario/ideario/cache"
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
	views.SharedPart // the list, when it comes from the part its readers share
	Query            ideas.ListQuery
	List             *ideas.IdeaPage
	Voted            map[int64]bool
	Challenges       []challenges.Challenge
	Categories       []challenges.Category
	Tags             []challenges.Tag
	Statuses         []string
	Sorts            []string
}

// ListIdeas shows the idea list with its sorts, filters and search. The
// list itself is a part shared by all its readers; only the support
// buttons are the reader's.
func (h *Handler) ListIdeas(c echo.Context) error {
	q := bindListQuery(c)
	p := IdeasPage{Page: h.Page(c, T(c, "Ideas")), Query: q, Statuses: ideas.Statuses, Sorts: ideas.SortsFor(q.Q)}
	part, miss, err := h.Views.Shared("ideas", "ideas-content", p.Locale+"\x00"+q.Key())
	if miss != nil {
		defer miss.Abandon()
		var shared *IdeasPage
		if shared, err = h.sharedList(c, p); err == nil {
			part, err = miss.Render(shared, nil, listScope(shared))
		}
	}
	if err != nil {
		return err
	}
	if part == nil {
		return h.listWhole(c, p)
	}
	ids := make([]int64, 0, len(part.Slots()))
	for _, s := range part.Slots() {
		ids = append(ids, s.ID)
	}
	var userID int64
	if p.User != nil {
		userID = p.User.ID
	}
	live, err := h.Store.Ideas.ReaderOfList(c.Request().Context(), userID, ids)
	if err != nil {
		return err
	}
	p.SharedPart = views.SharedPart{Part: part, Reader: views.Reader{Locale: p.Locale, Path: p.Path, Voted: live.Voted, Votes: live.Votes},
		Frame: p.frame()}
	if p.User != nil {
		p.Reader.UserID, p.Reader.Token = p.User.ID, p.CSRF()
	}
	return h.renderPooled(c, http.StatusOK, "ideas", &p)
}

// listScope is what a list shows: its ideas, in an order that votes or
// comments may change, depending on its sort.
func listScope(p *IdeasPage) *cache.Scope {
	ids := make([]int64, len(p.List.Ideas))
	for i, idea := range p.List.Ideas {
		ids[i] = idea.ID
	}
	return cache.NewScope(ids, uint64(ideas.Reordering(ideas.ListSort(p.Query.Sort, p.Query.Q))), 0)
}

// listWhole renders the list for its reader alone, when views shares no
// parts (see views.Renderer.ShareParts).
func (h *Handler) listWhole(c echo.Context, p IdeasPage) error {
	whole, err := h.sharedList(c, p)
	if err != nil {
		return err
	}
	whole.Page = p.Page
	if whole.Voted, err = h.votedOn(c, whole.List.Ideas); err != nil {
		return err
	}
	return h.renderPooled(c, http.StatusOK, "ideas", whole)
}

// sharedList loads what the list part shows, for a reader who is nobody
// in particular.
func (h *Handler) sharedList(c echo.Context, p IdeasPage) (*IdeasPage, error) {
	ctx := c.Request().Context()
	p.Page = p.shared()
	var err error
	if p.List, err = h.listIdeasWith(c, p.Query, true); err != nil {
		return nil, err
	}
	if p.Challenges, err = h.Store.Challenges.List(ctx); err != nil {
		return nil, err
	}
	if p.Challenges, err = h.localizeChallenges(c, p.Challenges); err != nil {
		return nil, err
	}
	if p.Categories, err = h.Store.Challenges.Categories(ctx); err != nil {
		return nil, err
	}
	if p.Tags, err = h.Store.Challenges.PopularTags(ctx, 15); err != nil {
		return nil, err
	}
	return &p, nil
}

// votedOn tells which of the listed ideas the signed-in person supports,
// in one query.
func (h *Handler) votedOn(c echo.Context, cards []ideas.IdeaCard) (map[int64]bool, error) {
	u := CurrentUser(c)
	if u == nil || len(cards) == 0 {
		return map[int64]bool{}, nil
	}
	ids := make([]int64, len(cards))
	for i, card := range cards {
		ids[i] = card.ID
	}
	return h.Store.Votes.VotedIdeas(c.Request().Context(), u.ID, ids)
}
