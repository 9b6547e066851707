package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
)

// Unavailable tells whether err means that the database cannot take
// writes for now: its disk is full, or it is read-only (a read-only file
// or mount, a standby server, a disk that failed). Nothing was written;
// the web layer answers 503 rather than 500, so that people and load
// balancers know to try again later.
func Unavailable(err error) bool {
	var lite sqlite3.Error
	if errors.As(err, &lite) {
		switch lite.Code {
		case sqlite3.ErrReadonly, sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrCantOpen:
			return true
		}
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "53100", // disk_full
			"25006", // read_only_sql_transaction (a standby, or default_transaction_read_only)
			"58030": // io_error
			return true
		}
	}
	return false
}
