package handlers

import (
	"cmp"
	"errors"
	"net/http"
	"strconv"

	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// CreateComment adds a comment or a reply to an idea.
func (h *Handler) CreateComment(c echo.Context) error {
	u := CurrentUser(c)
	id, err := PathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.mayPost(c, u); err != nil {
		return err
	}
	body := Form(c, "body")
	var parent *int64
	if raw := Form(c, "parent"); raw != "" {
		pid, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || pid <= 0 {
			return echo.NewHTTPError(http.StatusUnprocessableEntity, T(c, "The comment you reply to does not exist."))
		}
		parent = &pid
	}
	v := NewValidator(c)
	v.Length("body", body, 1, ideas.CommentMax)
	lang := cmp.Or(v.language("lang", Form(c, "lang")), Locale(c))
	if !v.OK() {
		return h.commentError(c, http.StatusUnprocessableEntity, id, parent, body, v.errors)
	}
	if err := h.countPost(c, h.commentLimits(), u); err != nil {
		msg, ok := limited(c, err, tooFast(c))
		if !ok {
			return err
		}
		return h.commentError(c, http.StatusTooManyRequests, id, parent, body, FormErrors{"body": msg})
	}
	cm, err := h.Store.Comments.CreateCommentIn(c.Request().Context(), u, id, parent, body, lang)
	if errors.Is(err, store.ErrNotFound) && parent != nil {
		// The parent is not on this idea's page, so its reply form is not
		// either: show the message, and the text, in the main form.
		return h.commentError(c, http.StatusUnprocessableEntity, id, nil, body, FormErrors{"body": T(c, "The comment you reply to does not exist.")})
	}
	if err != nil {
		return HTTPError(err)
	}
	if WantsJSON(c) {
		return c.JSON(http.StatusCreated, map[string]any{"id": cm.ID, "body_html": cm.BodyHTML})
	}
	return Redirect(c, h.commentURL(c, id, cm.ID))
}

// commentError shows the idea again with the comment form's message, and
// what the person wrote kept in the field.
func (h *Handler) commentError(c echo.Context, code int, ideaID int64, parent *int64, body string, errs FormErrors) error {
	if WantsJSON(c) {
		return c.JSON(code, map[string]any{"errors": errs})
	}
	var at int64
	if parent != nil {
		at = *parent
	}
	p, err := h.LoadIdeaPage(c, ideaID, at)
	if err != nil {
		return err
	}
	p.Errors, p.Form["body"] = errs, body
	// The page is answered at the form's POST address: links back to
	// "this page" (vote forms, log-in) must lead to the idea instead.
	p.Path = IdeaURL(p.Idea.ID, p.Idea.Slug)
	if parent != nil {
		p.ReplyTo = *parent
	}
	return c.Render(code, "idea", p)
}

// CommentEditPage is the data of the page that edits a comment.
type CommentEditPage struct {
	Page
	Comment *comments.Comment
	Body    string
	Errors  FormErrors
}

// changeableComment loads a comment the person may edit or delete.
func (h *Handler) changeableComment(c echo.Context) (*comments.Comment, error) {
	id, err := PathID(c, "id")
	if err != nil {
		return nil, err
	}
	cm, err := h.Store.Comments.CommentByID(c.Request().Context(), id)
	if err != nil {
		return nil, HTTPError(err)
	}
	u := CurrentUser(c)
	if cm.Deleted || (cm.Hidden && !u.IsModerator()) {
		return nil, echo.NewHTTPError(http.StatusNotFound)
	}
	if cm.AuthorID != u.ID && !u.IsModerator() {
		return nil, echo.NewHTTPError(http.StatusForbidden)
	}
	return cm, nil
}

// EditCommentForm shows a comment's edit form (the page works without JavaScript).
func (h *Handler) EditCommentForm(c echo.Context) error {
	cm, err := h.changeableComment(c)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "comment_edit", CommentEditPage{Page: h.Page(c, T(c, "Edit your comment")),
		Comment: cm, Body: cm.Body, Errors: FormErrors{}})
}

// UpdateComment saves a comment's new text.
func (h *Handler) UpdateComment(c echo.Context) error {
	cm, err := h.changeableComment(c)
	if err != nil {
		return err
	}
	if err := h.mayPost(c, CurrentUser(c)); err != nil {
		return err // a suspended person may not rewrite what they posted either
	}
	body := Form(c, "body")
	v := NewValidator(c)
	v.Length("body", body, 1, ideas.CommentMax)
	if !v.OK() {
		if WantsJSON(c) {
			return c.JSON(http.StatusUnprocessableEntity, map[string]any{"errors": v.errors})
		}
		return c.Render(http.StatusUnprocessableEntity, "comment_edit", CommentEditPage{
			Page: h.Page(c, T(c, "Edit your comment")), Comment: cm, Body: body, Errors: v.errors})
	}
	updated, err := h.Store.Comments.UpdateComment(c.Request().Context(), cm.ID, CurrentUser(c), body)
	if err != nil {
		return HTTPError(err)
	}
	if WantsJSON(c) {
		return c.JSON(http.StatusOK, map[string]any{"id": updated.ID, "body_html": updated.BodyHTML})
	}
	return Redirect(c, h.commentURL(c, cm.IdeaID, cm.ID))
}

// DeleteComment removes a comment's text; replies to it stay.
func (h *Handler) DeleteComment(c echo.Context) error {
	cm, err := h.changeableComment(c)
	if err != nil {
		return err
	}
	if _, err := h.Store.Comments.DeleteComment(c.Request().Context(), cm.ID, CurrentUser(c)); err != nil {
		return HTTPError(err)
	}
	if WantsJSON(c) {
		return c.JSON(http.StatusOK, map[string]bool{"deleted": true})
	}
	h.Sessions.Flash(c, T(c, "Your comment was deleted."))
	return Redirect(c, IdeaURL(cm.IdeaID, "")+"#comments")
}
