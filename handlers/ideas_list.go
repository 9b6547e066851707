package handlers

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/ideario/ideario/models"
	"github.com/labstack/echo/v4"
)

// ListQuery is the idea list's query string, as SPEC names it.
type ListQuery struct {
	Sort      string
	Challenge string
	Category  string
	Status    string
	Tag       string
	Q         string
	Page      int
	From, To  string
}

// maxPage bounds OFFSET so that a deep page number cannot make the
// database walk the whole table.
const maxPage = 5000

func bindListQuery(c echo.Context) ListQuery {
	q := ListQuery{
		Sort:      c.QueryParam("sort"),
		Challenge: c.QueryParam("challenge"),
		Category:  c.QueryParam("category"),
		Status:    c.QueryParam("status"),
		Tag:       c.QueryParam("tag"),
		Q:         c.QueryParam("q"),
		From:      c.QueryParam("from"),
		To:        c.QueryParam("to"),
	}
	if !slices.Contains(models.Statuses, q.Status) {
		q.Status = ""
	}
	if len([]rune(q.Q)) > 200 {
		q.Q = string([]rune(q.Q)[:200])
	}
	q.Sort = models.ListSort(q.Sort, q.Q)
	q.Page, _ = strconv.Atoi(c.QueryParam("page"))
	q.Page = min(max(q.Page, 1), maxPage)
	return q
}

// errUnknownFilter means a filter names a challenge, category or tag that
// does not exist: the list is then empty, not an error.
var errUnknownFilter = errors.New("unknown filter")

// filter resolves the query's slugs into a models filter.
func (h *Handler) filter(c echo.Context, q ListQuery) (models.IdeaFilter, error) {
	return ResolveFilter(c.Request().Context(), h.Store, q)
}

// ResolveFilter resolves a list query's slugs into a models filter; a slug
// that names nothing gives errUnknownFilter. Dates that do not parse are
// left out.
func ResolveFilter(ctx context.Context, store *models.Store, q ListQuery) (models.IdeaFilter, error) {
	f := models.IdeaFilter{Sort: q.Sort, Status: q.Status, Query: q.Q, Page: q.Page}
	if q.Challenge != "" {
		ch, err := store.ChallengeBySlug(ctx, q.Challenge)
		if err != nil {
			return f, unknownAsEmpty(err)
		}
		f.ChallengeID = ch.ID
	}
	if q.Category != "" {
		cat, err := store.CategoryBySlug(ctx, q.Category)
		if err != nil {
			return f, unknownAsEmpty(err)
		}
		f.CategoryID = cat.ID
	}
	if q.Tag != "" {
		tag, err := store.TagBySlug(ctx, q.Tag)
		if err != nil {
			return f, unknownAsEmpty(err)
		}
		f.TagID = tag.ID
	}
	if d, err := time.Parse(time.DateOnly, q.From); err == nil {
		f.From = d
	}
	if d, err := time.Parse(time.DateOnly, q.To); err == nil {
		f.To = d.AddDate(0, 0, 1) // "to" includes the whole day
	}
	return f, nil
}

func unknownAsEmpty(err error) error {
	if errors.Is(err, models.ErrNotFound) {
		return errUnknownFilter
	}
	return err
}

// listIdeas runs the query, treating an unknown filter as no results.
func (h *Handler) listIdeas(c echo.Context, q ListQuery) (*models.IdeaPage, error) {
	return h.listIdeasWith(c, q, false)
}

// listIdeasWith is listIdeas; cardsOnly leaves out the ideas' long texts,
// for pages that show nothing but cards.
func (h *Handler) listIdeasWith(c echo.Context, q ListQuery, cardsOnly bool) (*models.IdeaPage, error) {
	f, err := h.filter(c, q)
	if errors.Is(err, errUnknownFilter) {
		return &models.IdeaPage{Page: q.Page}, nil
	}
	if err != nil {
		return nil, err
	}
	f.CardsOnly = cardsOnly
	return h.Store.ListIdeas(c.Request().Context(), f)
}

// URL is the list's address with some parameters changed, for links to
// other sorts, filters and pages.
func (q ListQuery) URL(changes ...string) string {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("sort", q.Sort)
	set("challenge", q.Challenge)
	set("category", q.Category)
	set("status", q.Status)
	set("tag", q.Tag)
	set("q", q.Q)
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	for i := 0; i+1 < len(changes); i += 2 {
		v.Del(changes[i])
		set(changes[i], changes[i+1])
		if changes[i] != "page" {
			v.Del("page") // a new sort or filter starts again at page 1
		}
	}
	// The default sort goes without saying, and a sort the new search
	// does not offer (relevance, once q is gone) gives way to the default.
	if s := v.Get("sort"); s == models.ListSort("", v.Get("q")) || s != models.ListSort(s, v.Get("q")) {
		v.Del("sort")
	}
	if len(v) == 0 {
		return "/ideas"
	}
	return "/ideas?" + v.Encode()
}

// PageURL is the address of another page of the same list.
func (q ListQuery) PageURL(page int) string { return q.URL("page", strconv.Itoa(page)) }

// IdeasPage is the data of the idea list.
type IdeasPage struct {
	Page
	Query      ListQuery
	List       *models.IdeaPage
	Voted      map[int64]bool
	Challenges []models.Challenge
	Categories []models.Category
	Tags       []models.Tag
	Statuses   []string
	Sorts      []string
}

// ListIdeas shows the idea list with its sorts, filters and search.
func (h *Handler) ListIdeas(c echo.Context) error {
	ctx := c.Request().Context()
	q := bindListQuery(c)
	list, err := h.listIdeasWith(c, q, true)
	if err != nil {
		return err
	}
	p := IdeasPage{Page: h.page(c, t(c, "Ideas")), Query: q, List: list, Statuses: models.Statuses, Sorts: models.SortsFor(q.Q)}
	if p.Voted, err = h.votedOn(c, list.Ideas); err != nil {
		return err
	}
	if p.Challenges, err = h.Store.Challenges(ctx); err != nil {
		return err
	}
	if p.Categories, err = h.Store.Categories(ctx); err != nil {
		return err
	}
	if p.Tags, err = h.Store.PopularTags(ctx, 15); err != nil {
		return err
	}
	return c.Render(http.StatusOK, "ideas", &p)
}

// votedOn tells which of the listed ideas the signed-in person supports.
func (h *Handler) votedOn(c echo.Context, cards []models.IdeaCard) (map[int64]bool, error) {
	u := CurrentUser(c)
	if u == nil {
		return map[int64]bool{}, nil
	}
	ids := make([]int64, len(cards))
	for i, card := range cards {
		ids[i] = card.ID
	}
	return h.Store.VotedIdeas(c.Request().Context(), u.ID, ids)
}
