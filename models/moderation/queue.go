package moderation

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
)

// QueueItem is one thing that waits for a moderator: a flagged idea or
// comment, or an idea held by pre-moderation.
type QueueItem struct {
	TargetType string // TargetIdea or TargetComment
	TargetID   int64
	IdeaID     int64 // the idea itself, or the comment's idea
	IdeaTitle  string
	IdeaSlug   string
	Text       string // the comment's text, or the idea's excerpt
	AuthorID   int64
	AuthorName string
	Hidden     bool
	Pending    bool
	Since      time.Time // the first open report, or when the idea was posted
	Flags      []FlagRecord
	Reasons    map[string]int
}

// Key names the item in bulk forms: "idea:12" or "comment:7".
func (q QueueItem) Key() string { return q.TargetType + ":" + strconv.FormatInt(q.TargetID, 10) }

// ModerationQueue lists what waits for a moderator, oldest first: items
// with open reports, and ideas held for approval.
func (s *Store) ModerationQueue(ctx context.Context, limit int) ([]QueueItem, error) {
	db := s.DB.WithContext(ctx)
	// Flag ids grow with time, so the smallest open one is the oldest
	// report (an aggregate of a time column loses its type in SQLite).
	var targets []struct {
		TargetType string
		TargetID   int64
		FirstFlag  int64
	}
	err := db.Model(&FlagRecord{}).Select("target_type, target_id, MIN(id) AS first_flag").
		Where("resolved_at IS NULL").Group("target_type, target_id").Order("first_flag").Limit(limit).Scan(&targets).Error
	if err != nil {
		return nil, store.MapErr("queue", err)
	}
	items := map[string]*QueueItem{}
	var ideaIDs, commentIDs []int64
	for _, t := range targets {
		it := &QueueItem{TargetType: t.TargetType, TargetID: t.TargetID, Reasons: map[string]int{}}
		items[it.Key()] = it
		if t.TargetType == audit.TargetIdea {
			ideaIDs = append(ideaIDs, t.TargetID)
		} else {
			commentIDs = append(commentIDs, t.TargetID)
		}
	}
	var pending []ideas.Idea
	if err := db.Select("id, created_at").Where("pending = ?", true).Order("created_at").Limit(limit).Find(&pending).Error; err != nil {
		return nil, store.MapErr("queue", err)
	}
	for _, p := range pending {
		key := audit.TargetIdea + ":" + strconv.FormatInt(p.ID, 10)
		if items[key] == nil {
			items[key] = &QueueItem{TargetType: audit.TargetIdea, TargetID: p.ID, Since: p.CreatedAt, Reasons: map[string]int{}}
			ideaIDs = append(ideaIDs, p.ID)
		}
	}
	if err := s.fillQueueIdeas(ctx, items, ideaIDs); err != nil {
		return nil, err
	}
	if err := s.fillQueueComments(ctx, items, commentIDs); err != nil {
		return nil, err
	}
	if err := s.fillQueueFlags(ctx, items, ideaIDs, commentIDs); err != nil {
		return nil, err
	}
	out := make([]QueueItem, 0, len(items))
	for _, it := range items {
		if it.IdeaID != 0 { // an item deleted since it was reported has no details
			out = append(out, *it)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Since.Before(out[j].Since) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *Store) fillQueueIdeas(ctx context.Context, items map[string]*QueueItem, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		ID, AuthorID               int64
		Title, Slug, Excerpt, Name string
		Hidden, Pending            bool
	}
	err := s.DB.WithContext(ctx).Table("ideas").
		Select("ideas.id, ideas.author_id, ideas.title, ideas.slug, ideas.excerpt, users.name, ideas.hidden, ideas.pending").
		Joins("JOIN users ON users.id = ideas.author_id").Where("ideas.id IN ?", ids).Scan(&rows).Error
	if err != nil {
		return store.MapErr("queue ideas", err)
	}
	for _, r := range rows {
		it := items[audit.TargetIdea+":"+strconv.FormatInt(r.ID, 10)]
		it.IdeaID, it.IdeaTitle, it.IdeaSlug, it.Text = r.ID, r.Title, r.Slug, r.Excerpt
		it.AuthorID, it.AuthorName, it.Hidden, it.Pending = r.AuthorID, r.Name, r.Hidden, r.Pending
	}
	return nil
}

func (s *Store) fillQueueComments(ctx context.Context, items map[string]*QueueItem, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		ID, IdeaID, AuthorID    int64
		Body, Title, Slug, Name string
		Hidden                  bool
	}
	err := s.DB.WithContext(ctx).Table("comments").
		Select("comments.id, comments.idea_id, comments.author_id, comments.body, ideas.title, ideas.slug, users.name, comments.hidden").
		Joins("JOIN ideas ON ideas.id = comments.idea_id").Joins("JOIN users ON users.id = comments.author_id").
		Where("comments.id IN ? AND comments.deleted = ?", ids, false).Scan(&rows).Error
	if err != nil {
		return store.MapErr("queue comments", err)
	}
	for _, r := range rows {
		it := items[audit.TargetComment+":"+strconv.FormatInt(r.ID, 10)]
		it.IdeaID, it.IdeaTitle, it.IdeaSlug, it.Text = r.IdeaID, r.Title, r.Slug, r.Body
		it.AuthorID, it.AuthorName, it.Hidden = r.AuthorID, r.Name, r.Hidden
	}
	return nil
}

