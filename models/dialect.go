package models

// This file is the one place that holds SQL specific to one database engine.
// Everything else in the package is portable between SQLite and PostgreSQL.

import (
	"database/sql"
	"net/url"
	"runtime"
	"strings"
	"unicode"

	"gorm.io/gorm"
)

type dialect interface {
	// ddl adapts a portable migration to the engine: {{id}} is an
	// auto-increment primary key, {{time}} a timestamp, {{bool}} a boolean.
	ddl(sql string) string
	// searchFilter narrows a query on ideas to those matching the words.
	searchFilter(q *gorm.DB, words []string) *gorm.DB
	// afterMigrate runs engine-only DDL (full-text index and its triggers).
	afterMigrate(tx *gorm.DB) error
	tunePool(db *sql.DB)
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
	).Replace(s)
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

func (sqliteDialect) searchFilter(q *gorm.DB, words []string) *gorm.DB {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = w + "*" // prefix match: "recycl" finds "recycled"
	}
	return q.Where("ideas.id IN (SELECT docid FROM ideas_fts WHERE ideas_fts MATCH ?)", strings.Join(terms, " "))
}

type postgresDialect struct{}

func (postgresDialect) ddl(s string) string {
	return strings.NewReplacer(
		"{{id}}", "BIGSERIAL PRIMARY KEY",
		"{{time}}", "TIMESTAMPTZ",
		"{{bool}}", "BOOLEAN",
		"{{float}}", "DOUBLE PRECISION",
	).Replace(s)
}

func (postgresDialect) tunePool(db *sql.DB) {
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
}

func (postgresDialect) afterMigrate(tx *gorm.DB) error {
	return tx.Exec(`CREATE INDEX IF NOT EXISTS ideas_search ON ideas USING GIN (to_tsvector('simple', title || ' ' || body))`).Error
}

func (postgresDialect) searchFilter(q *gorm.DB, words []string) *gorm.DB {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = w + ":*"
	}
	return q.Where("to_tsvector('simple', ideas.title || ' ' || ideas.body) @@ to_tsquery('simple', ?)", strings.Join(terms, " & "))
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
