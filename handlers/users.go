package handlers

import (
	"net/http"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reputation"
	"github.com/labstack/echo/v4"
)

// ProfilePage is the data of a public profile.
type ProfilePage struct {
	Page
	Profile  *accounts.Profile
	Ideas    []ideas.IdeaCard
	Comments []comments.CommentWithIdea
	Voted    map[int64]bool
	// Reputation is the person's points, explained by reason; Badges
	// what they won.
	Reputation reputation.Account
	Badges     []reputation.Won
}

// ShowUser shows a person's public profile: ideas, comments and points.
func (h *Handler) ShowUser(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := PathID(c, "id")
	if err != nil {
		return err
	}
	prof, err := h.Store.Accounts.UserProfile(ctx, id)
	if err != nil {
		return HTTPError(err)
	}
	ideas, err := h.listCards(c, ideas.IdeaFilter{Sort: ideas.SortNew, AuthorID: id, PerPage: 20})
	if err != nil {
		return err
	}
	p := ProfilePage{Page: h.Page(c, prof.User.Name), Profile: prof, Ideas: ideas.Ideas}
	if p.Comments, err = h.Store.Comments.UserComments(ctx, id, 20, false); err != nil {
		return err
	}
	if p.Voted, err = h.votedOn(c, ideas.Ideas); err != nil {
		return err
	}
	if p.Reputation, err = h.Store.Reputation.AccountOf(ctx, id); err != nil {
		return err
	}
	if p.Badges, err = h.Store.Reputation.WonBy(ctx, id); err != nil {
		return err
	}
	return c.Render(http.StatusOK, "user", p)
}
