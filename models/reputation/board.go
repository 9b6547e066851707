package reputation

import (
	"context"

	"github.com/ideario/ideario/models/store"
)

// ReasonTotal is what one reason earned a person.
type ReasonTotal struct {
	Reason string
	Events int64
	Points int64
}

// Account is a person's points, explained by reason.
type Account struct {
	Points  int64
	Reasons []ReasonTotal // in the order of Reasons, only those that earned something
}

// AccountOf sums a person's ledger by reason, from its index alone.
func (s *Store) AccountOf(ctx context.Context, userID int64) (Account, error) {
	var rows []ReasonTotal
	err := s.DB.WithContext(ctx).Raw(`SELECT reason, COUNT(*) AS events, SUM(points) AS points
		FROM reputation_events WHERE user_id = ? GROUP BY reason`, userID).Scan(&rows).Error
	var a Account
	for _, reason := range Reasons {
		for _, r := range rows {
			if r.Reason == reason {
				a.Points += r.Points
				a.Reasons = append(a.Reasons, r)
			}
		}
	}
	return a, store.MapErr("reputation", err)
}

// LeaderboardSize is how many people a leaderboard shows.
const LeaderboardSize = 50

// Leader is one line of a leaderboard.
type Leader struct {
	Rank   int
	UserID int64
	Name   string
	Points int64
}

// The leaderboards sum the ledger per person from an index alone
// (reputation_events_person overall, reputation_events_challenge in a
// challenge), then leave out the people who asked to be left out.
const (
	leadersSQL = `SELECT t.user_id, u.name, t.points FROM
		(SELECT user_id, SUM(points) AS points FROM reputation_events GROUP BY user_id) t
		JOIN users u ON u.id = t.user_id
		WHERE u.hide_from_leaderboard = ? AND t.points > 0
		ORDER BY t.points DESC, t.user_id LIMIT ?`
	challengeLeadersSQL = `SELECT t.user_id, u.name, t.points FROM
		(SELECT user_id, SUM(points) AS points FROM reputation_events WHERE challenge_id = ? GROUP BY user_id) t
		JOIN users u ON u.id = t.user_id
		WHERE u.hide_from_leaderboard = ? AND t.points > 0
		ORDER BY t.points DESC, t.user_id LIMIT ?`
)

// Leaderboard is the top people by points, overall (challengeID 0) or
// for the events about ideas in one challenge. People with as many
// points share a rank.
func (s *Store) Leaderboard(ctx context.Context, challengeID int64) ([]Leader, error) {
	var rows []Leader
	db := s.DB.WithContext(ctx)
	var err error
	if challengeID == 0 {
		err = db.Raw(leadersSQL, false, LeaderboardSize).Scan(&rows).Error
	} else {
		err = db.Raw(challengeLeadersSQL, challengeID, false, LeaderboardSize).Scan(&rows).Error
	}
	for i := range rows {
		rows[i].Rank = i + 1
		if i > 0 && rows[i].Points == rows[i-1].Points {
			rows[i].Rank = rows[i-1].Rank
		}
	}
	return rows, store.MapErr("leaderboard", err)
}
