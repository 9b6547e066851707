package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/moderation"
	"github.com/ideario/ideario/views"
	"github.com/labstack/echo/v4"
)

// IdeaURL is an idea's canonical address.
func IdeaURL(id int64, slug string) string { return ideas.IdeaPath(id, slug) }

// IdeaPage is the data of an idea's page.
type IdeaPage struct {
	Page
	Idea      *ideas.IdeaCard
	Challenge *challenges.Challenge
	Images    []ideas.IdeaImage
	// Discussion is the page of the comments that the page shows.
	Discussion       *comments.Discussion
	views.SharedPart // the idea and its discussion, when they come from the part readers share
	Voted            bool
	Following        bool
	CanVote          bool
	liveVotes        map[int64]int // the idea's vote count now, for a signed-in reader (see views.Reader.Votes)
	CanEdit          bool
	VotesLeft        int
	ReplyTo          int64
	Errors           FormErrors
	Form             map[string]string

	// History is the idea's status changes, oldest first.
	History []ideas.StatusChange
	// Reports holds what the viewer reported and, for moderators, the
	// open reports on the idea and its comments.
	Flags       *moderation.IdeaFlags
	FlagReasons []Choice
	FlagOpen    string // the report form to show open, with its messages: "idea:12", "comment:7"
	Statuses    []string
}

// ShowIdea shows an idea with its discussion; ?reply=ID opens a reply
// form under a comment, ?report=ID a comment's report form. Most readers
// get the page from the part they all share (see sharedIdeaPage);
// moderators, a page with a form open, and ideas that not everyone may
// see are rendered whole for the reader.
func (h *Handler) ShowIdea(c echo.Context) error {
	id, err := PathID(c, "id")
	if err != nil {
		return err
	}
	reply, _ := strconv.ParseInt(c.QueryParam("reply"), 10, 64)
	report, _ := strconv.ParseInt(c.QueryParam("report"), 10, 64)
	at := discussionPage(c)
	if held := max(reply, report); held > 0 && !asksForPage(c) {
		at = h.pageHolding(c, id, held) // the form opens under the comment
	}
	var p *IdeaPage
	if !CurrentUser(c).IsModerator() && reply == 0 && report == 0 {
		if p, err = h.sharedIdeaPage(c, id, at); err != nil {
			return err
		}
	}
	if p == nil {
		if p, err = h.ideaHead(c, id); err != nil {
			return err
		}
	}
	if p.Idea.MergedIntoID != nil {
		h.keepFlashes(c, p.Flashes)
		return c.Redirect(http.StatusMovedPermanently, IdeaURL(*p.Idea.MergedIntoID, ""))
	}
	if canonical := IdeaURL(p.Idea.ID, p.Idea.Slug); c.Request().URL.Path != canonical {
		if q := c.Request().URL.RawQuery; q != "" {
			canonical += "?" + q // keep ?reply=N and the like
		}
		h.keepFlashes(c, p.Flashes)
		return c.Redirect(http.StatusMovedPermanently, canonical)
	}
	p.ReplyTo = reply
	if report != 0 && p.User != nil {
		p.FlagOpen = p.FlagKey(audit.TargetComment, report) // "Report" on a comment leads here
	}
	if !p.Parted() {
		if p.Discussion, err = h.Store.Comments.Discussion(c.Request().Context(), id, p.User, at); err != nil {
			return HTTPError(err)
		}
	}
	return h.renderPooled(c, http.StatusOK, "idea", p)
}

// keepFlashes puts back the messages that a page took but does not show,
// because it redirects: a form that leads to an idea's short address
// (/ideas/7) has its message shown at the canonical one.
func (h *Handler) keepFlashes(c echo.Context, flashes []string) {
	for _, msg := range flashes {
		h.Sessions.Flash(c, msg)
	}
}

