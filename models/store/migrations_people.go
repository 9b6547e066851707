package store

import "slices"

// migrations are the schema's steps, oldest first; Migrate runs those a
// database has not had.
var migrations = slices.Concat(foundingMigrations, peopleMigrations)

// peopleMigrations are the steps that bring people back: notification
// mail, digests, mentions, reputation.
var peopleMigrations = []migration{
	// A notification knows the event it tells of (event_key: one per
	// person and event, whatever the kinds it could be told as), the
	// comment it points to, a detail (the new status, a badge), the words
	// it quotes (a comment's beginning, an official response's), how its
	// person chose to hear of its kind (delivery: app, now, daily,
	// weekly), and when it went out by mail or in a digest. Every signed-in
	// page counts a person's unread ones, from an index of those alone. Those
	// written before are in-app only. A person's choices per kind are
	// notification_prefs; people who had unticked "Email me" keep hearing
	// of everything in the app only. A digest row is written in the
	// transaction that queues the digest's mail: one per person and
	// period, whatever the number of instances or restarts.
	{16, "notification mail and digests", []string{
		`ALTER TABLE notifications ADD COLUMN comment_id BIGINT`,
		`ALTER TABLE notifications ADD COLUMN event_key VARCHAR(120) NOT NULL DEFAULT ''`,
		`ALTER TABLE notifications ADD COLUMN detail VARCHAR(200) NOT NULL DEFAULT ''`,
		`ALTER TABLE notifications ADD COLUMN quote VARCHAR(400) NOT NULL DEFAULT ''`,
		`ALTER TABLE notifications ADD COLUMN count INTEGER NOT NULL DEFAULT 1`,
		`ALTER TABLE notifications ADD COLUMN delivery VARCHAR(8) NOT NULL DEFAULT 'app'`,
		`ALTER TABLE notifications ADD COLUMN mailed_at {{time}}`,
		`UPDATE notifications SET event_key = 'before:' || id`,
		`CREATE UNIQUE INDEX notifications_event ON notifications (user_id, event_key)`,
		`CREATE INDEX notifications_unmailed ON notifications (delivery, created_at) WHERE mailed_at IS NULL AND delivery <> 'app'`,
		`CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL`,
		`CREATE TABLE notification_prefs (
			user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			kind VARCHAR(16) NOT NULL,
			delivery VARCHAR(8) NOT NULL,
			PRIMARY KEY (user_id, kind)
		)`,
		`INSERT INTO notification_prefs (user_id, kind, delivery)
			SELECT users.id, kinds.kind, 'app' FROM users,
			(SELECT 'reply' AS kind UNION ALL SELECT 'comment' UNION ALL SELECT 'status' UNION ALL SELECT 'response'
			 UNION ALL SELECT 'mention' UNION ALL SELECT 'merge' UNION ALL SELECT 'moderation' UNION ALL SELECT 'queue'
			 UNION ALL SELECT 'badge') kinds
			WHERE users.notify_email = FALSE`,
		`CREATE TABLE digests (
			user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			period VARCHAR(8) NOT NULL,
			period_start {{time}} NOT NULL,
			items INTEGER NOT NULL DEFAULT 0,
			sent_at {{time}} NOT NULL,
			PRIMARY KEY (user_id, period, period_start)
		)`,
		`CREATE TABLE challenge_follows (
			user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
			created_at {{time}} NOT NULL,
			PRIMARY KEY (user_id, challenge_id)
		)`,
		`CREATE INDEX challenge_follows_challenge ON challenge_follows (challenge_id)`,
	}},
	// Every person gets a handle, the name an @mention uses: first the
	// fallback user<id>, which nobody else may hold, so that the unique
	// index holds from the start; then backfillHandles gives each the
	// handle their display name suggests, where it has one.
	{17, "handles", []string{
		`ALTER TABLE users ADD COLUMN handle VARCHAR(30) NOT NULL DEFAULT ''`,
		`UPDATE users SET handle = 'user' || id`,
		`CREATE UNIQUE INDEX users_handle ON users (handle)`,
	}},
	// Reputation is a ledger: one row per reason a person earned points
	// (an idea published, a support received, an idea accepted or
	// implemented, a comment found helpful), each with a source key that
	// names the fact it stems from, so that a replay or a recount never
	// counts it twice. A person's total and the leaderboards are sums
	// over it, read from the indexes alone. Badges are won once per
	// person, badge and subject (an idea, a comment; 0 for the first
	// idea). A "helpful" mark is one per person and comment, counted on
	// the comment. hide_from_leaderboard keeps a person off the
	// leaderboards, not off their own profile.
	{18, "reputation ledger, badges and helpful comments", []string{
		`CREATE TABLE reputation_events (
			id {{id}},
			user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			reason VARCHAR(24) NOT NULL,
			points INTEGER NOT NULL,
			idea_id BIGINT REFERENCES ideas (id) ON DELETE CASCADE,
			comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
			challenge_id BIGINT,
			source_key VARCHAR(80) NOT NULL,
			created_at {{time}} NOT NULL
		)`,
		`CREATE UNIQUE INDEX reputation_events_source ON reputation_events (source_key)`,
		`CREATE INDEX reputation_events_person ON reputation_events (user_id, reason, points)`,
		`CREATE INDEX reputation_events_challenge ON reputation_events (challenge_id, user_id, points) WHERE challenge_id IS NOT NULL`,
		`CREATE INDEX reputation_events_idea ON reputation_events (idea_id)`,
		`CREATE INDEX reputation_events_comment ON reputation_events (comment_id) WHERE comment_id IS NOT NULL`,
		`CREATE TABLE badges (
			user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			badge VARCHAR(24) NOT NULL,
			subject_id BIGINT NOT NULL,
			idea_id BIGINT REFERENCES ideas (id) ON DELETE SET NULL,
			comment_id BIGINT REFERENCES comments (id) ON DELETE SET NULL,
			created_at {{time}} NOT NULL,
			PRIMARY KEY (user_id, badge, subject_id)
		)`,
		`CREATE TABLE comment_helpful (
			comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
			user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			created_at {{time}} NOT NULL,
			PRIMARY KEY (comment_id, user_id)
		)`,
		`CREATE INDEX comment_helpful_user ON comment_helpful (user_id)`,
		`ALTER TABLE comments ADD COLUMN helpful_count INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE users ADD COLUMN hide_from_leaderboard {{bool}} NOT NULL DEFAULT FALSE`,
	}},
}
