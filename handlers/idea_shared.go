package handlers

import (
	"errors"
	"html/template"
	"io"
	"strconv"
	"sync"

	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/views"
	"github.com/labstack/echo/v4"
)

// ideaKeep is what an idea page's part keeps beside its HTML: what the
// page shows everyone, to fill the slots and the layout, the comments by
// id, and who wrote hidden ones.
type ideaKeep struct {
	ideaShared
	comments      map[int64]*comments.Comment
	hiddenAuthors map[int64]bool
	actions       sync.Map // of actionsKey -> *views.Stamp: a comment's actions, ready to write
}

// actionsKey names one comment's actions for one kind of reader.
type actionsKey struct {
	comment int64
	variant string
}

// errNotShared means that an idea's page cannot come from a shared part:
// not everyone may see the idea.
var errNotShared = errors.New("the idea's page is not the same for everyone")

// sharedIdeaPage makes an idea's page from the part that its readers
// share: the idea, its details and its discussion, rendered once for
// everyone who reads them in one language, with slots for what is the
// reader's own (their support, the buttons they may use, their forms). It
// returns no page when the reader must get the page whole: when not
// everyone may see the idea, or the reader wrote a hidden comment (which
// they still see and others do not).
func (h *Handler) sharedIdeaPage(c echo.Context, id int64) (*IdeaPage, error) {
	ctx := c.Request().Context()
	key := Locale(c) + "\x00" + strconv.FormatInt(id, 10)
	part, err := h.Views.Part("idea", "idea-content", key, func() (any, any, error) {
		s, err := h.loadIdeaShared(ctx, Locale(c), id)
		if err != nil {
			return nil, nil, err
		}
		if !s.card.VisibleTo(nil) {
			return nil, nil, errNotShared
		}
		shared := &IdeaPage{Page: h.sharedPage(c, s.card.Title), Idea: s.card, Challenge: s.challenge,
			CanVote: s.canVote, History: s.history, Images: s.images, VotesLeft: -1, Errors: FormErrors{}, Form: map[string]string{}}
		if shared.Comments, err = h.Store.Comments.CommentThread(ctx, id, nil); err != nil {
			return nil, nil, err
		}
		keep := &ideaKeep{ideaShared: s, comments: map[int64]*comments.Comment{}}
		if keep.hiddenAuthors, err = h.Store.Comments.HiddenCommentAuthors(ctx, id); err != nil {
			return nil, nil, err
		}
		index(shared.Comments, keep.comments)
		return shared, keep, nil
	})
	switch {
	case errors.Is(err, errNotShared):
		return nil, nil
	case err != nil:
		return nil, err
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
	var token, back string // HTML-escaped, once for all the comments
	p.pagePart = pagePart{part: part, fill: func(w io.Writer, s views.Slot) error {
		if s.Kind != "comment-actions" {
			return h.fillIdeaSlot(w, p, keep, s)
		}
		if token == "" && p.User != nil {
			token, back = template.HTMLEscapeString(p.CSRF()), template.HTMLEscapeString(p.Path)
		}
		return h.commentActions(w, p, keep, keep.comments[s.ID], token, back)
	}}
	return p, nil
}

// index puts comments and their replies in byID.
func index(comments []*comments.Comment, byID map[int64]*comments.Comment) {
	for _, cm := range comments {
		byID[cm.ID] = cm
		index(cm.Replies, byID)
	}
}

// fillIdeaSlot writes what goes in one slot of an idea's page for the
// reader, from the same templates that render the page whole.
func (h *Handler) fillIdeaSlot(w io.Writer, p *IdeaPage, keep *ideaKeep, s views.Slot) error {
	member, id := p.User != nil, p.Idea.ID
	var name, version string
	var data func() any
	switch s.Kind {
	case "vote-head":
		return h.voteBox(w, &p.Page, s, p.Voted, p.CanVote)
	case "idea-actions":
		variant := p.ActionsVariant()
		if variant == "" {
			return nil
		}
		name, version = "idea-actions-"+variant, views.Version(id)
		data = func() any {
			return map[string]any{"L": p.Locale, "ID": id, "Variant": variant, "Token": views.CSRFSlot,
				"Reasons": p.FlagReasons, "Open": false}
		}
	case "follow":
		if !member {
			name, version = "follow-anon", views.Version(id, p.Path)
			data = func() any { return map[string]any{"L": p.Locale, "ID": id, "Member": false, "Back": p.Path} }
			break
		}
		name, version = "follow-"+strconv.FormatBool(p.Following), views.Version(id)
		data = func() any {
			return map[string]any{"L": p.Locale, "ID": id, "Member": true, "Following": p.Following, "Token": views.CSRFSlot}
		}
	case "budget":
		if p.Challenge == nil || p.VotesLeft < 0 {
			return nil
		}
		name, version = "budget-line", views.Version(p.VotesLeft, p.Challenge.VoteBudget)
		data = func() any {
			return map[string]any{"L": p.Locale, "Left": p.VotesLeft, "Budget": p.Challenge.VoteBudget}
		}
	case "comment-form":
		if !member {
			name, version = "join-box", views.Version(p.Path)
			data = func() any { return map[string]any{"L": p.Locale, "Back": p.Path} }
			break
		}
		name, version = "comment-form-new", views.Version(id)
		data = func() any {
			form := &IdeaPage{Page: Page{Locale: p.Locale, csrf: func() string { return views.CSRFSlot }},
				Idea: p.Idea, Errors: FormErrors{}, Form: map[string]string{}}
			return map[string]any{"P": form, "Parent": int64(0)}
		}
	default:
		return nil
	}
	html, err := h.Views.Fragment(name, p.Locale, version, data)
	if err != nil {
		return err
	}
	token := ""
	if member { // asking a visitor's page for a token would set a cookie, and keep it from the page cache
		token = p.CSRF()
	}
	return views.WriteWithSlots(w, html, token, p.Path)
}

// commentActions fills a comment's "comment-actions" slot: nothing for a
// visitor; for a signed-in reader the reply link, and edit and delete on
// their own comment or the "Report" link (or a note that they reported it)
// on another's. The part keeps each comment's actions for each kind of
// reader ready to write, with the escaped token and address put in.
func (h *Handler) commentActions(w io.Writer, p *IdeaPage, keep *ideaKeep, cm *comments.Comment, token, back string) error {
	if p.User == nil || cm == nil {
		return nil
	}
	variant := "other"
	switch {
	case p.User.ID == cm.AuthorID:
		variant = "own"
	case p.Flags.MineComments[cm.ID]:
		variant = "reported"
	}
	k := actionsKey{comment: cm.ID, variant: variant}
	if st, ok := keep.actions.Load(k); ok {
		return st.(*views.Stamp).Write(w, token, back)
	}
	html, err := h.Views.Fragment("comment-actions-"+variant, p.Locale, views.Version(cm.ID, cm.UpdatedAt), func() any {
		return map[string]any{
			"L": p.Locale, "C": cm, "URL": p.Idea.URL(), "Token": views.CSRFSlot, "Variant": variant, "Reasons": p.FlagReasons}
	})
	if err != nil {
		return err
	}
	st := views.NewStamp(html)
	keep.actions.Store(k, st)
	return st.Write(w, token, back)
}