// LoadIdeaPage gathers everything an idea's page shows to the person
// asking, with the page of the discussion that holds comment at (the
// first page when at is 0), for a form shown again with its messages.
func (h *Handler) LoadIdeaPage(c echo.Context, id, at int64) (*IdeaPage, error) {
	p, err := h.ideaHead(c, id)
	if err != nil {
		return nil, err
	}
	page := comments.Page{}.Normal()
	if at != 0 {
		page = h.pageHolding(c, id, at)
	}
	if p.Discussion, err = h.Store.Comments.Discussion(c.Request().Context(), id, p.User, page); err != nil {
		return nil, HTTPError(err)
	}
	return p, nil
}

// ideaShared is what an idea's page shows to everyone alike, but for the
// discussion.
type ideaShared struct {
	card      *ideas.IdeaCard
	challenge *challenges.Challenge
	canVote   bool
	history   []ideas.StatusChange
	images    []ideas.IdeaImage
}

func (h *Handler) loadIdeaShared(ctx context.Context, locale string, id int64) (ideaShared, error) {
	var s ideaShared
	var err error
	if s.card, err = h.Store.Ideas.IdeaCardByID(ctx, id); err != nil {
		return s, HTTPError(err)
	}
	s.canVote = !s.card.Hidden
	cards := []ideas.IdeaCard{*s.card}
	if err := h.Store.Ideas.LocalizeCards(ctx, locale, cards); err != nil {
		return s, err
	}
	*s.card = cards[0]
	if s.card.ChallengeID != nil {
		if s.challenge, err = h.Store.Challenges.ChallengeByID(ctx, *s.card.ChallengeID); err != nil {
			return s, err
		}
		texts, err := h.Store.Challenges.ChallengeTexts(ctx)
		if err != nil {
			return s, err
		}
		in := s.challenge.In(locale, texts)
		s.challenge = &in
		s.canVote = s.canVote && s.challenge.AcceptsVotes(time.Now())
	}
	if s.card.StatusChangedAt != nil || s.card.Response != "" { // most ideas never had a status change
		if s.history, err = h.Store.Ideas.StatusHistory(ctx, id); err != nil {
			return s, err
		}
	}
	if s.images, err = h.Store.Ideas.IdeaImages(ctx, id); err != nil {
		return s, err
	}
	return s, nil
}

// newIdeaPage is the page of an idea for the person asking, before what
// is theirs (personalize) and the discussion.
func (h *Handler) newIdeaPage(c echo.Context, s ideaShared) *IdeaPage {
	p := &IdeaPage{Page: h.Page(c, s.card.Title), Idea: s.card, Challenge: s.challenge, CanVote: s.canVote,
		History: s.history, Images: s.images, VotesLeft: -1, Errors: FormErrors{}, Form: map[string]string{}}
	p.Description = s.card.Excerpt
	p.FlagReasons, p.Statuses = flagReasonChoices(c), ideas.Statuses
	p.Form["status"], p.Form["response"] = s.card.Status, s.card.Response
	return p
}

// ideaHead gathers what an idea's page shows to the person asking, but
// for the discussion.
func (h *Handler) ideaHead(c echo.Context, id int64) (*IdeaPage, error) {
	s, err := h.loadIdeaShared(c.Request().Context(), Locale(c), id)
	if err != nil {
		return nil, err
	}
	if !s.card.VisibleTo(CurrentUser(c)) {
		return nil, echo.NewHTTPError(http.StatusNotFound)
	}
	p := h.newIdeaPage(c, s)
	return p, h.personalize(c, p)
}

