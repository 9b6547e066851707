package store

import (
	"fmt"

	"github.com/ideario/ideario/markdown"
	"gorm.io/gorm"
)

// backfillBatch is how many rows backfillPlainText reads at a time.
const backfillBatch = 1000

// backfillPlainText fills the plain-text copies of the ideas and comments
// written before migration step 6, a batch of rows at a time by id, so that
// memory stays flat on a large database.
func backfillPlainText(tx *gorm.DB) error {
	if err := backfillTexts(tx, "ideas", "body", "body_text"); err != nil {
		return err
	}
	if err := backfillTexts(tx, "ideas", "response", "response_text"); err != nil {
		return err
	}
	return backfillTexts(tx, "comments", "body", "body_text")
}

// backfillTexts writes the plain text of each row's column from into its
// column to, for the rows of table where from is not empty.
func backfillTexts(tx *gorm.DB, table, from, to string) error {
	type row struct {
		ID   int64
		Text string
	}
	var after int64
	for {
		var rows []row
		err := tx.Table(table).Select("id, "+from+" AS text").
			Where("id > ? AND "+from+" <> ''", after).Order("id").Limit(backfillBatch).Scan(&rows).Error
		if err != nil {
			return fmt.Errorf("read %s.%s: %w", table, from, err)
		}
		for _, r := range rows {
			err := tx.Table(table).Where("id = ?", r.ID).UpdateColumn(to, markdown.PlainText(r.Text)).Error
			if err != nil {
				return fmt.Errorf("write %s.%s: %w", table, to, err)
			}
		}
		if len(rows) < backfillBatch {
			return nil
		}
		after = rows[len(rows)-1].ID
	}
}
