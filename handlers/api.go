package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/ideario/ideario/models/ideas"
	"github.com/labstack/echo/v4"
)

// APIIdea is an idea as the public JSON API shows it.
type APIIdea struct {
	ID              int64      `json:"id"`
	Title           string     `json:"title"`
	URL             string     `json:"url"`
	Body            string     `json:"body"`
	BodyHTML        string     `json:"body_html"`
	Status          string     `json:"status"`
	Response        string     `json:"response,omitempty"`
	Challenge       string     `json:"challenge,omitempty"`
	Category        string     `json:"category,omitempty"`
	Tags            []string   `json:"tags"`
	Author          APIAuthor  `json:"author"`
	Votes           int        `json:"votes"`
	Comments        int        `json:"comments"`
	Followers       int        `json:"followers"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	StatusChangedAt *time.Time `json:"status_changed_at"`
	Lang            string     `json:"lang,omitempty"` // the language it is written in, when known
}

// APIAuthor is the public part of an idea's author.
type APIAuthor struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
}

func (h *Handler) apiIdea(card *ideas.IdeaCard) APIIdea {
	tags := make([]string, len(card.Tags))
	for i, tg := range card.Tags {
		tags[i] = tg.Slug
	}
	return APIIdea{
		ID: card.ID, Title: card.Title, URL: h.Config.BaseURL + IdeaURL(card.ID, card.Slug),
		Body: card.Body, BodyHTML: card.BodyHTML, Status: card.Status, Response: card.Response,
		Challenge: card.ChallengeSlug, Category: card.CategorySlug, Tags: tags,
		Author: APIAuthor{ID: card.AuthorID, Name: card.AuthorName, Country: card.AuthorCountry},
		Votes:  card.VoteCount, Comments: card.CommentCount, Followers: card.FollowerCount,
		CreatedAt: card.CreatedAt.UTC(), UpdatedAt: card.UpdatedAt.UTC(), StatusChangedAt: card.StatusChangedAt,
		Lang: card.Lang,
	}
}

// APIIdeas lists visible ideas as JSON with the filters of /ideas and
// cursor pagination: "next" is the cursor of the following page.
func (h *Handler) APIIdeas(c echo.Context) error {
	q := bindListQuery(c)
	f, err := h.filter(c, q)
	out := struct {
		Ideas []APIIdea `json:"ideas"`
		Next  string    `json:"next,omitempty"`
	}{Ideas: []APIIdea{}}
	if err == ideas.ErrUnknownFilter {
		return c.JSON(http.StatusOK, out)
	}
	if err != nil {
		return err
	}
	f.PerPage = 50
	if n, err := strconv.Atoi(c.QueryParam("limit")); err == nil && n > 0 && n <= 100 {
		f.PerPage = n
	}
	if cursor := c.QueryParam("cursor"); cursor != "" {
		id, err := strconv.ParseInt(cursor, 10, 64)
		if err != nil || id <= 0 {
			return echo.NewHTTPError(http.StatusBadRequest, T(c, "The cursor must be the \"next\" value of a previous page."))
		}
		f.AfterID, f.Page = id, 1
	}
	list, err := h.Store.Ideas.ListIdeas(c.Request().Context(), f)
	if err != nil {
		return HTTPError(err)
	}
	for i := range list.Ideas {
		out.Ideas = append(out.Ideas, h.apiIdea(&list.Ideas[i]))
	}
	if list.HasNext && len(list.Ideas) > 0 {
		out.Next = strconv.FormatInt(list.Ideas[len(list.Ideas)-1].ID, 10)
	}
	return c.JSON(http.StatusOK, out)
}

// APIIdea shows one visible idea as JSON.
func (h *Handler) APIIdea(c echo.Context) error {
	id, err := PathID(c, "id")
	if err != nil {
		return err
	}
	card, err := h.Store.Ideas.IdeaCardByID(c.Request().Context(), id)
	if err != nil {
		return HTTPError(err)
	}
	if card.Hidden {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return c.JSON(http.StatusOK, h.apiIdea(card))
}

// APIChallenge is a challenge as the public JSON API shows it.
type APIChallenge struct {
	ID          int64    `json:"id"`
	Slug        string   `json:"slug"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	Description string   `json:"description"`
	Phase       string   `json:"phase"`
	VoteBudget  int      `json:"vote_budget"`
	Ideas       int      `json:"ideas"`
	Categories  []string `json:"categories"`
}

// APIChallenges lists the public challenges as JSON.
func (h *Handler) APIChallenges(c echo.Context) error {
	ctx := c.Request().Context()
	all, err := h.Store.Challenges.List(ctx)
	if err != nil {
		return err
	}
	out := make([]APIChallenge, 0, len(all))
	for _, ch := range all {
		full, err := h.Store.Challenges.ChallengeByID(ctx, ch.ID)
		if err != nil {
			return err
		}
		cats := make([]string, len(full.Categories))
		for i, cat := range full.Categories {
			cats[i] = cat.Slug
		}
		out = append(out, APIChallenge{ID: ch.ID, Slug: ch.Slug, Title: ch.Title, URL: h.Config.BaseURL + "/challenges/" + ch.Slug,
			Description: ch.Description, Phase: ch.CurrentPhase(time.Now()), VoteBudget: ch.VoteBudget,
			Ideas: ch.IdeaCount, Categories: cats})
	}
	return c.JSON(http.StatusOK, out)
}