// personalize adds to an idea's page what belongs to the person asking:
// their support, their reports, whether they follow it and may edit it.
func (h *Handler) personalize(c echo.Context, p *IdeaPage) error {
	ctx, u, id := c.Request().Context(), p.User, p.Idea.ID
	var err error
	if p.Flags, err = h.Store.Moderation.FlagsOnIdea(ctx, id, u); err != nil {
		return err
	}
	if u == nil {
		// The count is read live for visitors too: the part holds the
		// count it was rendered with, and votes leave it kept.
		live, err := h.Store.Ideas.ReaderOfList(ctx, 0, []int64{id})
		p.liveVotes = map[int64]int{id: live.Votes[id]}
		return err
	}
	reader, err := h.Store.Ideas.ReaderOfIdea(ctx, u.ID, id, p.Challenge)
	if err != nil {
		return err
	}
	p.Voted, p.Following, p.VotesLeft = reader.Voted, reader.Following, reader.VotesLeft
	p.liveVotes = map[int64]int{id: reader.Votes}
	p.CanEdit = u.IsModerator() || (u.ID == p.Idea.AuthorID && (p.Challenge == nil || p.Challenge.AcceptsIdeas(time.Now())))
	return nil
}

// ActionsVariant says which buttons go under the idea's text for the
// reader: "edit", "report", "reported" or none.
func (p *IdeaPage) ActionsVariant() string {
	u := p.User
	switch {
	case p.CanEdit:
		return "edit"
	case u == nil || u.ID == p.Idea.AuthorID || u.IsModerator() || p.Idea.Hidden:
		return ""
	case p.Flags != nil && p.Flags.MineIdea:
		return "reported"
	}
	return "report"
}

// NewIdea shows the form to submit an idea.
func (h *Handler) NewIdea(c echo.Context) error {
	p, err := h.ideaFormPage(c, T(c, "Share an idea"), IdeaForm{Challenge: c.QueryParam("challenge"), Category: c.QueryParam("category"), Lang: Locale(c)})
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "idea_form", p)
}

// CreateIdea stores a new idea and shows it.
func (h *Handler) CreateIdea(c echo.Context) error {
	u := CurrentUser(c)
	if err := h.mayPost(c, u); err != nil {
		return err
	}
	f := bindIdeaForm(c)
	in, errs, err := h.validateIdea(c, f, nil)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return h.renderIdeaForm(c, http.StatusUnprocessableEntity, T(c, "Share an idea"), f, errs, nil)
	}
	if err := h.countPost(c, h.ideaLimits(), u); err != nil {
		msg, ok := limited(c, err, tooFast(c))
		if !ok {
			return err
		}
		return h.renderIdeaForm(c, http.StatusTooManyRequests, T(c, "Share an idea"), f, FormErrors{"form": msg}, nil)
	}
	idea, err := h.Store.Ideas.CreateIdea(c.Request().Context(), u.ID, in)
	if errors.Is(err, challenges.ErrPhaseClosed) {
		errs := FormErrors{"challenge": T(c, "This challenge no longer takes new ideas.")}
		if len(in.Images) > 0 {
			errs["images"] = T(c, "The images were not saved because of the other mistakes: please choose them again.")
		}
		return h.renderIdeaForm(c, http.StatusUnprocessableEntity, T(c, "Share an idea"), f, errs, nil)
	}
	if errors.Is(err, ideas.ErrTooManyImages) {
		return h.renderIdeaForm(c, http.StatusUnprocessableEntity, T(c, "Share an idea"), f, FormErrors{"images": TN(c, "Please choose at most %d images.", ideas.IdeaImagesMax)}, nil)
	}
	if err != nil {
		return err
	}
	url := IdeaURL(idea.ID, idea.Slug)
	if WantsJSON(c) {
		return c.JSON(http.StatusCreated, map[string]any{"id": idea.ID, "url": h.Config.BaseURL + url, "pending": idea.Pending})
	}
	if idea.Pending {
		h.Sessions.Flash(c, T(c, "Thank you! Your idea will be published as soon as a moderator has approved it."))
		return Redirect(c, url)
	}
	h.Sessions.Flash(c, T(c, "Thank you! Your idea is published."))
	return Redirect(c, url)
}

