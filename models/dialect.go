package models

// This file is the one place that holds SQL specific to one database engine.
// Everything else in the package is portable between SQLite and PostgreSQL.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"net/url"
	"runtime"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

type dialect interface {
	// ddl adapts a portable migration to the engine: {{id}} is an
	// auto-increment primary key, {{time}} a timestamp, {{bool}} a boolean.
	ddl(sql string) string
	// searchFilter narrows a query on ideas to those matching all the
	// words, or any of them.
	searchFilter(q *gorm.DB, words []string, all bool) *gorm.DB
	// afterMigrate runs engine-only DDL (full-text index and its triggers).
	afterMigrate(tx *gorm.DB) error
	// migrateLock keeps other processes from migrating the same schema at
	// the same time; it returns the function that lets them go on.
	migrateLock(ctx context.Context, db *gorm.DB) (unlock func(), err error)
	tunePool(db *sql.DB)
	// timeBucket is an expression giving the UTC day ('YYYY-MM-DD') of a
	// time column, or with week the Monday that starts its week, so that
	// reports group by it and compare it with dates made in Go.
	timeBucket(column string, week bool) string
	// tagList is an expression giving the names of an idea's tags in
	// name order, joined by tagSeparator, or NULL when it has none.
	tagList(ideaID string) string
}

// sqliteDSN sets the pragmas a web server needs on every connection:
//   - WAL lets readers run beside the one writer;
//   - busy_timeout makes a writer wait for the lock instead of failing;
//   - _txlock=immediate starts every transaction with the write lock, so a
//     read-then-write transaction waits at BEGIN (honouring the timeout)
//     instead of failing with SQLITE_BUSY when it upgrades;
//   - synchronous=NORMAL in WAL mode keeps every committed transaction across
//     a crash of the process (the WAL is in the OS's hands before COMMIT
//     returns); only a power cut can lose the last commits. Append
//     ?_synchronous=FULL to IDEARIO_DB to also survive that, at some speed.
func sqliteDSN(path string) string {
	params := url.Values{}
	if p, q, ok := strings.Cut(path, "?"); ok {
		path = p
		params, _ = url.ParseQuery(q)
	}
	defaults := map[string]string{
		"_journal_mode": "WAL",
		"_busy_timeout": "10000",
		"_foreign_keys": "on",
		"_synchronous":  "NORMAL",
		"_txlock":       "immediate",
		"_cache_size":   "-32000",
	}
	for k, v := range defaults {
		if params.Get(k) == "" {
			params.Set(k, v)
		}
	}
	return "file:" + path + "?" + params.Encode()
}

type sqliteDialect struct{}

func (sqliteDialect) ddl(s string) string {
	return strings.NewReplacer(
		"{{id}}", "INTEGER PRIMARY KEY AUTOINCREMENT",
		"{{time}}", "DATETIME",
		"{{bool}}", "BOOLEAN",
		"{{float}}", "REAL",
		"{{blob}}", "BLOB",
	).Replace(s)
}

// SQLite needs no lock of its own: _txlock=immediate already makes every
// migration step wait for the one writer.
func (sqliteDialect) migrateLock(context.Context, *gorm.DB) (func(), error) {
	return func() {}, nil
}

func (sqliteDialect) tunePool(db *sql.DB) {
	// One writer at a time is SQLite's rule; the busy timeout queues
	// writers, and the extra connections serve concurrent readers.
	db.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
	db.SetMaxIdleConns(max(4, 2*runtime.NumCPU()))
}

