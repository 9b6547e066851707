package comments

import (
	"context"
	"strconv"
	"time"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// Comment is a reply to an idea, or to another comment.
type Comment struct {
	ID           int64
	IdeaID       int64
	AuthorID     int64
	ParentID     *int64
	ThreadID     int64 // the first comment of its thread: itself when it answers nobody
	Body         string
	BodyHTML     string
	BodyText     string // the body as plain text, for reports
	Hidden       bool
	HiddenReason string
	Deleted      bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	EditedAt     *time.Time
	Lang         string // the language it is written in; empty when not known
	HelpfulCount int    // how many people found it helpful

	AuthorName    string     `gorm:"->;-:migration"`
	AuthorCountry string     `gorm:"->;-:migration"`
	Replies       []*Comment `gorm:"-"`
	Depth         int        `gorm:"-"`
	// MoreReplies counts the replies of a thread left off its page of the
	// discussion (see Discussion).
	MoreReplies int `gorm:"-"`
}

// MaxDepth is how deep replies nest on the page; deeper replies are shown
// at this depth, in order.
const MaxDepth = 4

// CreateComment stores a comment on a visible idea, in its author's
// language (see CreateCommentIn).
func (s *Store) CreateComment(ctx context.Context, author *accounts.User, ideaID int64, parentID *int64, body string) (*Comment, error) {
	return s.CreateCommentIn(ctx, author, ideaID, parentID, body, author.Locale)
}

// CreateCommentIn stores a comment written in lang on a visible idea,
// counts it, makes the author follow the idea and tells the people it
// concerns (tellOfComment), the people it @mentions first.
func (s *Store) CreateCommentIn(ctx context.Context, author *accounts.User, ideaID int64, parentID *int64, body, lang string) (*Comment, error) {
	now := time.Now().UTC()
	c := &Comment{IdeaID: ideaID, AuthorID: author.ID, ParentID: parentID, Body: body, Lang: lang,
		BodyText: markdown.PlainText(body), CreatedAt: now, UpdatedAt: now}
	var repliedTo int64 // the author of the comment answered
	err := s.Tx(ctx, store.Comments, func(tx *gorm.DB) error {
		store.About(tx.Statement.Context, ideaID)
		idea, err := ideas.Lock(tx, ideaID, "id, title, hidden, merged_into_id, hot, created_at")
		if err != nil {
			return err
		}
		if idea.Hidden || idea.MergedIntoID != nil {
			return store.ErrNotFound
		}
		var mentioned []int64
		if c.BodyHTML, mentioned, err = accounts.RenderMentions(tx, body); err != nil {
			return err
		}
		if parentID != nil {
			var parent Comment
			if err := tx.Select("id, idea_id, thread_id, author_id").First(&parent, *parentID).Error; err != nil || parent.IdeaID != ideaID {
				return store.ErrNotFound
			}
			c.ThreadID, repliedTo = parent.ThreadID, parent.AuthorID
		}
		if err := tx.Omit("AuthorName", "AuthorCountry").Create(c).Error; err != nil {
			return err
		}
		if c.ThreadID == 0 {
			c.ThreadID = c.ID
			if err := tx.Model(c).UpdateColumn("thread_id", c.ID).Error; err != nil {
				return err
			}
		}
		if err := tx.Model(&ideas.Idea{}).Where("id = ?", ideaID).
			UpdateColumn("comment_count", gorm.Expr("comment_count + 1")).Error; err != nil {
			return err
		}
		if err := ideas.BumpHot(tx, idea, now, ideas.CommentWeight, false); err != nil {
			return err
		}
		if err := tellOfComment(tx, c, author, idea.Title, repliedTo, mentioned); err != nil {
			return err
		}
		return ideas.FollowIn(tx, author.ID, ideaID)
	})
	if err != nil {
		return nil, store.MapErr("create comment", err)
	}
	return c, nil
}

// LockCommentIdea locks the row of the idea a comment belongs to (see
// ideas.Lock) and reads its hot score, before a change to the comment
// that changes the idea's counters and score.
func LockCommentIdea(tx *gorm.DB, commentID int64) (ideas.Idea, error) {
	var ideaID int64
	if err := tx.Model(&Comment{}).Where("id = ?", commentID).Pluck("idea_id", &ideaID).Error; err != nil {
		return ideas.Idea{}, err
	}
	if ideaID == 0 {
		return ideas.Idea{}, gorm.ErrRecordNotFound
	}
	return ideas.Lock(tx, ideaID, "id, hot, created_at")
}

// CommentByID finds one comment.
func (s *Store) CommentByID(ctx context.Context, id int64) (*Comment, error) {
	var c Comment
	err := s.DB.WithContext(ctx).First(&c, id).Error
	return &c, store.MapErr("comment", err)
}

// mayChange tells whether a person may edit or delete the comment.
func (c *Comment) mayChange(u *accounts.User) bool {
	return u.IsModerator() || (u != nil && u.ID == c.AuthorID && !c.Hidden)
}

// UpdateComment saves an edit by the author or a moderator, and tells
// the people it newly @mentions, if the comment and its idea are seen.
func (s *Store) UpdateComment(ctx context.Context, id int64, editor *accounts.User, body string) (*Comment, error) {
	var c Comment
	err := s.Tx(ctx, store.Comments, func(tx *gorm.DB) error {
		if err := tx.First(&c, id).Error; err != nil {
			return err
		}
		if c.Deleted {
			return store.ErrNotFound
		}
		if !c.mayChange(editor) {
			return store.ErrForbidden
		}
		store.About(tx.Statement.Context, c.IdeaID)
		html, mentioned, err := accounts.RenderMentions(tx, body)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		text := markdown.PlainText(body)
		if err := tx.Model(&c).Updates(map[string]any{"body": body, "body_html": html,
			"body_text": text, "edited_at": now, "updated_at": now}).Error; err != nil {
			return err
		}
		c.Body, c.BodyHTML, c.BodyText = body, html, text
		return tellOfEditedComment(tx, &c, editor, mentioned)
	})
	return &c, store.MapErr("update comment", err)
}

// DeleteComment removes a comment's text and uncounts it; its replies stay
// in place under a "deleted" marker.
func (s *Store) DeleteComment(ctx context.Context, id int64, by *accounts.User) (*Comment, error) {
	var c Comment
	err := s.Tx(ctx, store.Comments, func(tx *gorm.DB) error {
		idea, err := LockCommentIdea(tx, id)
		if err != nil {
			return err
		}
		store.About(tx.Statement.Context, idea.ID)
		if err := tx.First(&c, id).Error; err != nil {
			return err
		}
		if c.Deleted {
			return nil
		}
		if !c.mayChange(by) {
			return store.ErrForbidden
		}
		if err := tx.Model(&c).Updates(map[string]any{"deleted": true, "body": "", "body_html": "", "body_text": "",
			"updated_at": time.Now().UTC()}).Error; err != nil {
			return err
		}
		if c.Hidden {
			return nil // a hidden comment was already left out of the count and the ledger
		}
		if err := reputation.CommentGone(tx, id); err != nil {
			return err
		}
		if err := tx.Model(&ideas.Idea{}).Where("id = ?", c.IdeaID).
			UpdateColumn("comment_count", gorm.Expr("comment_count - 1")).Error; err != nil {
			return err
		}
		return ideas.BumpHot(tx, idea, c.CreatedAt, ideas.CommentWeight, true)
	})
	return &c, store.MapErr("delete comment", err)
}

// CommentThread returns an idea's comments as a tree, oldest first at each
// level. Hidden comments are left out for everyone but moderators and
// their author; a deleted or hidden comment that has replies stays as a
// placeholder.
func (s *Store) CommentThread(ctx context.Context, ideaID int64, viewer *accounts.User) ([]*Comment, error) {
	var all []*Comment
	err := s.DB.WithContext(ctx).Table("comments").
		Select("comments.*, users.name AS author_name, users.country AS author_country").
		Joins("JOIN users ON users.id = comments.author_id").
		Where("comments.idea_id = ?", ideaID).Order("comments.created_at, comments.id").Scan(&all).Error
	if err != nil {
		return nil, store.MapErr("comments", err)
	}
	return prune(tree(all), viewer, 0), nil
}

// HiddenCommentAuthors are the people who wrote a hidden comment on an
// idea: each of them still sees it, so sees the discussion otherwise than
// others do.
func (s *Store) HiddenCommentAuthors(ctx context.Context, ideaID int64) (map[int64]bool, error) {
	var ids []int64
	err := s.DB.WithContext(ctx).Table("comments").Where("idea_id = ? AND hidden = ? AND deleted = ?", ideaID, true, false).
		Distinct().Pluck("author_id", &ids).Error
	if err != nil {
		return nil, store.MapErr("hidden comment authors", err)
	}
	authors := make(map[int64]bool, len(ids))
	for _, id := range ids {
		authors[id] = true
	}
	return authors, nil
}

// prune drops deleted comments, and hidden ones that the viewer may not
// see (only moderators and the author may), when they have no replies;
// it sets depths.
func prune(cs []*Comment, viewer *accounts.User, depth int) []*Comment {
	out := cs[:0]
	for _, c := range cs {
		c.Depth = min(depth, MaxDepth)
		c.Replies = prune(c.Replies, viewer, depth+1)
		gone := c.Deleted || (c.Hidden && !viewer.IsModerator() && (viewer == nil || viewer.ID != c.AuthorID))
		if gone && len(c.Replies) == 0 {
			continue
		}
		out = append(out, c)
	}
	return out
}

// UserComments lists a person's latest comments with their ideas: only
// the visible ones, or with includeHidden (for moderators) hidden ones too.
func (s *Store) UserComments(ctx context.Context, userID int64, limit int, includeHidden bool) ([]CommentWithIdea, error) {
	var out []CommentWithIdea
	q := s.DB.WithContext(ctx).Table("comments").
		Select("comments.id, comments.idea_id, comments.body_html, comments.hidden, comments.created_at, ideas.title AS idea_title, ideas.slug AS idea_slug").
		Joins("JOIN ideas ON ideas.id = comments.idea_id").
		Where("comments.author_id = ? AND comments.deleted = ?", userID, false)
	if !includeHidden {
		q = q.Where("comments.hidden = ? AND ideas.hidden = ?", false, false)
	}
	err := q.Order("comments.created_at DESC").Limit(limit).Scan(&out).Error
	return out, store.MapErr("user comments", err)
}

// CommentWithIdea is a comment listed away from its idea.
type CommentWithIdea struct {
	ID        int64
	IdeaID    int64
	BodyHTML  string
	Hidden    bool
	CreatedAt time.Time
	IdeaTitle string
	IdeaSlug  string
}

// URL is the comment's address, which leads to the page of its idea's
// discussion that holds it.
func (c CommentWithIdea) URL() string { return Path(c.ID) }

// Path is a comment's address (GET /comments/{id}).
func Path(id int64) string { return "/comments/" + strconv.FormatInt(id, 10) }
