package store

// migration is one step of the schema's history. Steps are never edited
// once released: a change to the schema is a new step at the end.
type migration struct {
	version int
	name    string
	sql     []string
}

// foundingMigrations are the schema's first steps, oldest first; the
// later ones follow in their own files, and migrations lists them all.
var foundingMigrations = []migration{
	{1, "core tables", []string{
		`CREATE TABLE users (
			id {{id}},
			name VARCHAR(80) NOT NULL,
			email VARCHAR(254) NOT NULL,
			password_hash VARCHAR(255) NOT NULL,
			country VARCHAR(2) NOT NULL DEFAULT '',
			locale VARCHAR(8) NOT NULL DEFAULT 'en',
			role VARCHAR(16) NOT NULL DEFAULT 'contributor',
			verified_at {{time}},
			suspended_until {{time}},
			suspend_reason VARCHAR(500) NOT NULL DEFAULT '',
			notify_email {{bool}} NOT NULL DEFAULT TRUE,
			created_at {{time}} NOT NULL,
			updated_at {{time}} NOT NULL
		)`,
		`CREATE UNIQUE INDEX users_email ON users (email)`,
		`CREATE INDEX users_country ON users (country)`,
		`CREATE TABLE categories (
			id {{id}},
			slug VARCHAR(64) NOT NULL,
			name VARCHAR(80) NOT NULL,
			description TEXT NOT NULL DEFAULT '',
			position INTEGER NOT NULL DEFAULT 0,
			created_at {{time}} NOT NULL
		)`,
		`CREATE UNIQUE INDEX categories_slug ON categories (slug)`,
		`CREATE TABLE challenges (
			id {{id}},
			slug VARCHAR(80) NOT NULL,
			title VARCHAR(200) NOT NULL,
			description TEXT NOT NULL DEFAULT '',
			description_html TEXT NOT NULL DEFAULT '',
			cover_url VARCHAR(500) NOT NULL DEFAULT '',
			phase VARCHAR(16) NOT NULL DEFAULT 'draft',
			ideation_at {{time}},
			voting_at {{time}},
			review_at {{time}},
			results_at {{time}},
			vote_budget INTEGER NOT NULL DEFAULT 0,
			idea_count INTEGER NOT NULL DEFAULT 0,
			created_at {{time}} NOT NULL,
			updated_at {{time}} NOT NULL
		)`,
		`CREATE UNIQUE INDEX challenges_slug ON challenges (slug)`,
		`CREATE TABLE challenge_categories (
			challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
			category_id BIGINT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
			PRIMARY KEY (challenge_id, category_id)
		)`,
		`CREATE TABLE ideas (
			id {{id}},
			title VARCHAR(140) NOT NULL,
			slug VARCHAR(80) NOT NULL DEFAULT '',
			body TEXT NOT NULL,
			body_html TEXT NOT NULL,
			excerpt VARCHAR(300) NOT NULL DEFAULT '',
			author_id BIGINT NOT NULL REFERENCES users (id),
			challenge_id BIGINT REFERENCES challenges (id),
			category_id BIGINT REFERENCES categories (id),
			status VARCHAR(16) NOT NULL DEFAULT 'new',
			response TEXT NOT NULL DEFAULT '',
			response_html TEXT NOT NULL DEFAULT '',
			vote_count INTEGER NOT NULL DEFAULT 0,
			comment_count INTEGER NOT NULL DEFAULT 0,
			follower_count INTEGER NOT NULL DEFAULT 0,
			hot {{float}} NOT NULL DEFAULT 0,
			hidden {{bool}} NOT NULL DEFAULT FALSE,
			hidden_reason VARCHAR(500) NOT NULL DEFAULT '',
			merged_into_id BIGINT REFERENCES ideas (id),
			created_at {{time}} NOT NULL,
			updated_at {{time}} NOT NULL,
			status_changed_at {{time}}
		)`,
		// Every list sort, alone and under each filter, is an index scan.
		`CREATE INDEX ideas_hot ON ideas (hidden, hot, id)`,
		`CREATE INDEX ideas_top ON ideas (hidden, vote_count, id)`,
		`CREATE INDEX ideas_new ON ideas (hidden, created_at, id)`,
		`CREATE INDEX ideas_discussed ON ideas (hidden, comment_count, id)`,
		`CREATE INDEX ideas_challenge_hot ON ideas (challenge_id, hidden, hot, id)`,
		`CREATE INDEX ideas_challenge_top ON ideas (challenge_id, hidden, vote_count, id)`,
		`CREATE INDEX ideas_challenge_new ON ideas (challenge_id, hidden, created_at, id)`,
		`CREATE INDEX ideas_challenge_discussed ON ideas (challenge_id, hidden, comment_count, id)`,
		`CREATE INDEX ideas_category_hot ON ideas (category_id, hidden, hot, id)`,
		`CREATE INDEX ideas_category_top ON ideas (category_id, hidden, vote_count, id)`,
		`CREATE INDEX ideas_category_new ON ideas (category_id, hidden, created_at, id)`,
		`CREATE INDEX ideas_category_discussed ON ideas (category_id, hidden, comment_count, id)`,
		`CREATE INDEX ideas_status_hot ON ideas (status, hidden, hot, id)`,
		`CREATE INDEX ideas_status_top ON ideas (status, hidden, vote_count, id)`,
		`CREATE INDEX ideas_status_new ON ideas (status, hidden, created_at, id)`,
		`CREATE INDEX ideas_status_discussed ON ideas (status, hidden, comment_count, id)`,
		`CREATE INDEX ideas_author ON ideas (author_id, created_at)`,
		`CREATE TABLE tags (
			id {{id}},
			slug VARCHAR(40) NOT NULL,
			name VARCHAR(40) NOT NULL,
			idea_count INTEGER NOT NULL DEFAULT 0
		)`,
		`CREATE UNIQUE INDEX tags_slug ON tags (slug)`,
		`CREATE TABLE idea_tags (
			idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
			tag_id BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
			PRIMARY KEY (idea_id, tag_id)
		)`,
		`CREATE INDEX idea_tags_tag ON idea_tags (tag_id, idea_id)`,
		`CREATE TABLE votes (
			user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
			challenge_id BIGINT,
			created_at {{time}} NOT NULL,
			PRIMARY KEY (user_id, idea_id)
		)`,
		`CREATE INDEX votes_idea ON votes (idea_id, created_at)`,
		`CREATE INDEX votes_budget ON votes (user_id, challenge_id)`,
		`CREATE TABLE comments (
			id {{id}},
			idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
			author_id BIGINT NOT NULL REFERENCES users (id),
			parent_id BIGINT REFERENCES comments (id),
			body TEXT NOT NULL,
			body_html TEXT NOT NULL,
			hidden {{bool}} NOT NULL DEFAULT FALSE,
			hidden_reason VARCHAR(500) NOT NULL DEFAULT '',
			deleted {{bool}} NOT NULL DEFAULT FALSE,
			created_at {{time}} NOT NULL,
			updated_at {{time}} NOT NULL,
			edited_at {{time}}
		)`,
		`CREATE INDEX comments_idea ON comments (idea_id, created_at, id)`,
		`CREATE INDEX comments_author ON comments (author_id, created_at)`,
		`CREATE TABLE follows (
			user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
			created_at {{time}} NOT NULL,
			PRIMARY KEY (user_id, idea_id)
		)`,
		`CREATE INDEX follows_idea ON follows (idea_id)`,
		`CREATE TABLE settings (
			name VARCHAR(64) PRIMARY KEY,
			value TEXT NOT NULL
		)`,
		`CREATE TABLE tokens (
			id {{id}},
			user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			purpose VARCHAR(16) NOT NULL,
			hash VARCHAR(64) NOT NULL,
			expires_at {{time}} NOT NULL,
			used_at {{time}},
			created_at {{time}} NOT NULL
		)`,
		`CREATE UNIQUE INDEX tokens_hash ON tokens (hash)`,
		`CREATE TABLE notifications (
			id {{id}},
			user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			idea_id BIGINT REFERENCES ideas (id) ON DELETE CASCADE,
			kind VARCHAR(32) NOT NULL,
			actor_name VARCHAR(80) NOT NULL DEFAULT '',
			text VARCHAR(500) NOT NULL,
			read_at {{time}},
			created_at {{time}} NOT NULL
		)`,
		`CREATE INDEX notifications_user ON notifications (user_id, created_at)`,
	}},
	{2, "idea edit time", []string{
		`ALTER TABLE ideas ADD COLUMN edited_at {{time}}`,
	}},
	{3, "session versions", []string{
		`ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 1`,
	}},
	{4, "moderation", []string{
		// A pending idea (pre-moderation) is also hidden, so that every
		// list index that skips hidden ideas skips it too.
		`ALTER TABLE ideas ADD COLUMN pending {{bool}} NOT NULL DEFAULT FALSE`,
		`CREATE INDEX ideas_pending ON ideas (pending, created_at)`,
		`CREATE INDEX ideas_unanswered ON ideas (status, created_at)`,
		`ALTER TABLE challenges ADD COLUMN premoderate {{bool}} NOT NULL DEFAULT FALSE`,
		`CREATE TABLE flags (
			id {{id}},
			user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			target_type VARCHAR(16) NOT NULL,
			target_id BIGINT NOT NULL,
			reason VARCHAR(16) NOT NULL,
			note VARCHAR(500) NOT NULL DEFAULT '',
			created_at {{time}} NOT NULL,
			resolved_at {{time}},
			resolved_by BIGINT REFERENCES users (id),
			resolution VARCHAR(16) NOT NULL DEFAULT ''
		)`,
		`CREATE UNIQUE INDEX flags_once ON flags (user_id, target_type, target_id)`,
		`CREATE INDEX flags_open ON flags (resolved_at, created_at)`,
		`CREATE INDEX flags_target ON flags (target_type, target_id)`,
		`CREATE TABLE audit_entries (
			id {{id}},
			actor_id BIGINT REFERENCES users (id),
			action VARCHAR(40) NOT NULL,
			target_type VARCHAR(16) NOT NULL,
			target_id BIGINT NOT NULL DEFAULT 0,
			reason VARCHAR(1000) NOT NULL DEFAULT '',
			before_state TEXT NOT NULL DEFAULT '',
			after_state TEXT NOT NULL DEFAULT '',
			created_at {{time}} NOT NULL
		)`,
		`CREATE INDEX audit_time ON audit_entries (created_at, id)`,
		`CREATE INDEX audit_actor ON audit_entries (actor_id, created_at)`,
		`CREATE INDEX audit_action ON audit_entries (action, created_at)`,
		`CREATE INDEX audit_target ON audit_entries (target_type, target_id, created_at)`,
		`CREATE TABLE status_changes (
			id {{id}},
			idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
			actor_id BIGINT REFERENCES users (id),
			from_status VARCHAR(16) NOT NULL,
			to_status VARCHAR(16) NOT NULL,
			response TEXT NOT NULL DEFAULT '',
			created_at {{time}} NOT NULL
		)`,
		`CREATE INDEX status_changes_idea ON status_changes (idea_id, created_at)`,
		`CREATE TABLE images (
			id {{id}},
			owner_id BIGINT REFERENCES users (id),
			content_type VARCHAR(32) NOT NULL,
			width INTEGER NOT NULL,
			height INTEGER NOT NULL,
			data {{blob}} NOT NULL,
			thumb {{blob}} NOT NULL,
			created_at {{time}} NOT NULL
		)`,
		`ALTER TABLE challenges ADD COLUMN cover_image_id BIGINT REFERENCES images (id)`,
		`ALTER TABLE users ADD COLUMN suspended_by BIGINT REFERENCES users (id)`,
	}},
	{5, "reports: visitors and API tokens", []string{
		// One row per visitor and day: a hash of the address and browser
		// with a salt that is thrown away when the day ends, so nobody can
		// be followed from one day to the next.
		`CREATE TABLE visitor_days (
			day VARCHAR(10) NOT NULL,
			visitor VARCHAR(64) NOT NULL,
			PRIMARY KEY (day, visitor)
		)`,
		`CREATE TABLE visitor_salts (
			day VARCHAR(10) PRIMARY KEY,
			salt VARCHAR(64) NOT NULL
		)`,
		`CREATE TABLE api_tokens (
			id {{id}},
			user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			name VARCHAR(80) NOT NULL,
			hash VARCHAR(64) NOT NULL,
			created_at {{time}} NOT NULL,
			last_used_at {{time}},
			revoked_at {{time}}
		)`,
		`CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (hash)`,
		`CREATE INDEX api_tokens_user ON api_tokens (user_id)`,
		`CREATE INDEX ideas_created ON ideas (created_at)`,
		`CREATE INDEX votes_created ON votes (created_at)`,
		`CREATE INDEX comments_created ON comments (created_at)`,
		`CREATE INDEX users_created ON users (created_at)`,
	}},
	// Reports and search read texts as plain text; turning Markdown into
	// plain text for every row of a 100,000-idea report took most of its
	// time, so it is done once, when a text is saved (backfillPlainText
	// fills the rows written before).
	{6, "plain-text copies of ideas and comments", []string{
		`ALTER TABLE ideas ADD COLUMN body_text TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE ideas ADD COLUMN response_text TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE comments ADD COLUMN body_text TEXT NOT NULL DEFAULT ''`,
	}},
	// Search folds accents and finds word forms the same way on both
	// engines because Go writes the words to index (package search);
	// backfillSearchText fills the rows written before.
	{7, "search text", []string{
		`ALTER TABLE ideas ADD COLUMN search_title TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE ideas ADD COLUMN search_text TEXT NOT NULL DEFAULT ''`,
	}},
	// Mail waits in the database until a worker of any instance sends it
	// (mail.Outbox): no request waits for the mail server, no restart
	// loses a message.
	{8, "mail outbox", []string{
		`CREATE TABLE mail_outbox (
			id {{id}},
			recipient VARCHAR(254) NOT NULL,
			subject VARCHAR(300) NOT NULL,
			body TEXT NOT NULL,
			created_at {{time}} NOT NULL,
			attempts INTEGER NOT NULL DEFAULT 0,
			next_attempt_at {{time}} NOT NULL,
			claimed_until {{time}},
			sent_at {{time}},
			failed_at {{time}},
			last_error TEXT NOT NULL DEFAULT ''
		)`,
		`CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL`,
	}},
	// Search finds an idea by its tags' words too: Go writes them beside
	// the title's and the body's (RefreshSearchTags), the full-text index
	// takes them in (AfterMigrate), and backfillSearchTags fills the rows
	// tagged before.
	{9, "tags in search text", []string{
		`ALTER TABLE ideas ADD COLUMN search_tags TEXT NOT NULL DEFAULT ''`,
	}},
	// Rate limits are counted in the database, so that every instance
	// sees the same counts (models.Limit). Times are Unix milliseconds.
	{10, "rate limits", []string{
		`CREATE TABLE rate_limits (
			bucket VARCHAR(32) NOT NULL,
			subject VARCHAR(64) NOT NULL,
			window_start BIGINT NOT NULL,
			hits INTEGER NOT NULL DEFAULT 0,
			strikes INTEGER NOT NULL DEFAULT 0,
			blocked_until BIGINT,
			updated_at BIGINT NOT NULL,
			PRIMARY KEY (bucket, subject)
		)`,
		`CREATE INDEX rate_limits_updated ON rate_limits (updated_at)`,
	}},
	// An idea shows up to IdeaImagesMax pictures, in the order they were
	// added; who may see one is who may see its idea (ImageFileFor).
	{11, "idea images", []string{
		`CREATE TABLE idea_images (
			idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
			image_id BIGINT NOT NULL REFERENCES images (id),
			position INTEGER NOT NULL DEFAULT 0,
			PRIMARY KEY (idea_id, image_id)
		)`,
		`CREATE INDEX idea_images_image ON idea_images (image_id)`,
	}},
	// An idea and a comment carry the language they were written in (a
	// locale such as "pt-BR"; empty for those written before, which are
	// stemmed in every language).
	{12, "languages of ideas and comments", []string{
		`ALTER TABLE ideas ADD COLUMN lang VARCHAR(16) NOT NULL DEFAULT ''`,
		`ALTER TABLE comments ADD COLUMN lang VARCHAR(16) NOT NULL DEFAULT ''`,
		`CREATE INDEX ideas_lang ON ideas (lang, created_at)`,
	}},
	// A challenge's title and description in other languages than the
	// site's default.
	{13, "challenge texts in other languages", []string{
		`CREATE TABLE challenge_texts (
			challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
			lang VARCHAR(16) NOT NULL,
			title VARCHAR(200) NOT NULL DEFAULT '',
			description TEXT NOT NULL DEFAULT '',
			description_html TEXT NOT NULL DEFAULT '',
			PRIMARY KEY (challenge_id, lang)
		)`,
	}},
	// A comment knows its thread: the comment at the top of the chain of
	// replies it belongs to (itself for a comment that answers nobody),
	// so that a page of a discussion reads a few threads, not them all.
	// Existing comments get theirs from a walk down the replies.
	{14, "comment threads", []string{
		`ALTER TABLE comments ADD COLUMN thread_id BIGINT NOT NULL DEFAULT 0`,
		`CREATE TABLE comment_threads AS
			WITH RECURSIVE walk (id, thread_id) AS (
				SELECT id, id FROM comments WHERE parent_id IS NULL
				UNION ALL SELECT c.id, walk.thread_id FROM comments c JOIN walk ON c.parent_id = walk.id
			) SELECT id, thread_id FROM walk`,
		`CREATE UNIQUE INDEX comment_threads_id ON comment_threads (id)`,
		`UPDATE comments SET thread_id = (SELECT t.thread_id FROM comment_threads t WHERE t.id = comments.id)
			WHERE EXISTS (SELECT 1 FROM comment_threads t WHERE t.id = comments.id)`,
		`DROP TABLE comment_threads`,
		`CREATE INDEX comments_thread ON comments (idea_id, thread_id, deleted, hidden)`,
	}},
	// Mail in the outbox may have an HTML part beside its text, and header
	// fields of its own (a one-click unsubscribe), as JSON.
	{15, "mail parts and headers", []string{
		`ALTER TABLE mail_outbox ADD COLUMN html_body TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE mail_outbox ADD COLUMN headers TEXT NOT NULL DEFAULT ''`,
	}},
}