// The full-text index is an FTS4 table over the ideas' title and body, with
// accents folded, kept in step by triggers.
func (sqliteDialect) afterMigrate(tx *gorm.DB) error {
	stmts := []string{
		`CREATE VIRTUAL TABLE IF NOT EXISTS ideas_fts USING fts4(content="ideas", title, body, tokenize=unicode61 "remove_diacritics=2")`,
		`CREATE TRIGGER IF NOT EXISTS ideas_fts_bu BEFORE UPDATE OF title, body ON ideas BEGIN DELETE FROM ideas_fts WHERE docid = old.id; END`,
		`CREATE TRIGGER IF NOT EXISTS ideas_fts_bd BEFORE DELETE ON ideas BEGIN DELETE FROM ideas_fts WHERE docid = old.id; END`,
		`CREATE TRIGGER IF NOT EXISTS ideas_fts_au AFTER UPDATE OF title, body ON ideas BEGIN INSERT INTO ideas_fts(docid, title, body) VALUES (new.id, new.title, new.body); END`,
		`CREATE TRIGGER IF NOT EXISTS ideas_fts_ai AFTER INSERT ON ideas BEGIN INSERT INTO ideas_fts(docid, title, body) VALUES (new.id, new.title, new.body); END`,
	}
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return err
		}
	}
	return nil
}

func (sqliteDialect) searchFilter(q *gorm.DB, words []string, all bool) *gorm.DB {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = w + "*" // prefix match: "recycl" finds "recycled"
	}
	join := map[bool]string{true: " ", false: " OR "}[all]
	return q.Where("ideas.id IN (SELECT docid FROM ideas_fts WHERE ideas_fts MATCH ?)", strings.Join(terms, join))
}

// SQLite keeps times as text that its date functions read; %w is 0 on
// Sunday, so the shift back to Monday is (%w + 6) % 7 days.
func (sqliteDialect) timeBucket(column string, week bool) string {
	if week {
		return "date(" + column + ", '-' || ((CAST(strftime('%w', " + column + ") AS INTEGER) + 6) % 7) || ' days')"
	}
	return "date(" + column + ")"
}

type postgresDialect struct{}

// date_trunc's weeks start on Monday (ISO 8601), as SQLite's expression.
func (sqliteDialect) tagList(ideaID string) string {
	return `(SELECT group_concat(tags.name, char(31) ORDER BY tags.name) FROM idea_tags
		JOIN tags ON tags.id = idea_tags.tag_id WHERE idea_tags.idea_id = ` + ideaID + `)`
}

func (postgresDialect) tagList(ideaID string) string {
	return `(SELECT string_agg(tags.name, chr(31) ORDER BY tags.name) FROM idea_tags
		JOIN tags ON tags.id = idea_tags.tag_id WHERE idea_tags.idea_id = ` + ideaID + `)`
}

func (postgresDialect) timeBucket(column string, week bool) string {
	if week {
		return "to_char(date_trunc('week', " + column + " AT TIME ZONE 'UTC'), 'YYYY-MM-DD')"
	}
	return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
}

// postgresDialector connects through pgx and reads TIMESTAMPTZ values back
// in UTC, as the SQLite driver does, so that times compare and print the
// same on both engines whatever the server's or the machine's time zone.
func postgresDialector(dsn string) gorm.Dialector {
	utc := stdlib.OptionAfterConnect(func(_ context.Context, conn *pgx.Conn) error {
		conn.TypeMap().RegisterType(&pgtype.Type{
			Name: "timestamptz", OID: pgtype.TimestamptzOID,
			Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC},
		})
		return nil
	})
	return postgres.New(postgres.Config{DSN: dsn, OptionOpenDB: []stdlib.OptionOpenDB{utc}})
}

func (postgresDialect) ddl(s string) string {
	return strings.NewReplacer(
		"{{id}}", "BIGSERIAL PRIMARY KEY",
		"{{time}}", "TIMESTAMPTZ",
		"{{bool}}", "BOOLEAN",
		"{{float}}", "DOUBLE PRECISION",
		"{{blob}}", "BYTEA",
	).Replace(s)
}

func (postgresDialect) tunePool(db *sql.DB) {
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
}

// Every instance behind a load balancer migrates at start; an advisory lock
// on the schema's name lets one do the work while the others wait for it.
// The lock belongs to one connection, so that connection is held until the
// end.
func (postgresDialect) migrateLock(ctx context.Context, db *gorm.DB) (func(), error) {
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
		conn.Close()
		return nil, err
	}
	return func() {
		if _, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock("+key+")"); err != nil {
			// A connection that may still hold the lock must not go back
			// to the pool: closing it for good releases the lock.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, nil
}

