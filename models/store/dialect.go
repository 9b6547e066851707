package store

// This file is the one place that holds SQL specific to one database engine.
// Everything else in the package is portable between SQLite and PostgreSQL.

import (
	"context"
	"database/sql"
	"net/url"
	"runtime"
	"strings"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

type Dialect interface {
	// Ddl adapts a portable migration to the engine: {{id}} is an
	// auto-increment primary key, {{time}} a timestamp, {{bool}} a boolean.
	Ddl(sql string) string
	// SearchFilter narrows a query on ideas to those matching all the
	// words, or any of them (see SearchWords and package search).
	SearchFilter(q *gorm.DB, words []string, all bool) *gorm.DB
	// SearchHits turns a filtered query on ideas into one giving the
	// id and the relevance ("rank", higher for a better match) of the
	// newest ideas matching all the words, at most limit of them.
	SearchHits(filtered *gorm.DB, words []string, limit int) *gorm.DB
	// RankOf is the relevance of one idea for the words, as searchRanked
	// computes it, or ErrNotFound when it does not match them.
	RankOf(db *gorm.DB, words []string, id int64) (float64, error)
	// AfterMigrate runs engine-only DDL (full-text index and its triggers).
	AfterMigrate(tx *gorm.DB) error
	// MigrateLock keeps other processes from migrating the same schema at
	// the same time; it returns the function that lets them go on.
	MigrateLock(ctx context.Context, db *gorm.DB) (unlock func(), err error)
	TunePool(db *sql.DB)
	// TimeBucket is an expression giving the UTC day ('YYYY-MM-DD') of a
	// time column, or with week the Monday that starts its week, so that
	// reports group by it and compare it with dates made in Go.
	TimeBucket(column string, week bool) string
	// TagList is an expression giving the names of an idea's tags in
	// name order, joined by tagSeparator, or NULL when it has none.
	TagList(ideaID string) string
	// SkipLocked ends a SELECT that claims rows for one worker: rows that
	// another transaction holds are passed over rather than waited for.
	SkipLocked() string
	// BackupInto writes a consistent copy of the live database to a new
	// file, or says why the engine cannot.
	BackupInto(ctx context.Context, db *gorm.DB, path string) error
	// Integrity lists what the engine finds broken in the database file;
	// nil when it is sound (or the engine keeps no file of ours).
	Integrity(ctx context.Context, db *gorm.DB) ([]string, error)
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
		// 6 MB of pages per connection: with 4 connections, SQLite's
		// caches stay within the server's memory budget even when every
		// page is asked for in five languages, beside the page caches in
		// front of it (docs/benchmarks.md; 16 MB, then 8, in issue 14).
		"_cache_size": "-6000",
		// Each connection keeps its prepared statements: the same few
		// queries run on every request.
		"_stmt_cache_size": "64",
	}
	for k, v := range defaults {
		if params.Get(k) == "" {
			params.Set(k, v)
		}
	}
	return "file:" + path + "?" + params.Encode()
}

// sqliteDialect is embedded SQLite, the default.
type sqliteDialect struct{}

func (sqliteDialect) Ddl(s string) string {
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
func (sqliteDialect) MigrateLock(context.Context, *gorm.DB) (func(), error) {
	return func() {}, nil
}

func (sqliteDialect) TunePool(db *sql.DB) {
	// One writer at a time is SQLite's rule; the busy timeout queues
	// writers, and the extra connections serve concurrent readers.
	db.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
	db.SetMaxIdleConns(max(4, 2*runtime.NumCPU()))
}

// sqliteDriver is mattn/go-sqlite3 with the functions that search needs
// registered on every connection.
const sqliteDriver = "sqlite3_ideario"

func init() {
	sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{
		ConnectHook: func(conn *sqlite3.SQLiteConn) error {
			// Checkpoints run off the writers' path (see checkpointer); a
			// log grown under a burst of writes is cut back to 64 MB.
			if _, err := conn.Exec("PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864", nil); err != nil {
				return err
			}
			return conn.RegisterFunc("ideario_rank", bm25, true)
		},
	})
}

