package comments

import (
	"context"
	"slices"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/store"
)

// An idea's discussion is shown a page at a time, so that a page stays
// light however many comments the idea has: a page holds ThreadsPerPage
// threads (a comment that answers nobody, with all the replies under it),
// each with its first RepliesShown replies; the others are a link to the
// thread alone, which shows ThreadPageSize of its comments a page.
const (
	ThreadsPerPage = 20
	RepliesShown   = 4
	ThreadPageSize = 50
)

// The orders of a discussion's threads; replies always read oldest first.
const (
	Oldest = "oldest"
	Newest = "newest"
)

// Orders are the orders a discussion can be read in, the default first.
var Orders = []string{Oldest, Newest}

// A Page names one page of an idea's discussion: the threads in an
// order, or one thread alone.
type Page struct {
	Order  string // Oldest or Newest; empty is Oldest
	Number int    // from 1
	Thread int64  // a thread's first comment: that thread alone; 0 for all
}

// Discussion is one page of an idea's discussion, as a viewer sees it.
type Discussion struct {
	Page
	// Comments are the page's threads, or the page of the one thread,
	// as trees (see Comment.Replies and Comment.MoreReplies).
	Comments []*Comment
	Threads  int // how many threads the viewer sees in all
	Pages    int // how many pages there are, at least 1
	// Root is the thread's first comment, when the page shows one thread.
	Root *Comment
}

// Normal gives a page its defaults: the first page, oldest first.
func (p Page) Normal() Page {
	if !slices.Contains(Orders, p.Order) {
		p.Order = Oldest
	}
	p.Number = max(p.Number, 1)
	return p
}

// visibleTo is the condition on comments that the viewer may read: not
// deleted, and not hidden unless they are a moderator or its author.
func visibleTo(viewer *accounts.User) (string, []any) {
	switch {
	case viewer.IsModerator():
		return "deleted = ?", []any{false}
	case viewer != nil:
		return "deleted = ? AND (hidden = ? OR author_id = ?)", []any{false, false, viewer.ID}
	}
	return "deleted = ? AND hidden = ?", []any{false, false}
}

// Discussion returns one page of an idea's discussion as the viewer sees
// it (nil: anyone). A thread shows when the viewer may read one of its
// comments; a deleted or hidden comment with replies stays as a
// placeholder, as in the whole discussion. A page past the last one is
// the last one; a thread of another idea is not found.
func (s *Store) Discussion(ctx context.Context, ideaID int64, viewer *accounts.User, page Page) (*Discussion, error) {
	page = page.Normal()
	if page.Thread != 0 {
		return s.threadPage(ctx, ideaID, viewer, page)
	}
	cond, args := visibleTo(viewer)
	db := s.DB.WithContext(ctx)
	var total int64
	err := db.Model(&Comment{}).Where("idea_id = ?", ideaID).Where(cond, args...).
		Distinct("thread_id").Count(&total).Error
	if err != nil {
		return nil, store.MapErr("discussion", err)
	}
	d := &Discussion{Page: page, Threads: int(total), Pages: max(1, (int(total)+ThreadsPerPage-1)/ThreadsPerPage)}
	d.Number = min(d.Number, d.Pages)
	order := "thread_id"
	if page.Order == Newest {
		order = "thread_id DESC"
	}
	var roots []int64
	err = db.Model(&Comment{}).Where("idea_id = ?", ideaID).Where(cond, args...).
		Group("thread_id").Order(order).Offset((d.Number-1)*ThreadsPerPage).Limit(ThreadsPerPage).
		Pluck("thread_id", &roots).Error
	if err != nil {
		return nil, store.MapErr("discussion", err)
	}
	threads, err := s.threads(ctx, ideaID, roots, viewer)
	if err != nil {
		return nil, err
	}
	for _, root := range roots {
		if t := threads[root]; t != nil {
			d.Comments = append(d.Comments, collapse(t, RepliesShown))
		}
	}
	return d, nil
}

// threadPage is one page of a thread alone: its comments in reading
// order, ThreadPageSize at a time, each page a forest whose first trees
// may continue the previous page's.
func (s *Store) threadPage(ctx context.Context, ideaID int64, viewer *accounts.User, page Page) (*Discussion, error) {
	threads, err := s.threads(ctx, ideaID, []int64{page.Thread}, viewer)
	if err != nil {
		return nil, err
	}
	root := threads[page.Thread]
	if root == nil {
		return nil, store.ErrNotFound
	}
	flat := flatten(nil, root)
	d := &Discussion{Page: page, Threads: 1, Root: root, Pages: max(1, (len(flat)+ThreadPageSize-1)/ThreadPageSize)}
	d.Number = min(d.Number, d.Pages)
	d.Comments = forest(flat[(d.Number-1)*ThreadPageSize : min(len(flat), d.Number*ThreadPageSize)])
	return d, nil
}

