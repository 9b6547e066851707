package handlers

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models"
	"github.com/ideario/ideario/views"
	"github.com/labstack/echo/v4"
)

// ListQuery is the idea list's query string, as SPEC names it.
type ListQuery struct {
	Sort      string
	Challenge string
	Category  string
	Status    string
	Tag       string
	Lang      string // the language ideas are written in
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
		Lang:      i18n.Canonical(c.QueryParam("lang")),
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
	f := models.IdeaFilter{Sort: q.Sort, Status: q.Status, Lang: q.Lang, Query: q.Q, Page: q.Page}
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
	return h.listCards(c, f)
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
	set("lang", q.Lang)
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

// key names everything that changes what the list shows, for its part.
func (q ListQuery) key() string { return q.URL() + "\x00" + q.From + "\x00" + q.To }

// PageURL is the address of another page of the same list.
func (q ListQuery) PageURL(page int) string { return q.URL("page", strconv.Itoa(page)) }

// IdeasPage is the data of the idea list.
type IdeasPage struct {
	Page
	pagePart   // the list, when it comes from the part its readers share
	Query      ListQuery
	List       *models.IdeaPage
	Voted      map[int64]bool
	Challenges []models.Challenge
	Categories []models.Category
	Tags       []models.Tag
	Statuses   []string
	Sorts      []string
}

// ListIdeas shows the idea list with its sorts, filters and search. The
// list itself is a part shared by all its readers; only the support
// buttons are the reader's.
func (h *Handler) ListIdeas(c echo.Context) error {
	q := bindListQuery(c)
	p := IdeasPage{Page: h.page(c, t(c, "Ideas")), Query: q, Statuses: models.Statuses, Sorts: models.SortsFor(q.Q)}
	if h.Whole.Load() {
		return h.listWhole(c, p)
	}
	part, err := h.Views.Part("ideas", "ideas-content", p.Locale+"\x00"+q.key(), func() (any, any, error) {
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
	if p.Challenges, err = h.Store.Challenges(ctx); err != nil {
		return nil, nil, err
	}
	if p.Challenges, err = h.localizeChallenges(c, p.Challenges); err != nil {
		return nil, nil, err
	}
	if p.Categories, err = h.Store.Categories(ctx); err != nil {
		return nil, nil, err
	}
	if p.Tags, err = h.Store.PopularTags(ctx, 15); err != nil {
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
func (h *Handler) votedOn(c echo.Context, cards []models.IdeaCard) (map[int64]bool, error) {
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
	return h.Store.VotedIdeas(c.Request().Context(), u.ID, ids)
}