// sqliteDialector opens a SQLite database at path through sqliteDriver.
func sqliteDialector(path string) gorm.Dialector {
	return sqlite.New(sqlite.Config{DriverName: sqliteDriver, DSN: sqliteDSN(path)})
}

// The full-text index is an FTS4 table over the ideas' search text (see
// package search), kept in step by triggers. The text holds only folded
// words and stems separated by spaces, so the simple tokenizer reads back
// exactly the words that Go wrote. The first index, over the raw title and
// body, gives way to it, and so does the index made before the tags had a
// column (migration 9): an FTS4 table's columns cannot change, so it is
// made again and filled from the rows.
func (sqliteDialect) AfterMigrate(tx *gorm.DB) error {
	var index string
	if err := tx.Raw(`SELECT COALESCE(MAX(sql), '') FROM sqlite_master WHERE name = 'ideas_search'`).Scan(&index).Error; err != nil {
		return err
	}
	current := strings.Contains(index, "search_tags")
	stmts := []string{
		`DROP TRIGGER IF EXISTS ideas_fts_bu`, `DROP TRIGGER IF EXISTS ideas_fts_bd`,
		`DROP TRIGGER IF EXISTS ideas_fts_au`, `DROP TRIGGER IF EXISTS ideas_fts_ai`,
		`DROP TABLE IF EXISTS ideas_fts`,
	}
	if !current {
		stmts = append(stmts,
			`DROP TRIGGER IF EXISTS ideas_search_bu`, `DROP TRIGGER IF EXISTS ideas_search_bd`,
			`DROP TRIGGER IF EXISTS ideas_search_au`, `DROP TRIGGER IF EXISTS ideas_search_ai`,
			`DROP TABLE IF EXISTS ideas_search`)
	}
	stmts = append(stmts,
		`CREATE VIRTUAL TABLE IF NOT EXISTS ideas_search USING fts4(content="ideas", search_title, search_text, search_tags, tokenize=simple)`,
		`CREATE TRIGGER IF NOT EXISTS ideas_search_bu BEFORE UPDATE OF search_title, search_text, search_tags ON ideas BEGIN DELETE FROM ideas_search WHERE docid = old.id; END`,
		`CREATE TRIGGER IF NOT EXISTS ideas_search_bd BEFORE DELETE ON ideas BEGIN DELETE FROM ideas_search WHERE docid = old.id; END`,
		`CREATE TRIGGER IF NOT EXISTS ideas_search_au AFTER UPDATE OF search_title, search_text, search_tags ON ideas BEGIN
			INSERT INTO ideas_search(docid, search_title, search_text, search_tags) VALUES (new.id, new.search_title, new.search_text, new.search_tags); END`,
		`CREATE TRIGGER IF NOT EXISTS ideas_search_ai AFTER INSERT ON ideas BEGIN
			INSERT INTO ideas_search(docid, search_title, search_text, search_tags) VALUES (new.id, new.search_title, new.search_text, new.search_tags); END`,
	)
	if !current {
		// A new external-content index starts empty: fill it from the rows.
		stmts = append(stmts, `INSERT INTO ideas_search(ideas_search) VALUES ('rebuild')`)
	}
	return execAll(tx, stmts)
}

