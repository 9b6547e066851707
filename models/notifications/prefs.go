package notifications

import (
	"context"
	"errors"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The kinds of notification.
const (
	KindReply      = "reply"      // a reply to one's comment
	KindComment    = "comment"    // a comment on an idea one wrote or follows
	KindStatus     = "status"     // a new status for an idea one wrote, supports or follows
	KindResponse   = "response"   // an official response, without a new status
	KindMention    = "mention"    // one's @handle in a comment or an idea
	KindMerge      = "merge"      // an idea one cares about merged into another
	KindModeration = "moderation" // a moderator's decision about one's own content
	KindQueue      = "queue"      // for moderators: reports and held ideas waiting
	KindBadge      = "badge"      // a badge one has won
	KindTopIdeas   = "top_ideas"  // a digest's top ideas in the challenges one follows
)

// The ways to hear of a kind.
const (
	DeliveryApp    = "app"    // in the app only
	DeliveryNow    = "now"    // in the app, and by mail at once
	DeliveryDaily  = "daily"  // in the app, and in a daily digest
	DeliveryWeekly = "weekly" // in the app, and in a weekly digest
	DeliveryOff    = "off"    // not at all
)

// Kind is a kind of notification and who may choose how to hear of it.
type Kind struct {
	Name      string
	Default   string
	StaffOnly bool // moderators' notices
	Digest    bool // only in digests: nothing to tell in the app
}

// Kinds are every kind a person may tune, in the order the preferences
// page shows them. A person hears at once of what is about them (a reply,
// a mention, their idea accepted) and of other comments once a day.
var Kinds = []Kind{
	{Name: KindReply, Default: DeliveryNow},
	{Name: KindMention, Default: DeliveryNow},
	{Name: KindComment, Default: DeliveryDaily},
	{Name: KindStatus, Default: DeliveryNow},
	{Name: KindResponse, Default: DeliveryNow},
	{Name: KindMerge, Default: DeliveryNow},
	{Name: KindModeration, Default: DeliveryNow},
	{Name: KindBadge, Default: DeliveryNow},
	{Name: KindQueue, Default: DeliveryNow, StaffOnly: true},
	{Name: KindTopIdeas, Default: DeliveryWeekly, Digest: true},
}

// Deliveries are the ways to hear of a kind, for the preferences page;
// a digest-only kind has no "app" nor "now".
func (k Kind) Deliveries() []string {
	if k.Digest {
		return []string{DeliveryDaily, DeliveryWeekly, DeliveryOff}
	}
	return []string{DeliveryApp, DeliveryNow, DeliveryDaily, DeliveryWeekly, DeliveryOff}
}

// Default is how a person hears of a kind until they choose.
func Default(kind string) string {
	for _, k := range Kinds {
		if k.Name == kind {
			return k.Default
		}
	}
	return DeliveryApp
}

// KindNamed is the kind of that name, and whether there is one.
func KindNamed(name string) (Kind, bool) {
	i := slices.IndexFunc(Kinds, func(k Kind) bool { return k.Name == name })
	if i < 0 {
		return Kind{}, false
	}
	return Kinds[i], true
}

// prefRow is one person's choice for one kind.
type prefRow struct {
	UserID   int64
	Kind     string
	Delivery string
}

func (prefRow) TableName() string { return "notification_prefs" }

// Prefs are how a person hears of each kind, defaults filled in.
func (s *Store) Prefs(ctx context.Context, userID int64) (map[string]string, error) {
	var rows []prefRow
	if err := s.DB.WithContext(ctx).Where("user_id = ?", userID).Find(&rows).Error; err != nil {
		return nil, store.MapErr("notification preferences", err)
	}
	prefs := make(map[string]string, len(Kinds))
	for _, k := range Kinds {
		prefs[k.Name] = k.Default
	}
	for _, r := range rows {
		prefs[r.Kind] = r.Delivery
	}
	return prefs, nil
}

// ErrBadPref is a choice the kind does not offer.
var ErrBadPref = errors.New("notifications: no such choice")

// SetPrefs saves a person's choices; kinds left out keep theirs. A choice
// the kind does not offer changes nothing and is ErrBadPref.
func (s *Store) SetPrefs(ctx context.Context, userID int64, prefs map[string]string) error {
	return store.MapErr("save notification preferences", savePrefs(s.Writes(ctx, store.Unseen), userID, prefs))
}

func savePrefs(tx *gorm.DB, userID int64, prefs map[string]string) error {
	rows := make([]prefRow, 0, len(prefs))
	for name, delivery := range prefs {
		k, ok := KindNamed(name)
		if !ok || !slices.Contains(k.Deliveries(), delivery) {
			return ErrBadPref
		}
		rows = append(rows, prefRow{UserID: userID, Kind: name, Delivery: delivery})
	}
	if len(rows) == 0 {
		return nil
	}
	return tx.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}, {Name: "kind"}},
		DoUpdates: clause.AssignmentColumns([]string{"delivery"}),
	}).Create(&rows).Error
}

// Unsubscribe stops the mail of a scope (a kind's name, or a Scope):
// what was mailed of it is then shown in the app only, and digest-only
// kinds stop. What already waits for a mail or a digest stays in the app.
func (s *Store) Unsubscribe(ctx context.Context, userID int64, scope string) error {
	prefs, err := s.Prefs(ctx, userID)
	if err != nil {
		return err
	}
	changes := map[string]string{}
	for _, k := range Kinds {
		d := prefs[k.Name]
		stops := scope == ScopeAll || scope == k.Name || scope == d
		if d == DeliveryApp || d == DeliveryOff || !stops {
			continue
		}
		changes[k.Name] = DeliveryApp
		if k.Digest {
			changes[k.Name] = DeliveryOff
		}
	}
	if len(changes) == 0 {
		return nil
	}
	return store.MapErr("unsubscribe", s.Tx(ctx, store.Unseen, func(tx *gorm.DB) error {
		if err := savePrefs(tx, userID, changes); err != nil {
			return err
		}
		return tx.Model(&Notification{}).Where("user_id = ? AND mailed_at IS NULL AND kind IN ?", userID, slices.Collect(maps.Keys(changes))).
			Update("delivery", DeliveryApp).Error
	}))
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// clip cuts s to n runes, at a rune boundary.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// excerptRunes is how much of a text a notification quotes.
const excerptRunes = 160

// Excerpt is the start of a comment's or an idea's plain text that a
// notification quotes as its Detail.
func Excerpt(text string) string { return clip(text, excerptRunes) }