// searchConfig is the text search configuration that the index and the
// queries share: 'simple' (no stemming, no stop words: ideas come in many
// languages), with accents folded by the unaccent extension where the
// server has it, as SQLite's index folds them.
const searchConfig = "ideario_search"

// The full-text index is a GIN index on the ideas' title and body. The
// first release indexed them with the plain 'simple' configuration under
// the name ideas_search; that index is replaced.
func (postgresDialect) afterMigrate(db *gorm.DB) error {
	stmts := []string{
		`DO $$ BEGIN
			IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '` + searchConfig + `'
					AND cfgnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())) THEN
				CREATE TEXT SEARCH CONFIGURATION ` + searchConfig + ` (COPY = pg_catalog.simple);
			END IF;
		END $$`,
		`DROP INDEX IF EXISTS ideas_search`,
		`CREATE INDEX IF NOT EXISTS ideas_fulltext ON ideas USING GIN (to_tsvector('` + searchConfig + `', title || ' ' || body))`,
	}
	for _, s := range stmts {
		if err := db.Exec(s).Error; err != nil {
			return err
		}
	}
	return foldAccents(db)
}

// foldAccents adds the unaccent dictionary to the search configuration
// when the server has the extension, and rebuilds the index that was made
// without it. Without the extension (or the right to install it), search
// works as before, only without folding accents.
func foldAccents(db *gorm.DB) error {
	var folded int64
	err := db.Raw(`SELECT COUNT(*) FROM pg_ts_config_map m
		JOIN pg_ts_config c ON c.oid = m.mapcfg
		JOIN pg_ts_dict d ON d.oid = m.mapdict
		WHERE c.cfgname = ? AND c.cfgnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
		AND d.dictname = 'unaccent'`, searchConfig).Scan(&folded).Error
	if err != nil || folded > 0 {
		return err
	}
	schema, err := unaccentSchema(db)
	if err != nil || schema == "" {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		err := tx.Exec(`ALTER TEXT SEARCH CONFIGURATION ` + searchConfig + `
			ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart
			WITH ` + quoteIdent(schema) + `.unaccent, simple`).Error
		if err != nil {
			return err
		}
		return tx.Exec(`REINDEX INDEX ideas_fulltext`).Error
	})
}

// unaccentSchema finds the schema of the unaccent extension, installing it
// if the server offers it. It goes into "public", where the schema of one
// application (tests make one each) cannot take it away when dropped.
func unaccentSchema(db *gorm.DB) (string, error) {
	const find = `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`
	var schemas []string
	if err := db.Raw(find).Scan(&schemas).Error; err != nil || len(schemas) > 0 {
		return first(schemas), err
	}
	var available int64
	if err := db.Raw(`SELECT COUNT(*) FROM pg_available_extensions WHERE name = 'unaccent'`).Scan(&available).Error; err != nil || available == 0 {
		return "", err
	}
	// Failing to install is not an error: search then keeps accents. The
	// lock keeps two processes from installing it at once.
	_ = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SELECT pg_advisory_xact_lock(hashtext('ideario unaccent'))`).Error; err != nil {
			return err
		}
		return tx.Exec(`DO $$ BEGIN
			IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
				CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
			ELSE
				CREATE EXTENSION IF NOT EXISTS unaccent;
			END IF;
		END $$`).Error
	})
	err := db.Raw(find).Scan(&schemas).Error
	return first(schemas), err
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func (postgresDialect) searchFilter(q *gorm.DB, words []string, all bool) *gorm.DB {
	terms := make([]string, len(words))
	for i, w := range words {
		// Quoted, each word is read as text, never as tsquery syntax;
		// words hold only letters and digits, so no quote can end early.
		terms[i] = "'" + w + "':*" // prefix match: "recycl" finds "recycled"
	}
	return q.Where("to_tsvector('"+searchConfig+"', ideas.title || ' ' || ideas.body) @@ to_tsquery('"+searchConfig+"', ?)",
		strings.Join(terms, map[bool]string{true: " & ", false: " | "}[all]))
}

// searchWords splits a query into lower-case words of letters and digits,
// so that nothing the visitor types is read as search syntax.
func searchWords(q string) []string {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) > 12 {
		words = words[:12]
	}
	return words
}