// execAll runs statements in one transaction, so that no process ever
// sees an index half made again.
func execAll(db *gorm.DB, stmts []string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		for _, s := range stmts {
			if err := tx.Exec(s).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// sqliteRank is the relevance of a match of ideas_search (see bm25), a
// title or tag word weighing three times a body word.
const sqliteRank = `ideario_rank(matchinfo(ideas_search, 'pcnaly'), 3.0, 1.0, 3.0)`

func (sqliteDialect) SearchFilter(q *gorm.DB, words []string, all bool) *gorm.DB {
	return q.Where("ideas.id IN (SELECT docid FROM ideas_search WHERE ideas_search MATCH ?)", ftsMatch(newSearchQuery(words), all))
}

// The matches come first, newest first, and CROSS JOIN keeps them first:
// SQLite reads the index's list of ideas backwards, looks each one up by
// id and stops at limit, where it could otherwise walk every idea.
func (sqliteDialect) SearchHits(filtered *gorm.DB, words []string, limit int) *gorm.DB {
	return filtered.Table("ideas_search CROSS JOIN ideas ON ideas.id = ideas_search.docid").
		Select("ideas.id AS id, "+sqliteRank+" AS rank").
		Where("ideas_search MATCH ?", ftsMatch(newSearchQuery(words), true)).
		Order("ideas_search.docid DESC").Limit(limit)
}

func (sqliteDialect) RankOf(db *gorm.DB, words []string, id int64) (float64, error) {
	var ranks []float64
	err := db.Raw("SELECT "+sqliteRank+" FROM ideas_search WHERE ideas_search MATCH ? AND docid = ?", ftsMatch(newSearchQuery(words), true), id).Scan(&ranks).Error
	return firstRank(ranks, err)
}

// SQLite keeps times as text that its date functions read; %w is 0 on
// Sunday, so the shift back to Monday is (%w + 6) % 7 days.
func (sqliteDialect) TimeBucket(column string, week bool) string {
	if week {
		return "date(" + column + ", '-' || ((CAST(strftime('%w', " + column + ") AS INTEGER) + 6) % 7) || ' days')"
	}
	return "date(" + column + ")"
}

func (sqliteDialect) TagList(ideaID string) string {
	return `(SELECT group_concat(tags.name, char(31) ORDER BY tags.name) FROM idea_tags
		JOIN tags ON tags.id = idea_tags.tag_id WHERE idea_tags.idea_id = ` + ideaID + `)`
}

// AfterBulkLoad runs after rows were inserted with ids of their own.
// SQLite's AUTOINCREMENT moves past such ids by itself; PostgreSQL's
// sequences do not, so each of sequenced is set past the highest id. Then
// VACUUM ANALYZE of filled: it moves the new entries of the search index
// out of the GIN index's pending list (which every search would otherwise
// read in full, until autovacuum came by), marks the pages all-visible for
// index-only scans, and gives the planner statistics of the new rows.
func AfterBulkLoad(d Dialect, db *gorm.DB, sequenced, filled []string) error {
	if _, ok := d.(postgresDialect); !ok {
		return nil
	}
	for _, t := range sequenced {
		err := db.Exec(`SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM `+t+`), false)`, t).Error
		if err != nil {
			return err
		}
	}
	return db.Exec(`VACUUM (ANALYZE) ` + strings.Join(filled, ", ")).Error
}

// SQLite has one writer at a time: a claiming transaction (BEGIN
// IMMEDIATE) already excludes every other, so there is nothing to skip.
func (sqliteDialect) SkipLocked() string { return "" }

func (postgresDialect) SkipLocked() string { return " FOR UPDATE SKIP LOCKED" }

// VACUUM INTO reads the database in one transaction, so the copy is a
// consistent snapshot while writers go on, compacted and with its own
// journal.
func (sqliteDialect) BackupInto(ctx context.Context, db *gorm.DB, path string) error {
	return db.WithContext(ctx).Exec("VACUUM INTO ?", path).Error
}

func (postgresDialect) BackupInto(context.Context, *gorm.DB, string) error {
	return ErrBackupPostgres
}

func (sqliteDialect) Integrity(ctx context.Context, db *gorm.DB) ([]string, error) {
	var lines []string
	if err := db.WithContext(ctx).Raw("PRAGMA integrity_check").Scan(&lines).Error; err != nil {
		return nil, err
	}
	if len(lines) == 1 && lines[0] == "ok" {
		return nil, nil
	}
	return lines, nil
}

func (postgresDialect) Integrity(context.Context, *gorm.DB) ([]string, error) { return nil, nil }
