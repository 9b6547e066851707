package ideas

import (
	"cmp"
	"context"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/images"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/site"
	"github.com/ideario/ideario/models/slug"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/search"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Idea statuses, in life-cycle order.
const (
	StatusNew         = "new"
	StatusUnderReview = "under_review"
	StatusAccepted    = "accepted"
	StatusInProgress  = "in_progress"
	StatusImplemented = "implemented"
	StatusDeclined    = "declined"
	StatusDuplicate   = "duplicate"
)

// Statuses lists every idea status.
var Statuses = []string{StatusNew, StatusUnderReview, StatusAccepted, StatusInProgress,
	StatusImplemented, StatusDeclined, StatusDuplicate}

// Limits on what a person may write.
const (
	TitleMin   = 5
	TitleMax   = 140
	BodyMax    = 10000
	CommentMax = 5000
	MaxTags    = 5
	TagMax     = 30
)

// Idea is a proposal by a contributor.
type Idea struct {
	ID            int64
	Title         string
	Slug          string
	Body          string
	BodyHTML      string
	BodyText      string // the body as plain text, for reports and search
	Excerpt       string
	AuthorID      int64
	ChallengeID   *int64
	CategoryID    *int64
	Status        string
	Response      string
	ResponseHTML  string
	ResponseText  string
	SearchTitle   string // the title's words and stems, for the full-text index
	SearchText    string // the body's words and stems, for the full-text index
	VoteCount     int
	CommentCount  int
	FollowerCount int
	Hot           float64
	Hidden        bool
	HiddenReason  string
	// Pending ideas wait for a moderator's approval (pre-moderation);
	// they are hidden too, so that every list leaves them out.
	Pending         bool
	MergedIntoID    *int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	StatusChangedAt *time.Time
	EditedAt        *time.Time
	// Lang is the language the idea is written in ("pt-BR"), or empty
	// when not known.
	Lang string
}

// IdeaInput is what a person writes when posting or editing an idea.
type IdeaInput struct {
	Title       string
	Body        string
	ChallengeID *int64
	CategoryID  *int64
	Tags        []string
	Lang        string // the language it is written in
	// Images are pictures to add, made by PrepareImage before the
	// transaction; RemoveImages are ids of the idea's pictures to take off.
	Images       []*images.Image
	RemoveImages []int64
}

// CreateIdea stores an idea by author, with its tags, and makes the author
// follow it. The challenge, if any, must be in its ideation phase.
func (s *Store) CreateIdea(ctx context.Context, authorID int64, in IdeaInput) (*Idea, error) {
	now := time.Now().UTC()
	idea := &Idea{
		Title:       strings.TrimSpace(in.Title),
		Body:        in.Body,
		AuthorID:    authorID,
		ChallengeID: in.ChallengeID,
		CategoryID:  in.CategoryID,
		Lang:        in.Lang,
		Status:      StatusNew,
		CreatedAt:   now,
		UpdatedAt:   now,
	}
	idea.Render()
	idea.Hot = HotScore(now, nil, nil)
	settings, err := site.Of(s.Store).Settings(ctx)
	if err != nil {
		return nil, err
	}
	err = s.Tx(ctx, store.Ideas, func(tx *gorm.DB) error {
		premoderate := settings.Premoderate
		if in.ChallengeID != nil {
			var c challenges.Challenge
			if err := tx.First(&c, *in.ChallengeID).Error; err != nil {
				return err
			}
			if !c.AcceptsIdeas(now) {
				return challenges.ErrPhaseClosed
			}
			premoderate = premoderate || c.Premoderate
		}
		if premoderate {
			wait, err := needsApproval(tx, authorID)
			if err != nil {
				return err
			}
			idea.Pending, idea.Hidden = wait, wait
			if wait {
				idea.HiddenReason = HiddenPending
			}
		}
		if err := tx.Create(idea).Error; err != nil {
			return err
		}
		if !idea.Pending {
			if err := challenges.CountInChallenge(tx, in.ChallengeID, 1); err != nil {
				return err
			}
			// A held idea earns its points when a moderator approves it.
			if err := reputation.IdeaChanged(tx, idea.ID); err != nil {
				return err
			}
		}
		if err := setTags(tx, idea.ID, in.Tags); err != nil {
			return err
		}
		if err := setIdeaImages(tx, authorID, idea.ID, in.Images, nil); err != nil {
			return err
		}
		return FollowIn(tx, authorID, idea.ID)
	})
	if err != nil {
		return nil, store.MapErr("create idea", err)
	}
	return idea, nil
}

// needsApproval tells whether an author's new idea must wait for a
// moderator: moderators never wait, nor does anyone with a published idea
// (one that a moderator rejected or hid does not count).
func needsApproval(tx *gorm.DB, authorID int64) (bool, error) {
	var u accounts.User
	if err := tx.Select("id, role").First(&u, authorID).Error; err != nil {
		return false, err
	}
	if u.IsModerator() {
		return false, nil
	}
	var approved int64
	err := tx.Model(&Idea{}).Where("author_id = ? AND pending = ? AND hidden = ?", authorID, false, false).Limit(1).Count(&approved).Error
	return approved == 0, err
}

// UpdateIdea saves an edit. Authors may edit while the challenge takes
// ideas; moderators may edit at any time.
func (s *Store) UpdateIdea(ctx context.Context, id int64, editor *accounts.User, in IdeaInput) error {
	err := s.Tx(ctx, store.Ideas, func(tx *gorm.DB) error {
		var idea Idea
		if err := tx.First(&idea, id).Error; err != nil {
			return err
		}
		if !editor.IsModerator() {
			if idea.AuthorID != editor.ID || idea.Hidden {
				return store.ErrForbidden
			}
			if err := ideaOpenForEdits(tx, &idea); err != nil {
				return err
			}
		}
		idea.Title = strings.TrimSpace(in.Title)
		idea.Body = in.Body
		idea.CategoryID = in.CategoryID
		idea.Lang = cmp.Or(in.Lang, idea.Lang)
		idea.Render()
		now := time.Now().UTC()
		idea.UpdatedAt, idea.EditedAt = now, &now
		if err := tx.Model(&idea).Select("title", "slug", "body", "body_html", "body_text", "search_title", "search_text", "excerpt", "category_id", "updated_at", "edited_at", "lang").
			Updates(&idea).Error; err != nil {
			return err
		}
		if err := setTags(tx, id, in.Tags); err != nil {
			return err
		}
		return setIdeaImages(tx, editor.ID, id, in.Images, in.RemoveImages)
	})
	return store.MapErr("update idea", err)
}

func ideaOpenForEdits(tx *gorm.DB, idea *Idea) error {
	if idea.ChallengeID == nil {
		return nil
	}
	var c challenges.Challenge
	if err := tx.First(&c, *idea.ChallengeID).Error; err != nil {
		return err
	}
	if !c.AcceptsIdeas(time.Now()) {
		return challenges.ErrPhaseClosed
	}
	return nil
}

// Render fills an idea's slug, HTML, plain text, search text and excerpt
// from its title and body, as posting it does (the bulk loader calls it
// too).
func (i *Idea) Render() {
	i.Slug = IdeaSlug(i.Title)
	i.BodyHTML = markdown.Render(i.Body)
	i.BodyText = markdown.PlainText(i.Body)
	i.SearchTitle, i.SearchText = search.DocumentIn(i.Title, i.Lang), search.DocumentIn(i.BodyText, i.Lang)
	i.Excerpt = markdown.Excerpt(i.Body, 240)
}

// IdeaByID finds an idea, hidden or not; callers decide who may see it.
func (s *Store) IdeaByID(ctx context.Context, id int64) (*Idea, error) {
	var idea Idea
	err := s.DB.WithContext(ctx).First(&idea, id).Error
	return &idea, store.MapErr("idea", err)
}

// VisibleTo tells whether a person (nil for a visitor) may see the idea.
func (i *Idea) VisibleTo(u *accounts.User) bool {
	return !i.Hidden || u.IsModerator() || (u != nil && u.ID == i.AuthorID)
}

// IdeaTags lists an idea's tags.
func (s *Store) IdeaTags(ctx context.Context, ideaID int64) ([]challenges.Tag, error) {
	var ts []challenges.Tag
	err := s.DB.WithContext(ctx).Joins("JOIN idea_tags it ON it.tag_id = tags.id").
		Where("it.idea_id = ?", ideaID).Order("tags.slug").Find(&ts).Error
	return ts, store.MapErr("idea tags", err)
}

// ParseTags splits "a, b,c" into at most MaxTags distinct tag names of at
// most TagMax characters each.
func ParseTags(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range strings.Split(s, ",") {
		if len(out) == MaxTags {
			break
		}
		t = strings.Join(strings.Fields(strings.Map(controlToSpace, t)), " ")
		if r := []rune(t); len(r) > TagMax {
			t = strings.TrimSpace(string(r[:TagMax]))
		}
		slug := slug.Slugify(t, TagMax)
		if slug == "" || seen[slug] {
			continue
		}
		seen[slug] = true
		out = append(out, strings.ToLower(t))
	}
	return out
}

// controlToSpace turns control characters into spaces, which tag names
// then fold.
func controlToSpace(r rune) rune {
	if unicode.IsControl(r) {
		return ' '
	}
	return r
}

// setTags replaces an idea's tags, creating new tags as needed, keeping
// each tag's idea count exact and the idea's search text in step.
func setTags(tx *gorm.DB, ideaID int64, names []string) error {
	var old []int64
	if err := tx.Raw("SELECT tag_id FROM idea_tags WHERE idea_id = ?", ideaID).Scan(&old).Error; err != nil {
		return err
	}
	if len(old) > 0 {
		if err := tx.Exec("DELETE FROM idea_tags WHERE idea_id = ?", ideaID).Error; err != nil {
			return err
		}
		if err := tx.Model(&challenges.Tag{}).Where("id IN ?", old).UpdateColumn("idea_count", gorm.Expr("idea_count - 1")).Error; err != nil {
			return err
		}
	}
	for _, name := range names {
		t := challenges.Tag{Slug: slug.Slugify(name, TagMax), Name: name}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&t).Error; err != nil {
			return err
		}
		if err := tx.Where("slug = ?", t.Slug).First(&t).Error; err != nil {
			return err
		}
		if err := tx.Exec("INSERT INTO idea_tags (idea_id, tag_id) VALUES (?, ?)", ideaID, t.ID).Error; err != nil {
			return err
		}
		if err := tx.Model(&challenges.Tag{}).Where("id = ?", t.ID).UpdateColumn("idea_count", gorm.Expr("idea_count + 1")).Error; err != nil {
			return err
		}
	}
	return store.RefreshSearchTags(tx, []int64{ideaID})
}

// IdeaSlug is the slug that follows an idea's id in its address.
func IdeaSlug(title string) string { return slug.Slugify(title, 60) }

// IdeaPath is an idea's canonical path; the slug after the id is for
// people, the id alone finds the idea.
func IdeaPath(id int64, slug string) string {
	if slug == "" {
		return "/ideas/" + strconv.FormatInt(id, 10)
	}
	return "/ideas/" + strconv.FormatInt(id, 10) + "-" + slug
}

// URL is the idea's canonical path.
func (i Idea) URL() string { return IdeaPath(i.ID, i.Slug) }

// Reasons the system gives when it hides an item by itself.
const (
	HiddenPending = "pending"
	HiddenFlagged = "flagged"
)
