package store

import (
	"fmt"

	"github.com/ideario/ideario/models/slug"
	"gorm.io/gorm"
)

// backfillHandles gives each person who signed up before migration step
// 17 the handle their display name suggests, numbered when an earlier
// account has it already ("ana_silva", then "ana_silva_2"); a name
// without usable letters keeps the fallback user<id> the step gave. The
// handles given are kept in memory to number the next ones: on 170,000
// people that is a few megabytes, once.
func backfillHandles(tx *gorm.DB) error {
	type row struct {
		ID   int64
		Name string
	}
	taken := map[string]bool{}
	var after int64
	for {
		var rows []row
		err := tx.Table("users").Select("id, name").Where("id > ?", after).Order("id").Limit(backfillBatch).Scan(&rows).Error
		if err != nil {
			return fmt.Errorf("read users: %w", err)
		}
		for _, r := range rows {
			h := freeHandle(slug.Handle(r.Name), func(h string) bool { return taken[h] })
			if h == "" {
				continue
			}
			taken[h] = true
			if err := tx.Table("users").Where("id = ?", r.ID).UpdateColumn("handle", h).Error; err != nil {
				return fmt.Errorf("write handle of user %d: %w", r.ID, err)
			}
		}
		if len(rows) < backfillBatch {
			return nil
		}
		after = rows[len(rows)-1].ID
	}
}

// freeHandle is base, or the first numbered form of it (base_2, base_3,
// ...) that taken says is free; "" when base is "" (the name gave no
// handle: the caller keeps the fallback).
func freeHandle(base string, taken func(string) bool) string {
	if base == "" || !taken(base) {
		return base
	}
	for n := 2; ; n++ {
		if h := slug.NumberedHandle(base, n); !taken(h) {
			return h
		}
	}
}
