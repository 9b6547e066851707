package handlers

import (
	"errors"
	"github.com/ideario/ideario/cache"
	"github.com/ideario/ideario/models/store"

	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/views"
	"github.com/labstack/echo/v4"
)

// ideaKeep is what an idea page's part keeps beside its HTML: what the
// page shows everyone, for the page around the part, and who wrote hidden
// comments.
type ideaKeep struct {
	ideaShared
	hiddenAuthors map[int64]bool
}

// errNotShared means that an idea's page cannot come from a shared part:
// not everyone may see the idea.
var errNotShared = errors.New("the idea's page is not the same for everyone")

// sharedIdeaPage makes an idea's page from the part that its readers
// share: the idea, its details and its discussion, rendered once for
// everyone who reads them in one language, with slots for what is the
// reader's own (their support, the buttons they may use, their forms),
// which views fills from the page's Reader. It returns no page when the
// reader must get the page whole: when views shares no parts, when not
// everyone may see the idea, or when the reader wrote a hidden comment
// (which they still see and others do not). The part is one page of the
// discussion (at).
func (h *Handler) sharedIdeaPage(c echo.Context, id int64, at comments.Page) (*IdeaPage, error) {
	part, miss, err := h.Views.Shared("idea", "idea-content", partKey(Locale(c), id, at))
	if miss != nil {
		defer miss.Abandon()
		part, err = h.renderIdeaPart(c, id, at, miss)
	}
	switch {
	case errors.Is(err, errNotShared):
		return nil, nil
	case err != nil:
		return nil, err
	case part == nil:
		return nil, nil
	}
	keep := part.Keep.(*ideaKeep)
	u := CurrentUser(c)
	if u != nil && keep.hiddenAuthors[u.ID] {
		return nil, nil
	}
	p := h.newIdeaPage(c, keep.ideaShared)
	if err := h.personalize(c, p); err != nil {
		return nil, err
	}
	p.SharedPart = views.SharedPart{Part: part, Reader: p.reader(), Frame: p.frame()}
	return p, nil
}

// renderIdeaPart reads what an idea's shared part shows and has views
// render and keep it.
func (h *Handler) renderIdeaPart(c echo.Context, id int64, at comments.Page, miss *views.Miss) (*views.Part, error) {
	ctx := c.Request().Context()
	s, err := h.loadIdeaShared(ctx, Locale(c), id)
	if err != nil {
		return nil, err
	}
	if !s.card.VisibleTo(nil) {
		miss.Fail(errNotShared)
		return nil, errNotShared
	}
	shared := &IdeaPage{Page: h.sharedPage(c, s.card.Title), Idea: s.card, Challenge: s.challenge,
		CanVote: s.canVote, History: s.history, Images: s.images, VotesLeft: -1, Errors: FormErrors{}, Form: map[string]string{}}
	if shared.Discussion, err = h.Store.Comments.Discussion(ctx, id, nil, at); err != nil {
		return nil, HTTPError(err)
	}
	keep := &ideaKeep{ideaShared: s}
	if keep.hiddenAuthors, err = h.Store.Comments.HiddenCommentAuthors(ctx, id); err != nil {
		return nil, err
	}
	// The page shows this idea alone, and holds its comments: whoever
	// comments finds their comment there at once.
	return miss.Render(shared, keep, cache.NewScope([]int64{id}, 0, uint64(store.Comments)))
}

// reader is what the slots of the idea's shared part show the person
// reading the page.
func (p *IdeaPage) reader() views.Reader {
	rd := views.Reader{Locale: p.Locale, Path: p.Path, Voted: map[int64]bool{p.Idea.ID: p.Voted}, Votes: p.liveVotes,
		IdeaPath: p.Idea.URL(), CanVote: p.CanVote, IdeaActions: p.ActionsVariant(), FlagReasons: p.FlagReasons,
		Following: p.Following, VotesLeft: -1}
	if p.Challenge != nil && p.VotesLeft >= 0 {
		rd.VotesLeft, rd.Budget = p.VotesLeft, p.Challenge.VoteBudget
	}
	if p.User != nil { // asking a visitor's page for a token would set a cookie, and keep it from the page cache
		rd.UserID, rd.Token = p.User.ID, p.CSRF()
		if p.Flags != nil {
			rd.ReportedComments = p.Flags.MineComments
		}
	}
	return rd
}