// mayPost refuses suspended people and, where the site asks for it,
// people who have not confirmed their address.
func (h *Handler) mayPost(c echo.Context, u *accounts.User) error {
	if u.Suspended(time.Now()) {
		return echo.NewHTTPError(http.StatusForbidden, T(c, "Your account is suspended until %s: %s",
			u.SuspendedUntil.UTC().Format(time.DateOnly), u.SuspendReason))
	}
	site, err := h.Store.Site.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	if site.RequireVerify && u.VerifiedAt == nil {
		return echo.NewHTTPError(http.StatusForbidden, T(c, "Please confirm your email address first: open the link we sent you."))
	}
	return nil
}

// editableIdea loads an idea that the person may edit.
func (h *Handler) editableIdea(c echo.Context) (*ideas.IdeaCard, error) {
	id, err := PathID(c, "id")
	if err != nil {
		return nil, err
	}
	p, err := h.ideaHead(c, id)
	if err != nil {
		return nil, err
	}
	if !p.CanEdit {
		return nil, echo.NewHTTPError(http.StatusForbidden)
	}
	return p.Idea, nil
}

// EditIdea shows the edit form.
func (h *Handler) EditIdea(c echo.Context) error {
	idea, err := h.editableIdea(c)
	if err != nil {
		return err
	}
	tags, err := h.Store.Ideas.IdeaTags(c.Request().Context(), idea.ID)
	if err != nil {
		return err
	}
	names := make([]string, len(tags))
	for i, tg := range tags {
		names[i] = tg.Name
	}
	f := IdeaForm{Title: idea.Title, Body: idea.Body, Challenge: idea.ChallengeSlug, Category: idea.CategorySlug, Tags: strings.Join(names, ", "),
		Lang: idea.Lang}
	p, err := h.ideaFormPage(c, T(c, "Edit your idea"), f)
	if err != nil {
		return err
	}
	if err := h.editForm(c, p, idea.ID, idea.Slug); err != nil {
		return err
	}
	return c.Render(http.StatusOK, "idea_form", p)
}

// editForm makes the idea form the edit form of an idea, with its pictures.
func (h *Handler) editForm(c echo.Context, p *IdeaFormPage, id int64, slug string) error {
	p.Editing, p.Action, p.IdeaURL = true, fmt.Sprintf("/ideas/%d/edit", id), IdeaURL(id, slug)
	var err error
	p.Images, err = h.Store.Ideas.IdeaImages(c.Request().Context(), id)
	return err
}

// UpdateIdea saves an edit.
func (h *Handler) UpdateIdea(c echo.Context) error {
	u := CurrentUser(c)
	idea, err := h.editableIdea(c)
	if err != nil {
		return err
	}
	if err := h.mayPost(c, u); err != nil {
		return err
	}
	f := bindIdeaForm(c)
	f.Challenge = idea.ChallengeSlug // an idea stays in its challenge
	in, errs, err := h.validateIdea(c, f, idea)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return h.renderIdeaForm(c, http.StatusUnprocessableEntity, T(c, "Edit your idea"), f, errs, &idea.Idea)
	}
	err = h.Store.Ideas.UpdateIdea(c.Request().Context(), idea.ID, u, in)
	if errors.Is(err, challenges.ErrPhaseClosed) {
		return echo.NewHTTPError(http.StatusConflict, T(c, "This challenge is closed; its ideas can no longer be edited."))
	}
	if errors.Is(err, ideas.ErrTooManyImages) { // pictures added meanwhile, in another edit
		return h.renderIdeaForm(c, http.StatusUnprocessableEntity, T(c, "Edit your idea"), f,
			FormErrors{"images": TN(c, "An idea has at most %d images: please remove some first, then choose the new ones again.", ideas.IdeaImagesMax)}, &idea.Idea)
	}
	if err != nil {
		return HTTPError(err)
	}
	h.Sessions.Flash(c, T(c, "Your changes are saved."))
	return Redirect(c, IdeaURL(idea.ID, ideas.IdeaSlug(in.Title)))
}
