package challenges

import (
	"context"
	"maps"
	"slices"

	"github.com/ideario/ideario/markdown"
	"github.com/ideario/ideario/models/store"
	"gorm.io/gorm"
)

// ChallengeText is a challenge's title and description in a language
// other than the site's default; either may be left empty, and the
// default language's shows in its place.
type ChallengeText struct {
	ChallengeID     int64  `gorm:"primaryKey"`
	Lang            string `gorm:"primaryKey"`
	Title           string
	Description     string
	DescriptionHTML string
}

// TableName is the table of challenge texts.
func (ChallengeText) TableName() string { return "challenge_texts" }

// ChallengeTexts are every challenge's texts in other languages, by
// challenge and language; few enough to keep with the site's lists.
// Callers must not modify what it returns.
func (s *Store) ChallengeTexts(ctx context.Context) (map[int64]map[string]ChallengeText, error) {
	texts, err := store.SiteCached(s.SiteCache(), "challenge texts", func() (map[int64]map[string]ChallengeText, error) {
		var rows []ChallengeText
		if err := s.DB.WithContext(ctx).Find(&rows).Error; err != nil {
			return nil, err
		}
		out := map[int64]map[string]ChallengeText{}
		for _, r := range rows {
			if out[r.ChallengeID] == nil {
				out[r.ChallengeID] = map[string]ChallengeText{}
			}
			out[r.ChallengeID][r.Lang] = r
		}
		return out, nil
	})
	return texts, store.MapErr("challenge texts", err)
}

// In is the challenge as read in a language: its title and description
// in that language where they were given. Lang tells the language of the
// title: the locale when it was given in it, else "" (the site's default).
func (c Challenge) In(locale string, texts map[int64]map[string]ChallengeText) Challenge {
	t, ok := texts[c.ID][locale]
	if !ok {
		return c
	}
	if t.Title != "" {
		c.Title, c.Lang = t.Title, locale
	}
	if t.Description != "" {
		c.Description, c.DescriptionHTML, c.DescriptionLang = t.Description, t.DescriptionHTML, locale
	}
	return c
}

// LocalizeChallenges gives a copy of challenges as read in a language.
func (s *Store) LocalizeChallenges(ctx context.Context, locale string, chs []Challenge) ([]Challenge, error) {
	texts, err := s.ChallengeTexts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Challenge, len(chs))
	for i, c := range chs {
		out[i] = c.In(locale, texts)
	}
	return out, nil
}

// setChallengeTexts replaces a challenge's texts in other languages; a
// language whose title and description are both empty has none.
func setChallengeTexts(tx *gorm.DB, challengeID int64, texts map[string]ChallengeText) error {
	if err := tx.Where("challenge_id = ?", challengeID).Delete(&ChallengeText{}).Error; err != nil {
		return err
	}
	var rows []ChallengeText
	for _, lang := range slices.Sorted(maps.Keys(texts)) {
		t := texts[lang]
		if t.Title == "" && t.Description == "" {
			continue
		}
		rows = append(rows, ChallengeText{ChallengeID: challengeID, Lang: lang, Title: t.Title,
			Description: t.Description, DescriptionHTML: markdown.Render(t.Description)})
	}
	if len(rows) == 0 {
		return nil
	}
	return tx.Create(&rows).Error
}

// textsState is what the audit log keeps of a challenge's other
// languages: each one's title and description.
func textsState(texts map[string]ChallengeText) map[string]string {
	out := map[string]string{}
	for lang, t := range texts {
		if t.Title != "" || t.Description != "" {
			out[lang] = t.Title + "\n" + t.Description
		}
	}
	return out
}

// challengeTextsOf reads one challenge's texts in other languages.
func challengeTextsOf(tx *gorm.DB, challengeID int64) (map[string]ChallengeText, error) {
	var rows []ChallengeText
	if err := tx.Where("challenge_id = ?", challengeID).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]ChallengeText, len(rows))
	for _, r := range rows {
		out[r.Lang] = r
	}
	return out, nil
}

// SaveChallengeTexts replaces a challenge's texts in other languages, for
// loading a campaign (the demo); the admin's form goes through
// SaveChallenge, which audits it.
func (s *Store) SaveChallengeTexts(ctx context.Context, challengeID int64, texts map[string]ChallengeText) error {
	return store.MapErr("save challenge texts", s.Tx(ctx, store.Site, func(tx *gorm.DB) error {
		return setChallengeTexts(tx, challengeID, texts)
	}))
}