// threads reads whole threads of an idea, as trees by their first
// comment's id, pruned for the viewer (see prune); a thread that leaves
// nothing the viewer may read is missing.
func (s *Store) threads(ctx context.Context, ideaID int64, roots []int64, viewer *accounts.User) (map[int64]*Comment, error) {
	out := map[int64]*Comment{}
	if len(roots) == 0 {
		return out, nil
	}
	var all []*Comment
	err := s.DB.WithContext(ctx).Table("comments").
		Select("comments.*, users.name AS author_name, users.country AS author_country").
		Joins("JOIN users ON users.id = comments.author_id").
		Where("comments.idea_id = ? AND comments.thread_id IN ?", ideaID, roots).
		Order("comments.created_at, comments.id").Scan(&all).Error
	if err != nil {
		return nil, store.MapErr("threads", err)
	}
	for _, root := range prune(tree(all), viewer, 0) {
		out[root.ID] = root
	}
	return out, nil
}

// tree links comments read oldest first to their parents, and returns
// those that answer nobody (or a comment not read).
func tree(all []*Comment) []*Comment {
	byID := make(map[int64]*Comment, len(all))
	for _, c := range all {
		byID[c.ID] = c
	}
	var roots []*Comment
	for _, c := range all {
		if c.ParentID != nil && byID[*c.ParentID] != nil {
			p := byID[*c.ParentID]
			p.Replies = append(p.Replies, c)
		} else {
			roots = append(roots, c)
		}
	}
	return roots
}

// flatten appends a tree's comments to out in reading order: each
// comment, then its replies.
func flatten(out []*Comment, c *Comment) []*Comment {
	out = append(out, c)
	for _, r := range c.Replies {
		out = flatten(out, r)
	}
	return out
}

// collapse keeps the first n replies of a thread, in reading order, and
// counts the others in the first comment's MoreReplies.
func collapse(root *Comment, n int) *Comment {
	flat := flatten(nil, root)
	if len(flat)-1 <= n {
		return root
	}
	kept := forest(flat[:n+1])[0]
	kept.MoreReplies = len(flat) - 1 - n
	return kept
}

// forest rebuilds trees from a run of comments in reading order, with
// copies of the comments that hold only the replies in the run; a
// comment whose parent is not in the run starts a tree.
func forest(run []*Comment) []*Comment {
	copies := make(map[int64]*Comment, len(run))
	var roots []*Comment
	for _, c := range run {
		cp := *c
		cp.Replies = nil
		copies[c.ID] = &cp
		if c.ParentID != nil && copies[*c.ParentID] != nil {
			p := copies[*c.ParentID]
			p.Replies = append(p.Replies, &cp)
		} else {
			roots = append(roots, &cp)
		}
	}
	return roots
}

// Locate finds the page of its idea's discussion, read oldest first, that
// holds a comment the viewer may read: the page of its thread when it is
// among the replies shown there, else its page of the thread alone (a
// deleted comment, shown or not, leads to its thread's page). A hidden
// comment the viewer may not read is not found.
func (s *Store) Locate(ctx context.Context, id int64, viewer *accounts.User) (ideaID int64, at Page, err error) {
	var c Comment
	db := s.DB.WithContext(ctx)
	if err := db.Select("id, idea_id, thread_id, author_id, hidden, deleted").First(&c, id).Error; err != nil {
		return 0, at, store.MapErr("locate comment", err)
	}
	if c.Hidden && !c.Deleted && !viewer.IsModerator() && (viewer == nil || viewer.ID != c.AuthorID) {
		return 0, at, store.ErrNotFound
	}
	cond, args := visibleTo(viewer)
	var before int64
	err = db.Model(&Comment{}).Where("idea_id = ? AND thread_id < ?", c.IdeaID, c.ThreadID).Where(cond, args...).
		Distinct("thread_id").Count(&before).Error
	if err != nil {
		return 0, at, store.MapErr("locate comment", err)
	}
	threads, err := s.threads(ctx, c.IdeaID, []int64{c.ThreadID}, viewer)
	if err != nil {
		return 0, at, err
	}
	at = Page{Order: Oldest, Number: int(before)/ThreadsPerPage + 1}
	if root := threads[c.ThreadID]; root != nil {
		i := slices.IndexFunc(flatten(nil, root), func(r *Comment) bool { return r.ID == id })
		if i > RepliesShown {
			at = Page{Order: Oldest, Number: i/ThreadPageSize + 1, Thread: c.ThreadID}
		}
	}
	return c.IdeaID, at, nil
}
