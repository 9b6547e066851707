package handlers

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/ideario/ideario/models/comments"
	"github.com/labstack/echo/v4"
)

// discussionPage reads which page of an idea's discussion a request asks
// for: ?comments=oldest|newest, ?cpage=N, and ?thread=ID for one thread
// alone. Anything else is the first page, oldest first.
func discussionPage(c echo.Context) comments.Page {
	n, _ := strconv.Atoi(c.QueryParam("cpage"))
	thread, _ := strconv.ParseInt(c.QueryParam("thread"), 10, 64)
	return comments.Page{Order: c.QueryParam("comments"), Number: min(max(n, 1), MaxPage), Thread: max(thread, 0)}.Normal()
}

// asksForPage tells whether the request names a page of the discussion.
func asksForPage(c echo.Context) bool {
	q := c.QueryParams()
	return q.Has("cpage") || q.Has("thread") || q.Has("comments")
}

// pageHolding is the page of an idea's discussion that holds a comment
// (a reply form or a report form opens under it), or the first page
// when the comment is not one the reader may see on this idea.
func (h *Handler) pageHolding(c echo.Context, ideaID, commentID int64) comments.Page {
	on, at, err := h.Store.Comments.Locate(c.Request().Context(), commentID, CurrentUser(c))
	if err != nil || on != ideaID {
		return comments.Page{}.Normal()
	}
	return at
}

// ShowComment leads to the page of the idea's discussion that holds a
// comment, at the comment (GET /comments/{id}): the address that links,
// notifications and mail give for a comment.
func (h *Handler) ShowComment(c echo.Context) error {
	id, err := PathID(c, "id")
	if err != nil {
		return err
	}
	ctx, u := c.Request().Context(), CurrentUser(c)
	ideaID, at, err := h.Store.Comments.Locate(ctx, id, u)
	if err != nil {
		return HTTPError(err)
	}
	card, err := h.Store.Ideas.IdeaCardByID(ctx, ideaID)
	if err != nil {
		return HTTPError(err)
	}
	if !card.VisibleTo(u) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return c.Redirect(http.StatusSeeOther, discussionURL(card.URL(), at)+"#comment-"+strconv.FormatInt(id, 10))
}

// commentURL is the address of the page of an idea's discussion that
// holds a comment, at the comment, as the reader sees it.
func (h *Handler) commentURL(c echo.Context, ideaID, commentID int64) string {
	return h.CommentAt(c, IdeaURL(ideaID, ""), ideaID, commentID)
}

// CommentAt is commentURL from the idea's address.
func (h *Handler) CommentAt(c echo.Context, ideaURL string, ideaID, commentID int64) string {
	return discussionURL(ideaURL, h.pageHolding(c, ideaID, commentID)) + "#comment-" + strconv.FormatInt(commentID, 10)
}

// discussionURL is the address of a page of an idea's discussion, from
// the idea's own.
func discussionURL(ideaURL string, at comments.Page) string {
	q := url.Values{}
	if at.Order != "" && at.Order != comments.Oldest {
		q.Set("comments", at.Order)
	}
	if at.Thread != 0 {
		q.Set("thread", strconv.FormatInt(at.Thread, 10))
	}
	if at.Number > 1 {
		q.Set("cpage", strconv.Itoa(at.Number))
	}
	if len(q) == 0 {
		return ideaURL
	}
	return ideaURL + "?" + q.Encode()
}

// CommentsURL is the address of page n of the idea's discussion in an
// order, or of thread's page n when thread is not 0, at the comments.
func (p *IdeaPage) CommentsURL(order string, n int, thread int64) string {
	return discussionURL(p.Idea.URL(), comments.Page{Order: order, Number: n, Thread: thread}) + "#comments"
}

// ThreadURL is the address of a thread alone, at its first comment.
func (p *IdeaPage) ThreadURL(thread int64) string {
	return discussionURL(p.Idea.URL(), comments.Page{Thread: thread}) + "#comment-" + strconv.FormatInt(thread, 10)
}

// partKey names the shared part of an idea's page: its language, the
// idea and the page of the discussion.
func partKey(locale string, id int64, at comments.Page) string {
	return locale + "\x00" + strconv.FormatInt(id, 10) + "\x00" + at.Order + "\x00" +
		strconv.Itoa(at.Number) + "\x00" + strconv.FormatInt(at.Thread, 10)
}