// fillQueueFlags loads the open reports of the listed items only: the
// queue shows at most limit items however many reports are open.
func (s *Store) fillQueueFlags(ctx context.Context, items map[string]*QueueItem, ideaIDs, commentIDs []int64) error {
	if len(items) == 0 {
		return nil
	}
	var flags []FlagRecord
	err := s.DB.WithContext(ctx).Table("flags").Select("flags.*, users.name AS user_name").
		Joins("JOIN users ON users.id = flags.user_id").
		Where("flags.resolved_at IS NULL").
		Where(s.DB.Where("flags.target_type = ? AND flags.target_id IN ?", audit.TargetIdea, append(ideaIDs, 0)).
			Or("flags.target_type = ? AND flags.target_id IN ?", audit.TargetComment, append(commentIDs, 0))).
		Order("flags.created_at").Scan(&flags).Error
	if err != nil {
		return store.MapErr("queue flags", err)
	}
	for _, f := range flags {
		if it := items[f.TargetType+":"+strconv.FormatInt(f.TargetID, 10)]; it != nil {
			if it.Since.IsZero() || f.CreatedAt.Before(it.Since) {
				it.Since = f.CreatedAt
			}
			it.Flags = append(it.Flags, f)
			it.Reasons[f.Reason]++
		}
	}
	return nil
}

// Overview is what waits for moderators, for the admin home page.
type Overview struct {
	OpenFlags    int64 // open reports
	FlaggedItems int64 // items with open reports
	AutoHidden   int64 // items hidden by the flag threshold, waiting for review
	Pending      int64 // ideas held by pre-moderation
	Unanswered   int64 // visible ideas still "new" after a week
	Recent       []audit.AuditEntry
}

// UnansweredAfter is how long an idea may stay "new" before the overview
// counts it as waiting for an answer.
const UnansweredAfter = 7 * 24 * time.Hour

// ModerationOverview counts what waits for a moderator now.
func (s *Store) ModerationOverview(ctx context.Context) (*Overview, error) {
	db := s.DB.WithContext(ctx)
	o := &Overview{}
	counts := []func() error{
		func() error { return db.Model(&FlagRecord{}).Where("resolved_at IS NULL").Count(&o.OpenFlags).Error },
		func() error {
			return db.Raw("SELECT COUNT(*) FROM (SELECT DISTINCT target_type, target_id FROM flags WHERE resolved_at IS NULL) open_items").Scan(&o.FlaggedItems).Error
		},
		func() error {
			var hiddenIdeas, hiddenComments int64
			if err := db.Model(&ideas.Idea{}).Where("hidden = ? AND hidden_reason = ?", true, ideas.HiddenFlagged).Count(&hiddenIdeas).Error; err != nil {
				return err
			}
			if err := db.Model(&comments.Comment{}).Where("hidden = ? AND hidden_reason = ?", true, ideas.HiddenFlagged).Count(&hiddenComments).Error; err != nil {
				return err
			}
			o.AutoHidden = hiddenIdeas + hiddenComments
			return nil
		},
		func() error { return db.Model(&ideas.Idea{}).Where("pending = ?", true).Count(&o.Pending).Error },
		func() error {
			return db.Model(&ideas.Idea{}).Where("status = ? AND created_at < ? AND hidden = ? AND merged_into_id IS NULL",
				ideas.StatusNew, time.Now().UTC().Add(-UnansweredAfter), false).Count(&o.Unanswered).Error
		},
	}
	for _, count := range counts {
		if err := count(); err != nil {
			return nil, store.MapErr("overview", err)
		}
	}
	recent, _, err := audit.Of(s.Store).AuditLog(ctx, audit.AuditFilter{PerPage: 15})
	if err != nil {
		return nil, err
	}
	o.Recent = recent
	return o, nil
}

// UnansweredIdeas lists visible ideas still "new" after UnansweredAfter,
// oldest first, for the overview.
func (s *Store) UnansweredIdeas(ctx context.Context, limit int) ([]ideas.IdeaCard, error) {
	var cards []ideas.IdeaCard
	err := ideas.CardQuery(s.DB.WithContext(ctx)).
		Where("ideas.status = ? AND ideas.created_at < ? AND ideas.hidden = ? AND ideas.merged_into_id IS NULL",
			ideas.StatusNew, time.Now().UTC().Add(-UnansweredAfter), false).
		Order("ideas.created_at").Limit(limit).Scan(&cards).Error
	return cards, store.MapErr("unanswered ideas", err)
}
