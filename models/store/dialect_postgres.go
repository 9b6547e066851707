package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// postgresDialect is PostgreSQL, for several instances of the site.
type postgresDialect struct{}

func (postgresDialect) TagList(ideaID string) string {
	return `(SELECT string_agg(tags.name, chr(31) ORDER BY tags.name) FROM idea_tags
		JOIN tags ON tags.id = idea_tags.tag_id WHERE idea_tags.idea_id = ` + ideaID + `)`
}

// date_trunc's weeks start on Monday (ISO 8601), as SQLite's expression.
func (postgresDialect) TimeBucket(column string, week bool) string {
	if week {
		return "to_char(date_trunc('week', " + column + " AT TIME ZONE 'UTC'), 'YYYY-MM-DD')"
	}
	return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
}

// postgresDialector connects through pgx and reads TIMESTAMPTZ values back
// in UTC, as the SQLite driver does, so that times compare and print the
// same on both engines whatever the server's or the machine's time zone.
//
// Every statement is planned for its values (plan_cache_mode): pgx
// prepares statements, and after five runs PostgreSQL may reuse a plan
// made without the values; for a search, that plan walked every idea for
// a rare word (260 ms instead of 4 on 100,000 ideas) or read every match
// of a common one (585 ms instead of 20).
func postgresDialector(dsn string) gorm.Dialector {
	utc := stdlib.OptionAfterConnect(func(ctx context.Context, conn *pgx.Conn) error {
		conn.TypeMap().RegisterType(&pgtype.Type{
			Name: "timestamptz", OID: pgtype.TimestamptzOID,
			Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC},
		})
		_, err := conn.Exec(ctx, "SET plan_cache_mode = force_custom_plan")
		return err
	})
	return postgres.New(postgres.Config{DSN: dsn, OptionOpenDB: []stdlib.OptionOpenDB{utc}})
}

func (postgresDialect) Ddl(s string) string {
	return strings.NewReplacer(
		"{{id}}", "BIGSERIAL PRIMARY KEY",
		"{{time}}", "TIMESTAMPTZ",
		"{{bool}}", "BOOLEAN",
		"{{float}}", "DOUBLE PRECISION",
		"{{blob}}", "BYTEA",
	).Replace(s)
}

func (postgresDialect) TunePool(db *sql.DB) {
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
}

// Every instance behind a load balancer migrates at start; an advisory lock
// on the schema's name lets one do the work while the others wait for it.
// The lock belongs to one connection, so that connection is held until the
// end.
func (postgresDialect) MigrateLock(ctx context.Context, db *gorm.DB) (func(), error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	const key = "hashtext('ideario migrate ' || COALESCE(current_schema(), ''))"
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock("+key+")"); err != nil {
		_ = conn.Close() // the lock's error is the one to report
		return nil, err
	}
	return func() {
		if _, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock("+key+")"); err != nil {
			// A connection that may still hold the lock must not go back
			// to the pool: closing it for good releases the lock.
			// Raw hands back ErrBadConn, the error that marks it so.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		// Back to the pool, or dropped if marked bad; the migration is
		// done either way and has nothing to do with a failure here.
		_ = conn.Close()
	}, nil
}

// The full-text index is a GIN index on a stored tsvector of the ideas'
// search text (see package search), the title and the tags weighted A and
// the body B. The 'simple' configuration only splits and lower-cases:
// folding accents and stemming happened in Go, the same as for SQLite. The
// first indexes, on expressions over the raw title and body, give way to
// it, and so does the tsvector made before the tags had a column
// (migration 9): a generated column's expression cannot change before
// PostgreSQL 17, so it is made again.
//
// The tsvector stays in the row (storage MAIN: compressed, moved out only
// when the row would not fit in a page). A search for a common word walks
// the ideas newest first and tests each one's tsvector; stored apart, in
// the TOAST table, each test cost three more page reads, and a search on
// 10,000 synthetic ideas took 80 ms instead of 28.
func (postgresDialect) AfterMigrate(db *gorm.DB) error {
	var expr string
	err := db.Raw(`SELECT COALESCE(MAX(generation_expression), '') FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'ideas' AND column_name = 'search_vector'`).Scan(&expr).Error
	if err != nil {
		return err
	}
	var stmts []string
	if expr != "" && !strings.Contains(expr, "search_tags") {
		// With its index. The table is locked until the new column and
		// index are made, which takes a while on a large table.
		stmts = append(stmts, `ALTER TABLE ideas DROP COLUMN search_vector`)
	}
	stmts = append(stmts,
		`DROP INDEX IF EXISTS ideas_search`,
		`DROP INDEX IF EXISTS ideas_fulltext`,
		`ALTER TABLE ideas ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
			setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_text), 'B') ||
			setweight(to_tsvector('simple', search_tags), 'A')) STORED,
			ALTER COLUMN search_vector SET STORAGE MAIN`,
		`CREATE INDEX IF NOT EXISTS ideas_search_vector ON ideas USING GIN (search_vector)`,
	)
	return execAll(db, stmts)
}

// postgresRank is the relevance of an idea for search_query: cover
// density, a title or tag word (A) weighing 2.5 times a body word (B),
// divided by 1 + the log of the text's length so that long texts do not
// win by size.
const postgresRank = `ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', ideas.search_vector, search_query, 1)`

func (postgresDialect) SearchFilter(q *gorm.DB, words []string, all bool) *gorm.DB {
	return q.Where("ideas.search_vector @@ to_tsquery('simple', ?)", tsQuery(newSearchQuery(words), all))
}

// With a limit and the newest first, the planner either walks the ideas
// backwards by id, testing each, when the words are common, or reads the
// GIN index, when they are rare: its statistics of the words tell which.
func (postgresDialect) SearchHits(filtered *gorm.DB, words []string, limit int) *gorm.DB {
	return filtered.Table("ideas CROSS JOIN to_tsquery('simple', ?) AS search_query", tsQuery(newSearchQuery(words), true)).
		Select("ideas.id AS id, " + postgresRank + " AS rank").
		Where("ideas.search_vector @@ search_query").
		Order("ideas.id DESC").Limit(limit)
}

func (postgresDialect) RankOf(db *gorm.DB, words []string, id int64) (float64, error) {
	var ranks []float64
	err := db.Raw("SELECT "+postgresRank+" FROM ideas CROSS JOIN to_tsquery('simple', ?) AS search_query WHERE ideas.id = ? AND ideas.search_vector @@ search_query",
		tsQuery(newSearchQuery(words), true), id).Scan(&ranks).Error
	return firstRank(ranks, err)
}

// ---- Bulk loading (models/bulk.go) ----
