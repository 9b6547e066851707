package reputation

import (
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// The reasons a person earns points.
const (
	ReasonIdea        = "idea_submitted"   // an idea of theirs was published
	ReasonSupport     = "support_received" // someone else supports their idea
	ReasonAccepted    = "idea_accepted"    // their idea reached accepted (or beyond)
	ReasonImplemented = "idea_implemented" // their idea was implemented
	ReasonHelpful     = "comment_helpful"  // someone found their comment helpful
)

// Points per reason. An idea that is accepted and then implemented earns
// both: the work it took is worth more than the support it drew.
const (
	PointsIdea        = 5
	PointsSupport     = 1
	PointsAccepted    = 20
	PointsImplemented = 50
	PointsHelpful     = 3
)

// Reasons are every reason, in the order a profile explains them.
var Reasons = []string{ReasonIdea, ReasonSupport, ReasonAccepted, ReasonImplemented, ReasonHelpful}

// acceptedStatuses are the statuses that count as accepted: an idea in
// progress or implemented was accepted on its way there.
var acceptedStatuses = []string{"accepted", "in_progress", "implemented"}

// VoteKey is the source key of the support one person gives one idea.
func VoteKey(userID, ideaID int64) string {
	return "vote:" + strconv.FormatInt(userID, 10) + ":" + strconv.FormatInt(ideaID, 10)
}

// helpfulKey is the source key of one person's "helpful" mark on a comment.
func helpfulKey(commentID, userID int64) string {
	return "helpful:" + strconv.FormatInt(commentID, 10) + ":" + strconv.FormatInt(userID, 10)
}

// SupportSQL writes the point an idea's author earns from one vote, in
// the vote's transaction (the one statement a vote adds). Its arguments:
// the reason, the points, the source key (VoteKey), the vote's time, the
// idea and the voter. Supporting one's own idea earns nothing: points
// are what others think of one's work. Only a visible idea takes votes,
// so none is written for a hidden one.
const SupportSQL = `INSERT INTO reputation_events (user_id, reason, points, idea_id, challenge_id, source_key, created_at)
	SELECT author_id, ?, ?, id, challenge_id, ?, ? FROM ideas WHERE id = ? AND author_id <> ?
	ON CONFLICT (source_key) DO NOTHING`

// SupportArgs are SupportSQL's arguments for a vote.
func SupportArgs(userID, ideaID int64, at any) []any {
	return []any{ReasonSupport, PointsSupport, VoteKey(userID, ideaID), at, ideaID, userID}
}

// WithdrawSQL takes the point of a withdrawn vote away (its argument is
// the VoteKey). The row goes rather than a reversing row being written:
// the ledger says what a person has earned now, and a vote cast and
// withdrawn a hundred times leaves nothing behind.
const WithdrawSQL = `DELETE FROM reputation_events WHERE source_key = ?`

// The same on PostgreSQL, for a batch of votes: SupportsBatchSQL takes
// the reason, the points, then arrays of voters, ideas, times and keys;
// WithdrawBatchSQL an array of keys.
const (
	SupportsBatchSQL = `INSERT INTO reputation_events (user_id, reason, points, idea_id, challenge_id, source_key, created_at)
		SELECT i.author_id, $1, $2, i.id, i.challenge_id, v.k, v.at
		FROM unnest($3::bigint[], $4::bigint[], $5::timestamptz[], $6::text[]) AS v(u, i, at, k)
		JOIN ideas i ON i.id = v.i WHERE i.author_id <> v.u
		ON CONFLICT (source_key) DO NOTHING`
	WithdrawBatchSQL = `DELETE FROM reputation_events WHERE source_key = ANY($1)`
)

// derivedSQL is the ledger as the source rows make it, for the ideas the
// condition %[1]s on i picks. Only a visible idea earns anything: a held,
// hidden or merged one (a merged idea's votes moved to the idea it
// joined) earns nothing until shown again; nor does a hidden or deleted
// comment. Accepted and implemented follow the idea's current status, so
// that a status taken back takes its points back.
const derivedSQL = `SELECT i.author_id AS user_id, CAST(? AS VARCHAR(24)) AS reason, CAST(? AS INTEGER) AS points, i.id AS idea_id, CAST(NULL AS BIGINT) AS comment_id,
		i.challenge_id, 'idea:' || i.id AS source_key, i.created_at
	FROM ideas i WHERE i.hidden = ? AND i.merged_into_id IS NULL AND %[1]s
UNION ALL
	SELECT i.author_id, CAST(? AS VARCHAR(24)), CAST(? AS INTEGER), i.id, NULL, i.challenge_id, 'vote:' || v.user_id || ':' || i.id, v.created_at
	FROM votes v JOIN ideas i ON i.id = v.idea_id
	WHERE i.hidden = ? AND i.merged_into_id IS NULL AND v.user_id <> i.author_id AND %[1]s
UNION ALL
	SELECT i.author_id, CAST(? AS VARCHAR(24)), CAST(? AS INTEGER), i.id, NULL, i.challenge_id, 'accepted:' || i.id,
		COALESCE((SELECT MIN(sc.created_at) FROM status_changes sc WHERE sc.idea_id = i.id AND sc.to_status = i.status),
			i.status_changed_at, i.created_at)
	FROM ideas i WHERE i.hidden = ? AND i.merged_into_id IS NULL AND i.status IN ? AND %[1]s
UNION ALL
	SELECT i.author_id, CAST(? AS VARCHAR(24)), CAST(? AS INTEGER), i.id, NULL, i.challenge_id, 'implemented:' || i.id, COALESCE(i.status_changed_at, i.created_at)
	FROM ideas i WHERE i.hidden = ? AND i.merged_into_id IS NULL AND i.status = ? AND %[1]s
UNION ALL
	SELECT c.author_id, CAST(? AS VARCHAR(24)), CAST(? AS INTEGER), i.id, c.id, i.challenge_id, 'helpful:' || h.comment_id || ':' || h.user_id, h.created_at
	FROM comment_helpful h JOIN comments c ON c.id = h.comment_id JOIN ideas i ON i.id = c.idea_id
	WHERE c.hidden = ? AND c.deleted = ? AND h.user_id <> c.author_id AND i.hidden = ? AND i.merged_into_id IS NULL AND %[1]s`

// derived is derivedSQL over the ideas that cond picks, with its arguments.
func derived(cond string, condArgs ...any) (string, []any) {
	var args []any
	add := func(a ...any) {
		args = append(args, a...)
		args = append(args, condArgs...)
	}
	add(ReasonIdea, PointsIdea, false)
	add(ReasonSupport, PointsSupport, false)
	add(ReasonAccepted, PointsAccepted, false, acceptedStatuses)
	add(ReasonImplemented, PointsImplemented, false, "implemented")
	add(ReasonHelpful, PointsHelpful, false, false, false)
	return fmt.Sprintf(derivedSQL, cond), args
}

const insertDerivedSQL = `INSERT INTO reputation_events
	(user_id, reason, points, idea_id, comment_id, challenge_id, source_key, created_at) %s`

// Rebuild writes again the ledger rows about the given ideas from the
// rows they stem from, in tx: after an idea is published, hidden, shown,
// merged or moved through its life cycle, or a comment on it hidden,
// shown or deleted. These are rare events; a vote writes its own row.
func Rebuild(tx *gorm.DB, ideaIDs ...int64) error {
	if len(ideaIDs) == 0 {
		return nil
	}
	if err := tx.Exec("DELETE FROM reputation_events WHERE idea_id IN ?", ideaIDs).Error; err != nil {
		return fmt.Errorf("reputation: rebuild: %w", err)
	}
	q, args := derived("i.id IN ?", ideaIDs)
	if err := tx.Exec(fmt.Sprintf(insertDerivedSQL, q), args...).Error; err != nil {
		return fmt.Errorf("reputation: rebuild: %w", err)
	}
	return nil
}

// RebuildAll writes the whole ledger again from the rows it stems from.
func RebuildAll(tx *gorm.DB) error {
	if err := tx.Exec("DELETE FROM reputation_events").Error; err != nil {
		return fmt.Errorf("reputation: rebuild: %w", err)
	}
	q, args := derived("1 = 1")
	if err := tx.Exec(fmt.Sprintf(insertDerivedSQL, q), args...).Error; err != nil {
		return fmt.Errorf("reputation: rebuild: %w", err)
	}
	return nil
}

// Drift is a person whose points in the ledger differ from a rebuild.
type Drift struct {
	UserID     int64
	Have, Want int64
}

// driftsSQL sets each person's points in the ledger beside those of a
// rebuild (%s, the derived rows), keeping those that differ.
const driftsSQL = `SELECT user_id, SUM(have) AS have, SUM(want) AS want FROM (
		SELECT user_id, points AS have, 0 AS want FROM reputation_events
		UNION ALL SELECT user_id, 0, points FROM (%s) d
	) both_sides GROUP BY user_id HAVING SUM(have) <> SUM(want) ORDER BY user_id`

// Drifts compares each person's total in the ledger with the total a
// rebuild would give, reading only.
func Drifts(tx *gorm.DB) ([]Drift, error) {
	q, args := derived("1 = 1")
	var out []Drift
	err := tx.Raw(fmt.Sprintf(driftsSQL, q), args...).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("reputation: drifts: %w", err)
	}
	return out, nil
}

