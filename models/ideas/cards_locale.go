package ideas

import (
	"context"

	"github.com/ideario/ideario/models/challenges"
)

// LocalizeCards names each card's challenge in a language.
func (s *Store) LocalizeCards(ctx context.Context, locale string, cards []IdeaCard) error {
	texts, err := challenges.Of(s.Store).ChallengeTexts(ctx)
	if err != nil || len(texts) == 0 {
		return err
	}
	for i, card := range cards {
		if card.ChallengeID == nil {
			continue
		}
		if t := texts[*card.ChallengeID][locale]; t.Title != "" {
			cards[i].ChallengeTitle, cards[i].ChallengeLang = t.Title, locale
		}
	}
	return nil
}