// helpfulSQL writes the points a comment's author earns from one person's
// "helpful" mark; its arguments as in Helpful.
const helpfulSQL = `INSERT INTO reputation_events (user_id, reason, points, idea_id, comment_id, challenge_id, source_key, created_at)
	SELECT c.author_id, ?, ?, i.id, c.id, i.challenge_id, ?, ?
	FROM comments c JOIN ideas i ON i.id = c.idea_id
	WHERE c.id = ? AND c.author_id <> ? AND c.hidden = ? AND c.deleted = ? AND i.hidden = ? AND i.merged_into_id IS NULL
	ON CONFLICT (source_key) DO NOTHING`

// Helpful credits a comment's author with a person's "helpful" mark, in
// the mark's transaction.
func Helpful(tx *gorm.DB, commentID, markerID int64, at time.Time) error {
	err := tx.Exec(helpfulSQL, ReasonHelpful, PointsHelpful, helpfulKey(commentID, markerID), at,
		commentID, markerID, false, false, false).Error
	if err != nil {
		return fmt.Errorf("reputation: helpful: %w", err)
	}
	return nil
}

// Unhelpful takes back the points of a mark withdrawn.
func Unhelpful(tx *gorm.DB, commentID, markerID int64) error {
	if err := tx.Exec(WithdrawSQL, helpfulKey(commentID, markerID)).Error; err != nil {
		return fmt.Errorf("reputation: unhelpful: %w", err)
	}
	return nil
}

// CommentGone takes away what a comment earned its author, in the
// transaction that hides or deletes it (showing it again rebuilds its
// idea's rows).
func CommentGone(tx *gorm.DB, commentID int64) error {
	if err := tx.Exec("DELETE FROM reputation_events WHERE comment_id = ?", commentID).Error; err != nil {
		return fmt.Errorf("reputation: comment gone: %w", err)
	}
	return nil
}
